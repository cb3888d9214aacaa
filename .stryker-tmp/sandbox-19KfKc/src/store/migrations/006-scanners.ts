// @ts-nocheck
// 6: barcode scanners as configured (USB serial, HID POS, the keyboard wedge's prefix and suffix),
// and the scans that could not be used, kept here (not in a log file: they may hold personal data)
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  CREATE TABLE scanners (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('serial','hid','wedge')),
    target TEXT NOT NULL DEFAULT '',  -- serial: device path; hid: vid:pid[:serial]; wedge: ''
    options TEXT NOT NULL DEFAULT '{}', -- JSON: baudRate, idleMs, prefix, suffix
    added_at INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE scan_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    source TEXT NOT NULL,             -- scanner name, or 'wedge'
    kind TEXT NOT NULL,               -- unknown, encoding, citizenInvalid
    raw TEXT NOT NULL                 -- as scanned, cut at 4096 characters
  );
  `;
