// 12: the outbox to the centre (src/app/sync.ts). What waits to go: a trip once closed, a dossier
// once it changes state, a handover bundle once exported (its small files kept here, its attached
// files found by hash among the dossier's files). Triggers enqueue trips and dossiers in the same
// transaction as the change itself (once the vehicle is enrolled with a centre: enrolment enqueues
// what came before), so nothing that happened is ever left out, however long the vehicle stays offline. One pending row per thing: a dossier changed ten times offline goes once,
// as it stands. The centre link (its address and pinned certificate), the last sync, and the
// offices' updates already applied (an update delivered twice is applied once). Planned trips
// pulled from the centre carry the centre's id.
export default `
  CREATE TABLE sync_link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    url TEXT NOT NULL,
    cert_pem TEXT NOT NULL,           -- the centre's certificate, pinned at enrolment
    cert_fingerprint TEXT NOT NULL,
    vehicle_id INTEGER NOT NULL,      -- this vehicle's id at the centre
    vehicle_name TEXT NOT NULL,
    enrolled_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_success_at INTEGER,
    last_error TEXT,                  -- JSON {code, params}
    failures INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL DEFAULT 0,
    lease_until INTEGER,              -- one sync at a time, whichever process runs it
    lease_pid INTEGER
  );

  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('trip', 'dossier', 'bundle')),
    ref TEXT NOT NULL,                -- trips.id, dossiers.id, handovers.uuid
    version INTEGER NOT NULL DEFAULT 1, -- bumped by each change while it waits: sent means sent as it now is
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,                  -- why the last attempt failed (a catalogue key and its parameters, JSON)
    refused TEXT,                     -- the centre refused it for good: its reason; not tried again
    sent_at INTEGER
  );
  CREATE UNIQUE INDEX outbox_pending ON outbox (kind, ref) WHERE sent_at IS NULL;
  CREATE INDEX outbox_sent ON outbox (sent_at);

  CREATE TABLE outbox_files (
    outbox_id INTEGER NOT NULL REFERENCES outbox (id),
    path TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (outbox_id, path)
  ) WITHOUT ROWID;

  CREATE TRIGGER outbox_trip_closed AFTER UPDATE OF closed_at ON trips
    WHEN old.closed_at IS NULL AND new.closed_at IS NOT NULL AND EXISTS (SELECT 1 FROM sync_link)
    BEGIN
      INSERT INTO outbox (kind, ref, created_at) VALUES ('trip', new.id, new.closed_at)
        ON CONFLICT (kind, ref) WHERE sent_at IS NULL DO UPDATE SET version = version + 1, refused = NULL;
    END;
  CREATE TRIGGER outbox_dossier_changed AFTER INSERT ON dossier_events
    WHEN EXISTS (SELECT 1 FROM sync_link)
    BEGIN
      INSERT INTO outbox (kind, ref, created_at) VALUES ('dossier', new.dossier_id, new.at)
        ON CONFLICT (kind, ref) WHERE sent_at IS NULL DO UPDATE SET version = version + 1, refused = NULL;
    END;

  CREATE TABLE sync_updates (
    centre_id INTEGER PRIMARY KEY,    -- the update's id at the centre
    code TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'unchanged', 'refused')),
    reason TEXT,
    at INTEGER NOT NULL,
    acked_at INTEGER
  );

  ALTER TABLE planned_trips ADD COLUMN centre_id INTEGER;
  CREATE UNIQUE INDEX planned_trips_centre ON planned_trips (centre_id) WHERE centre_id IS NOT NULL;
  `;
