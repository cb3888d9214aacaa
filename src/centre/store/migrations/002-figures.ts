// 2: summary tables for the fleet report, kept in the same transaction as what they sum, so a
// report over a year reads some hundred thousand rows instead of millions (bench/centre.mjs):
//   fig_trip_waits     each trip's tickets by their wait in whole minutes (a histogram: the median
//                      and P90 over all tickets of any set of trips come from summing these)
//   fig_trip_ratings   each trip's satisfaction scores
//   fig_dossier_days   a vehicle's dossiers by day of receipt, commune, procedure and due date:
//                      how many, with a result, on time, still open, fees collected and awaited
//   procedure_names    a procedure's name as last received, for the report's labels
// Shipped: never edit this file; add a new migration.
export default `
  CREATE TABLE fig_trip_waits (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    commune_id int NOT NULL,
    day date NOT NULL,
    wait_min smallint NOT NULL,
    n int NOT NULL,
    PRIMARY KEY (vehicle_id, trip_no, wait_min),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );
  CREATE INDEX fig_trip_waits_day ON fig_trip_waits (day);

  CREATE TABLE fig_trip_ratings (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    commune_id int NOT NULL,
    day date NOT NULL,
    score smallint NOT NULL,
    n int NOT NULL,
    PRIMARY KEY (vehicle_id, trip_no, score),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );
  CREATE INDEX fig_trip_ratings_day ON fig_trip_ratings (day);

  CREATE TABLE fig_dossier_days (
    vehicle_id int NOT NULL,
    commune_id int NOT NULL,          -- 0: no trip
    day date NOT NULL,                -- of receipt
    procedure_key text NOT NULL,
    field text NOT NULL,
    due_date date NOT NULL,
    n int NOT NULL,                   -- not cancelled
    with_result int NOT NULL,
    on_time int NOT NULL,
    open int NOT NULL,                -- received, handed over, processing, supplement requested
    collected bigint NOT NULL,
    awaiting bigint NOT NULL,
    PRIMARY KEY (vehicle_id, day, commune_id, procedure_key, due_date)
  );
  CREATE INDEX fig_dossier_days_day ON fig_dossier_days (day);

  CREATE TABLE procedure_names (
    key text PRIMARY KEY,
    name jsonb NOT NULL
  );

  CREATE INDEX dossiers_vehicle_day ON dossiers (vehicle_id, received_on);
  DROP INDEX dossiers_received;

  -- what was stored before these tables, summed once
  INSERT INTO fig_trip_waits (vehicle_id, trip_no, commune_id, day, wait_min, n)
    SELECT vehicle_id, trip_no, min(commune_id), min(day), round(wait_ms / 60000.0)::smallint, count(*)
    FROM tickets WHERE wait_ms IS NOT NULL GROUP BY 1, 2, 5;
  INSERT INTO fig_trip_ratings (vehicle_id, trip_no, commune_id, day, score, n)
    SELECT vehicle_id, trip_no, min(commune_id), min(day), rating, count(*)
    FROM tickets WHERE rating IS NOT NULL GROUP BY 1, 2, 5;
  INSERT INTO fig_dossier_days (vehicle_id, commune_id, day, procedure_key, field, due_date, n, with_result, on_time, open, collected, awaiting)
    SELECT vehicle_id, coalesce(commune_id, 0), received_on, procedure_key, min(field), due_date,
           count(*) FILTER (WHERE state <> 'cancelled'),
           count(*) FILTER (WHERE state IN ('result_ready','returned','refused') AND result_on IS NOT NULL),
           count(*) FILTER (WHERE state IN ('result_ready','returned','refused') AND result_on <= due_date),
           count(*) FILTER (WHERE state IN ('received','handed_over','processing','supplement_requested')),
           coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND payment = 'cash'), 0),
           coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND payment IN ('bank_qr','online')), 0)
    FROM dossiers GROUP BY vehicle_id, coalesce(commune_id, 0), received_on, procedure_key, due_date;
  INSERT INTO procedure_names (key, name)
    SELECT DISTINCT ON (procedure_key) procedure_key, procedure_name FROM dossiers ORDER BY procedure_key, received_on DESC;
`;
