// @ts-nocheck
// 2: results of PRAGMA quick_check, so a process started soon after a passing check trusts it
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  CREATE TABLE integrity_checks (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT NOT NULL,
    ms INTEGER NOT NULL
  );
  `;
