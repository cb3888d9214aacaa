// @ts-nocheck
// 9: the schedule of coming trips, and when each was announced to the village
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
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
  `;
