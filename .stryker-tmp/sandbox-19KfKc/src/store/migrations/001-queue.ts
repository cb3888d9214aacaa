// @ts-nocheck
// 1: trips, counters, tickets and the append-only queue log
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
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
  `;
