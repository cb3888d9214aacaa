// 4: waits kept finer than whole minutes. Migrations 2 and 3 counted each ticket's wait rounded to
// the minute, so a morning of 20 to 50 second waits had a median of 0 or 1 minute. Now a wait is
// counted in seconds, in buckets that stay small enough for a year's report (bench/centre.mjs):
//   under 100 s        to the second (exact)
//   100 s to 10 min    to the nearest 10 s (at most 5 s off, 5%)
//   10 min and over    to the nearest minute (at most 30 s off, 5%)
// `centre_wait_s(ms)` is that bucket, as its value in seconds (src/centre/core/figures.ts
// waitBucketSeconds says the same in TypeScript); the tables are made again from the tickets' waits
// (tickets.wait_ms, in milliseconds as folded from the queue events), so nothing is taken from the
// minutes.
//   fig_trip_waits     a trip's tickets by wait bucket (was: by whole minute)
//   fig_proc_waits     a trip's tickets by procedure, field and wait bucket (was: by whole minute)
// Shipped: never edit this file; add a new migration.
export default `
  CREATE FUNCTION centre_wait_s(ms bigint) RETURNS int LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN s < 100 THEN s WHEN s < 600 THEN round(s / 10.0)::int * 10 ELSE round(s / 60.0)::int * 60 END
    FROM (SELECT greatest(0, round(ms / 1000.0))::int AS s) x
  $$;

  DROP TABLE fig_trip_waits;
  CREATE TABLE fig_trip_waits (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    commune_id int NOT NULL,
    day date NOT NULL,
    wait_s int NOT NULL,
    n int NOT NULL,
    PRIMARY KEY (vehicle_id, trip_no, wait_s),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );
  CREATE INDEX fig_trip_waits_day ON fig_trip_waits (day);

  DROP TABLE fig_proc_waits;
  CREATE TABLE fig_proc_waits (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    commune_id int NOT NULL,
    day date NOT NULL,
    procedure_key text NOT NULL,
    field text NOT NULL,
    wait_s int NOT NULL,
    n int NOT NULL,
    PRIMARY KEY (vehicle_id, trip_no, procedure_key, wait_s),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );
  CREATE INDEX fig_proc_waits_day ON fig_proc_waits (day);

  -- every stored ticket's wait, counted again in the new buckets
  INSERT INTO fig_trip_waits (vehicle_id, trip_no, commune_id, day, wait_s, n)
    SELECT vehicle_id, trip_no, min(commune_id), min(day), centre_wait_s(wait_ms), count(*)
    FROM tickets WHERE wait_ms IS NOT NULL GROUP BY 1, 2, 5;
  INSERT INTO fig_proc_waits (vehicle_id, trip_no, commune_id, day, procedure_key, field, wait_s, n)
    SELECT t.vehicle_id, t.trip_no, min(t.commune_id), min(t.day), p.procedure_key, min(p.field), centre_wait_s(t.wait_ms), count(*)
    FROM tickets t JOIN (SELECT DISTINCT vehicle_id, trip_no, ticket_no, procedure_key, field FROM dossiers WHERE ticket_no IS NOT NULL AND trip_no IS NOT NULL) p
      ON p.vehicle_id = t.vehicle_id AND p.trip_no = t.trip_no AND p.ticket_no = t.ticket_no
    WHERE t.wait_ms IS NOT NULL GROUP BY 1, 2, 5, 7;
`;
