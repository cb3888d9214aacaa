// @ts-nocheck
// 3: citizens, stored once by ID number; later scans update name or address, the old values kept
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  CREATE TABLE citizens (
    id TEXT PRIMARY KEY,              -- the 12-digit number
    old_id TEXT,
    full_name TEXT NOT NULL,
    name_folded TEXT NOT NULL,        -- NFD, no marks, đ -> d, lower case: for search
    dob TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    address TEXT NOT NULL,
    issue_date TEXT,
    extra TEXT NOT NULL DEFAULT '[]', -- JSON: fields of the card after the seventh
    raw TEXT,                         -- the last scanned QR text
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX citizens_name ON citizens (name_folded);
  CREATE TABLE citizen_history (
    id INTEGER PRIMARY KEY,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    at INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    operator TEXT
  );
  CREATE INDEX citizen_history_citizen ON citizen_history (citizen_id, id);
  `;
