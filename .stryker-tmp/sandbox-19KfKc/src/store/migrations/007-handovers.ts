// @ts-nocheck
// 7: handovers to the commune's one-stop office: one row per bundle exported (src/app/handover.ts)
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  CREATE TABLE handovers (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,        -- the manifest's id
    at INTEGER NOT NULL,
    trip_id INTEGER NOT NULL REFERENCES trips (id),
    to_office TEXT NOT NULL,
    handed_by TEXT NOT NULL,
    dossiers INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,    -- of manifest.json as signed
    key_fingerprint TEXT NOT NULL     -- SHA-256 of the vehicle's public key (DER)
  );
  CREATE INDEX handovers_trip ON handovers (trip_id);
  `;
