// 5: the fleet report by vehicle, commune, week, month and in total reads one row per trip and one
// per vehicle, commune and day, instead of one per wait bucket and one per procedure and due date
// (bench/centre.mjs: a year of 50 vehicles was half a million rows each, 0.3-0.6 s a query):
//   fig_trip_hist      a trip's tickets by wait bucket (migration 4's centre_wait_s) in one row: the
//                      pairs (wait in seconds, tickets) as big-endian int4, by wait; the report adds
//                      a row's histograms up bucket by bucket (src/centre/store/report.ts). Replaces
//                      fig_trip_waits.
//   fig_dossier_vdays  fig_dossier_days summed over procedures and due dates: a vehicle's dossiers of a
//                      commune and day of receipt, with the open ones by due date (arrays), since
//                      "overdue" is judged at the report's day
// and indexes by commune for the by-procedure tables, so one commune's report reads its own rows.
// Kept, like the others, in the transaction that stores the trip or its dossiers.
// Shipped: never edit this file; add a new migration.
export default `
  CREATE TABLE fig_trip_hist (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    commune_id int NOT NULL,
    day date NOT NULL,
    waits bytea NOT NULL,
    PRIMARY KEY (vehicle_id, trip_no),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );
  CREATE INDEX fig_trip_hist_day ON fig_trip_hist (day);
  CREATE INDEX fig_trip_hist_commune ON fig_trip_hist (commune_id, day);
  INSERT INTO fig_trip_hist (vehicle_id, trip_no, commune_id, day, waits)
    SELECT vehicle_id, trip_no, min(commune_id), min(day), string_agg(int4send(wait_s) || int4send(n), ''::bytea ORDER BY wait_s)
    FROM fig_trip_waits GROUP BY 1, 2;
  DROP TABLE fig_trip_waits;

  CREATE TABLE fig_dossier_vdays (
    vehicle_id int NOT NULL,
    commune_id int NOT NULL,          -- 0: no trip
    day date NOT NULL,                -- of receipt
    n int NOT NULL,
    with_result int NOT NULL,
    on_time int NOT NULL,
    collected bigint NOT NULL,
    awaiting bigint NOT NULL,
    open_due date[] NOT NULL,         -- the open dossiers' due dates
    open_n int[] NOT NULL,            -- and how many are open for each
    PRIMARY KEY (vehicle_id, day, commune_id)
  );
  CREATE INDEX fig_dossier_vdays_day ON fig_dossier_vdays (day);
  CREATE INDEX fig_dossier_vdays_commune ON fig_dossier_vdays (commune_id, day);
  INSERT INTO fig_dossier_vdays (vehicle_id, commune_id, day, n, with_result, on_time, collected, awaiting, open_due, open_n)
    SELECT vehicle_id, commune_id, day, sum(n), sum(with_result), sum(on_time), sum(collected), sum(awaiting),
           coalesce(array_agg(due_date ORDER BY due_date) FILTER (WHERE open > 0), '{}'), coalesce(array_agg(open ORDER BY due_date) FILTER (WHERE open > 0), '{}')
    FROM (SELECT vehicle_id, commune_id, day, due_date, sum(n) AS n, sum(with_result) AS with_result, sum(on_time) AS on_time, sum(collected) AS collected,
                 sum(awaiting) AS awaiting, sum(open)::int AS open
          FROM fig_dossier_days GROUP BY 1, 2, 3, 4) x
    GROUP BY 1, 2, 3;

  CREATE INDEX fig_dossier_days_commune ON fig_dossier_days (commune_id, day);
  CREATE INDEX fig_proc_waits_commune ON fig_proc_waits (commune_id, day);
  CREATE INDEX fig_proc_ratings_commune ON fig_proc_ratings (commune_id, day);
`;
