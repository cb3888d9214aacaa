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
`;
