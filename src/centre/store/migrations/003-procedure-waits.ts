// 3: waits and satisfaction by procedure and field. A ticket's wait and rating belong to the ticket;
// the dossiers received while it was served name its procedures (dossiers.ticket_no), so each
// ticket is counted once under each procedure it came for (and once under each field). Kept, like
// migration 2's tables, in the transaction that stores the trip or its dossiers.
//   fig_proc_waits     a trip's tickets by procedure, field and wait in whole minutes
//   fig_proc_ratings   a trip's tickets by procedure, field and satisfaction score
// Shipped: never edit this file; add a new migration.
export default `
  CREATE TABLE fig_proc_waits (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    commune_id int NOT NULL,
    day date NOT NULL,
    procedure_key text NOT NULL,
    field text NOT NULL,
    wait_min smallint NOT NULL,
    n int NOT NULL,
    PRIMARY KEY (vehicle_id, trip_no, procedure_key, wait_min),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );
  CREATE INDEX fig_proc_waits_day ON fig_proc_waits (day);

  CREATE TABLE fig_proc_ratings (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    commune_id int NOT NULL,
    day date NOT NULL,
    procedure_key text NOT NULL,
    field text NOT NULL,
    score smallint NOT NULL,
    n int NOT NULL,
    PRIMARY KEY (vehicle_id, trip_no, procedure_key, score),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );
  CREATE INDEX fig_proc_ratings_day ON fig_proc_ratings (day);

  -- what was stored before these tables, summed once
  INSERT INTO fig_proc_waits (vehicle_id, trip_no, commune_id, day, procedure_key, field, wait_min, n)
    SELECT t.vehicle_id, t.trip_no, min(t.commune_id), min(t.day), p.procedure_key, min(p.field), round(t.wait_ms / 60000.0)::smallint, count(*)
    FROM tickets t JOIN (SELECT DISTINCT vehicle_id, trip_no, ticket_no, procedure_key, field FROM dossiers WHERE ticket_no IS NOT NULL AND trip_no IS NOT NULL) p
      ON p.vehicle_id = t.vehicle_id AND p.trip_no = t.trip_no AND p.ticket_no = t.ticket_no
    WHERE t.wait_ms IS NOT NULL GROUP BY 1, 2, 5, 7;
  INSERT INTO fig_proc_ratings (vehicle_id, trip_no, commune_id, day, procedure_key, field, score, n)
    SELECT t.vehicle_id, t.trip_no, min(t.commune_id), min(t.day), p.procedure_key, min(p.field), t.rating, count(*)
    FROM tickets t JOIN (SELECT DISTINCT vehicle_id, trip_no, ticket_no, procedure_key, field FROM dossiers WHERE ticket_no IS NOT NULL AND trip_no IS NOT NULL) p
      ON p.vehicle_id = t.vehicle_id AND p.trip_no = t.trip_no AND p.ticket_no = t.ticket_no
    WHERE t.rating IS NOT NULL GROUP BY 1, 2, 5, 7;
`;
