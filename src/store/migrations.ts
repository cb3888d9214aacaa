// Numbered schema migrations. Migration N brings user_version from N-1 to N, in one transaction.
// Never edit a migration that has shipped: add a new one.
export const APPLICATION_ID = 0x4c55_4447; // "LUDG": marks a file as a luudong database

export const MIGRATIONS: readonly string[] = [
  // 1: trips, counters, tickets and the append-only queue log
  `
  CREATE TABLE trips (
    id INTEGER PRIMARY KEY,
    commune TEXT NOT NULL,
    place TEXT NOT NULL,
    date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    operators TEXT NOT NULL,          -- JSON list of names
    opened_at INTEGER NOT NULL,
    opened_by TEXT,
    closed_at INTEGER,
    closed_by TEXT
  );
  -- one trip open at a time
  CREATE UNIQUE INDEX trips_one_open ON trips (ifnull(closed_at, 0)) WHERE closed_at IS NULL;
  CREATE INDEX trips_date ON trips (date);

  CREATE TABLE trip_counters (
    trip_id INTEGER NOT NULL REFERENCES trips (id),
    no INTEGER NOT NULL,
    groups TEXT NOT NULL,             -- JSON list of group codes
    PRIMARY KEY (trip_id, no)
  ) WITHOUT ROWID;

  CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    trip_id INTEGER NOT NULL REFERENCES trips (id),
    prefix TEXT NOT NULL,
    seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    UNIQUE (trip_id, prefix, seq)
  );

  CREATE TABLE queue_events (
    id INTEGER PRIMARY KEY,
    trip_id INTEGER NOT NULL REFERENCES trips (id),
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    type TEXT NOT NULL CHECK (type IN ('issued','called','recalled','started','finished','no_show','returned','parked','resumed','transferred')),
    at INTEGER NOT NULL,
    counter INTEGER,
    grp TEXT,
    priority TEXT,
    operator TEXT
  );
  CREATE INDEX queue_events_trip ON queue_events (trip_id, id);
  CREATE TRIGGER queue_events_no_update BEFORE UPDATE ON queue_events
    BEGIN SELECT RAISE(ABORT, 'queue_events is append-only'); END;
  CREATE TRIGGER queue_events_no_delete BEFORE DELETE ON queue_events
    BEGIN SELECT RAISE(ABORT, 'queue_events is append-only'); END;
  `,
  // 2: results of PRAGMA quick_check, so a process started soon after a passing check trusts it
  `
  CREATE TABLE integrity_checks (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT NOT NULL,
    ms INTEGER NOT NULL
  );
  `,
  // 3: citizens, stored once by ID number; later scans update name or address, the old values kept
  `
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
  `,
  // 4: dossiers with their append-only events, the daily code sequence, help given without a
  // dossier and satisfaction ratings
  `
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
  `,
  // 5: printers, the durable print spool, and files kept with a dossier (its A4 slip, scans)
  `
  CREATE TABLE printers (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('serial','usb','network','cups','file')),
    target TEXT NOT NULL,
    baud_rate INTEGER,
    paper TEXT NOT NULL CHECK (paper IN ('58','80','a4')),
    profile TEXT NOT NULL CHECK (profile IN ('tcvn3','raster','ascii')),
    native_qr INTEGER NOT NULL DEFAULT 1,  -- 0: QR codes sent as images (no GS ( k on this model)
    -- what this printer prints by default: tickets, slips (thermal), a4 (the A4 slip, reports)
    roles TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE print_jobs (
    id INTEGER PRIMARY KEY,
    printer TEXT NOT NULL,
    kind TEXT NOT NULL,               -- ticket, slip, slip_a4, help, figures, test
    ref TEXT,                         -- the ticket label or dossier code it prints
    document TEXT NOT NULL,           -- JSON: what to print (src/app/print/jobs.ts), laid out when printed
    state TEXT NOT NULL CHECK (state IN ('queued','printing','done','failed','interrupted','cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,         -- not before this time (retry back-off)
    reason TEXT,                      -- why the last attempt failed
    worker TEXT,                      -- who holds it while printing
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX print_jobs_due ON print_jobs (state, next_at, id);
  CREATE INDEX print_jobs_ref ON print_jobs (ref);

  CREATE TABLE dossier_files (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    kind TEXT NOT NULL,               -- slip_pdf, scan
    item INTEGER,                     -- scan: the checklist item (0-based document index) it shows
    path TEXT NOT NULL,               -- relative to the database's directory
    mime TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX dossier_files_dossier ON dossier_files (dossier_id);
  `,
  // 6: barcode scanners as configured (USB serial, HID POS, the keyboard wedge's prefix and suffix),
  // and the scans that could not be used, kept here (not in a log file: they may hold personal data)
  `
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
  `,
  // 7: handovers to the commune's one-stop office: one row per bundle exported (src/app/handover.ts)
  `
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
  `,
  // 8: retention of personal data (src/app/retention.ts): each purge recorded, append-only, and the
  // dossiers it covered marked with it, for good. dossier_events stays append-only but for one change:
  // the note of an event of a purged dossier set to NULL; its code, states, time and operator stay.
  `
  CREATE TABLE purges (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    operator TEXT,
    older_than_days INTEGER NOT NULL,
    cutoff INTEGER NOT NULL,          -- dossiers finished before this time (ms) were covered
    dossiers INTEGER NOT NULL,
    citizens INTEGER NOT NULL,
    files INTEGER NOT NULL
  );
  CREATE TRIGGER purges_no_update BEFORE UPDATE ON purges
    BEGIN SELECT RAISE(ABORT, 'purges is append-only'); END;
  CREATE TRIGGER purges_no_delete BEFORE DELETE ON purges
    BEGIN SELECT RAISE(ABORT, 'purges is append-only'); END;
  ALTER TABLE dossiers ADD COLUMN purge_id INTEGER REFERENCES purges (id);
  CREATE TRIGGER dossiers_purge_kept BEFORE UPDATE OF purge_id ON dossiers WHEN old.purge_id IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a purge is never undone'); END;
  DROP TRIGGER dossier_events_no_update;
  CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
    WHEN NOT (new.note IS NULL AND new.id = old.id AND new.dossier_id = old.dossier_id AND new.at = old.at
              AND new.from_state IS old.from_state AND new.to_state = old.to_state AND new.operator IS old.operator
              AND (SELECT purge_id FROM dossiers WHERE id = old.dossier_id) IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
  `,
  // 9: the schedule of coming trips, and when each was announced to the village
  `
  CREATE TABLE planned_trips (
    id INTEGER PRIMARY KEY,
    commune TEXT NOT NULL,
    place TEXT NOT NULL,
    date TEXT NOT NULL,               -- YYYY-MM-DD
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    services TEXT NOT NULL,           -- JSON list of service group codes; [] = all
    note TEXT,
    created_at INTEGER NOT NULL,
    announced_at INTEGER,
    cancelled_at INTEGER
  );
  CREATE INDEX planned_trips_date ON planned_trips (date);
  `,
  // 10: operators (name, role, PIN as scrypt with its own salt, lock-out after failed PINs) and the
  // audit log: one entry per event, written by triggers in the same transaction as the event, each
  // entry's hash covering the previous one (luudong_chain, registered on every connection by
  // src/store/audit.ts). Payloads hold codes, states, times and operators, never a citizen's name,
  // number or address (those are removed after the retention period; the chain must not keep them).
  `
  CREATE TABLE operators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL UNIQUE,  -- one "Lan" whatever the marks and case
    role TEXT NOT NULL CHECK (role IN ('operator','supervisor','admin')),
    pin_hash TEXT NOT NULL,            -- scrypt, hex
    pin_salt TEXT NOT NULL,            -- 16 random bytes, hex
    failed INTEGER NOT NULL DEFAULT 0, -- failed PINs in a row
    locked_until INTEGER,
    disabled_at INTEGER,
    created_at INTEGER NOT NULL,
    created_by TEXT,
    changed_at INTEGER,
    changed_by TEXT
  );

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    operator TEXT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,            -- JSON array: the row's id and what it recorded beyond time, operator, kind
    hash BLOB NOT NULL                -- sha256 of the previous entry's hash and this entry (src/store/audit.ts)
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_queue AFTER INSERT ON queue_events BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'queue.' || new.type, x.payload, luudong_chain(x.prev, new.at, new.operator, 'queue.' || new.type, x.payload)
      FROM (SELECT json_array(new.id, new.ticket_id, new.counter, new.grp, new.priority) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_dossier AFTER INSERT ON dossier_events BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'dossier.' || new.to_state, x.payload, luudong_chain(x.prev, new.at, new.operator, 'dossier.' || new.to_state, x.payload)
      FROM (SELECT json_array(new.id, (SELECT code FROM dossiers WHERE id = new.dossier_id), new.from_state) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_help AFTER INSERT ON help_events BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'help.' || new.kind, x.payload, luudong_chain(x.prev, new.at, new.operator, 'help.' || new.kind, x.payload)
      FROM (SELECT json_array(new.id, new.trip_id, new.ticket_id) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_rating AFTER INSERT ON ratings BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'rating', x.payload, luudong_chain(x.prev, new.at, new.operator, 'rating', x.payload)
      FROM (SELECT json_array(new.ticket_id, new.score) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_print_queued AFTER INSERT ON print_jobs BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.created_at, NULL, 'print.queued', x.payload, luudong_chain(x.prev, new.created_at, NULL, 'print.queued', x.payload)
      FROM (SELECT json_array(new.id, new.printer, new.kind, new.ref) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_print_state AFTER UPDATE OF state ON print_jobs WHEN new.state IS NOT old.state AND new.state IN ('done','failed','cancelled','interrupted') BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.updated_at, NULL, 'print.' || new.state, x.payload, luudong_chain(x.prev, new.updated_at, NULL, 'print.' || new.state, x.payload)
      FROM (SELECT json_array(new.id, new.attempts) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_trip_open AFTER INSERT ON trips BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.opened_at, new.opened_by, 'trip.open', x.payload, luudong_chain(x.prev, new.opened_at, new.opened_by, 'trip.open', x.payload)
      FROM (SELECT json_array('trips', new.id, new.commune, new.place, new.date, new.opened_at, new.opened_by) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_trip_close AFTER UPDATE OF closed_at ON trips WHEN old.closed_at IS NULL AND new.closed_at IS NOT NULL BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.closed_at, new.closed_by, 'trip.close', x.payload, luudong_chain(x.prev, new.closed_at, new.closed_by, 'trip.close', x.payload)
      FROM (SELECT json_array('trips', new.id, new.closed_at, new.closed_by) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_handover AFTER INSERT ON handovers BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.handed_by, 'handover.export', x.payload, luudong_chain(x.prev, new.at, new.handed_by, 'handover.export', x.payload)
      FROM (SELECT json_array('handovers', new.id, new.uuid, new.trip_id, new.to_office, new.dossiers, new.manifest_sha256, new.at) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_purge AFTER INSERT ON purges BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'purge', x.payload, luudong_chain(x.prev, new.at, new.operator, 'purge', x.payload)
      FROM (SELECT json_array('purges', new.id, new.older_than_days, new.cutoff, new.dossiers, new.citizens, new.files, new.at) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_operator_add AFTER INSERT ON operators BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.created_at, new.created_by, 'operator.add', x.payload, luudong_chain(x.prev, new.created_at, new.created_by, 'operator.add', x.payload)
      FROM (SELECT json_array('operators', new.id, new.name, new.role, new.created_at, new.created_by) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_operator_change AFTER UPDATE OF role, pin_hash, disabled_at ON operators BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.changed_at, new.changed_by, 'operator.change', x.payload, luudong_chain(x.prev, new.changed_at, new.changed_by, 'operator.change', x.payload)
      FROM (SELECT json_array('operators', new.id, new.name, new.role, new.pin_hash IS NOT old.pin_hash, new.disabled_at, new.changed_at, new.changed_by) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
