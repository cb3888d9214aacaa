// @ts-nocheck
// 4: dossiers with their append-only events, the daily code sequence, help given without a
// dossier and satisfaction ratings
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  CREATE TABLE dossier_sequences (
    agency TEXT NOT NULL,
    date TEXT NOT NULL,               -- YYYY-MM-DD of receipt
    last INTEGER NOT NULL CHECK (last BETWEEN 1 AND 9999),
    PRIMARY KEY (agency, date)
  ) WITHOUT ROWID;

  CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    agency TEXT NOT NULL,
    received_on TEXT NOT NULL,        -- YYYY-MM-DD
    seq INTEGER NOT NULL,
    trip_id INTEGER REFERENCES trips (id),
    ticket_id INTEGER REFERENCES tickets (id),
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    citizen_name TEXT NOT NULL,       -- as on the slip
    procedure_key TEXT NOT NULL,
    procedure_code TEXT,
    procedure_name TEXT NOT NULL,     -- JSON {vi, en}, as the catalogue said that day
    field TEXT NOT NULL,
    grp TEXT NOT NULL,
    processing_days INTEGER NOT NULL,
    documents TEXT NOT NULL,          -- JSON list, each with received true/false
    fee_vnd INTEGER NOT NULL CHECK (fee_vnd >= 0),
    payment TEXT NOT NULL CHECK (payment IN ('cash','bank_qr','online','exempt')),
    vietqr TEXT,
    return_method TEXT NOT NULL CHECK (return_method IN ('next_visit','commune_office','post')),
    postal_address TEXT,
    postal_fee_vnd INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    received_at INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('received','handed_over','processing','supplement_requested','result_ready','returned','refused','cancelled')),
    state_at INTEGER NOT NULL,
    result_on TEXT,                   -- YYYY-MM-DD the result was ready (or refused)
    operator TEXT,
    UNIQUE (agency, received_on, seq)
  );
  CREATE INDEX dossiers_citizen ON dossiers (citizen_id, received_at);
  CREATE INDEX dossiers_trip ON dossiers (trip_id);
  CREATE INDEX dossiers_ticket ON dossiers (ticket_id);
  CREATE INDEX dossiers_state ON dossiers (state, due_date);
  -- search by name: the citizen's name as on the dossier, folded (no marks, đ -> d), one row per
  -- dossier (rowid = dossiers.id); contentless, since dossiers and their names never change
  CREATE VIRTUAL TABLE dossier_names USING fts5 (name, content = '', prefix = '2 3', tokenize = 'unicode61');

  CREATE TABLE dossier_events (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    at INTEGER NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    operator TEXT,
    note TEXT
  );
  CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id, id);
  CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
    BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
  CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
    BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
  -- a dossier code, once given, is never taken back
  CREATE TRIGGER dossiers_no_delete BEFORE DELETE ON dossiers
    BEGIN SELECT RAISE(ABORT, 'dossiers are never deleted'); END;

  CREATE TABLE help_events (
    id INTEGER PRIMARY KEY,
    trip_id INTEGER REFERENCES trips (id),
    ticket_id INTEGER REFERENCES tickets (id),
    citizen_id TEXT REFERENCES citizens (id),
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    operator TEXT
  );
  CREATE INDEX help_events_trip ON help_events (trip_id);

  CREATE TABLE ratings (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id),
    trip_id INTEGER NOT NULL REFERENCES trips (id),
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    at INTEGER NOT NULL,
    operator TEXT
  );
  CREATE INDEX ratings_trip ON ratings (trip_id);
  `;
