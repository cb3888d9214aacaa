// 6: the fleet report by procedure and by field reads one row per vehicle, month and procedure
// instead of every trip's: fig_dossier_days, fig_proc_waits and fig_proc_ratings were read whole for
// a year (about 0.4, 1.2 and 0.6 million rows for 50 vehicles, bench/centre.mjs), 0.3 s of the
// server's CPU a report.
//   fig_proc_months    a vehicle's month (by day of receipt for dossiers, by the trip's day for
//                      tickets) by procedure and field: the dossiers' counts and fees, the open ones
//                      by due date (arrays, since "overdue" is judged at the report's day), the
//                      tickets' waits as (wait in seconds, tickets) pairs packed as big-endian int4
//                      (as fig_trip_hist, migration 5), and the satisfaction scores 1 to 5.
// A report reads the whole months of its period from here and the days at its edges from the
// tables it sums (src/centre/store/report.ts); a report of one commune reads those, by commune. Kept,
// like the others, in the transaction that changes what it sums (src/centre/store/figures.ts).
// Shipped: never edit this file; add a new migration.
export default `
  CREATE TABLE fig_proc_months (
    vehicle_id int NOT NULL,
    month date NOT NULL,              -- its first day
    procedure_key text NOT NULL,
    field text NOT NULL,
    n int NOT NULL,
    with_result int NOT NULL,
    on_time int NOT NULL,
    collected bigint NOT NULL,
    awaiting bigint NOT NULL,
    open int NOT NULL,                -- dossiers still open
    open_last date,                   -- the last of their due dates (so a period after it needs no arrays)
    open_due date[] NOT NULL,         -- the open dossiers' due dates
    open_n int[] NOT NULL,            -- and how many are open for each
    waits bytea NOT NULL,
    score1 int NOT NULL,
    score2 int NOT NULL,
    score3 int NOT NULL,
    score4 int NOT NULL,
    score5 int NOT NULL,
    PRIMARY KEY (vehicle_id, month, procedure_key, field)
  );
  CREATE INDEX fig_proc_months_month ON fig_proc_months (month);

  -- what was stored before this table, summed once
  INSERT INTO fig_proc_months (vehicle_id, month, procedure_key, field, n, with_result, on_time, collected, awaiting, open, open_last, open_due, open_n, waits, score1, score2, score3, score4, score5)
  WITH d AS (
    SELECT vehicle_id, month, procedure_key, field, sum(n)::int AS n, sum(with_result)::int AS with_result, sum(on_time)::int AS on_time,
           sum(collected)::bigint AS collected, sum(awaiting)::bigint AS awaiting, sum(open)::int AS open, max(due_date) FILTER (WHERE open > 0) AS open_last,
           coalesce(array_agg(due_date ORDER BY due_date) FILTER (WHERE open > 0), '{}') AS open_due,
           coalesce(array_agg(open ORDER BY due_date) FILTER (WHERE open > 0), '{}') AS open_n
    FROM (SELECT vehicle_id, date_trunc('month', day)::date AS month, procedure_key, field, due_date, sum(n) AS n, sum(with_result) AS with_result,
                 sum(on_time) AS on_time, sum(collected) AS collected, sum(awaiting) AS awaiting, sum(open)::int AS open
          FROM fig_dossier_days GROUP BY 1, 2, 3, 4, 5) x
    GROUP BY 1, 2, 3, 4
  ), w AS (
    SELECT vehicle_id, month, procedure_key, field, string_agg(int4send(wait_s) || int4send(n), ''::bytea ORDER BY wait_s) AS waits
    FROM (SELECT vehicle_id, date_trunc('month', day)::date AS month, procedure_key, field, wait_s, sum(n)::int AS n
          FROM fig_proc_waits GROUP BY 1, 2, 3, 4, 5) x
    GROUP BY 1, 2, 3, 4
  ), r AS (
    SELECT vehicle_id, date_trunc('month', day)::date AS month, procedure_key, field,
           coalesce(sum(n) FILTER (WHERE score = 1), 0)::int AS score1, coalesce(sum(n) FILTER (WHERE score = 2), 0)::int AS score2,
           coalesce(sum(n) FILTER (WHERE score = 3), 0)::int AS score3, coalesce(sum(n) FILTER (WHERE score = 4), 0)::int AS score4,
           coalesce(sum(n) FILTER (WHERE score = 5), 0)::int AS score5
    FROM fig_proc_ratings GROUP BY 1, 2, 3, 4
  )
  SELECT vehicle_id, month, procedure_key, field, coalesce(d.n, 0), coalesce(d.with_result, 0), coalesce(d.on_time, 0), coalesce(d.collected, 0),
         coalesce(d.awaiting, 0), coalesce(d.open, 0), d.open_last, coalesce(d.open_due, '{}'), coalesce(d.open_n, '{}'), coalesce(w.waits, ''::bytea),
         coalesce(r.score1, 0), coalesce(r.score2, 0), coalesce(r.score3, 0), coalesce(r.score4, 0), coalesce(r.score5, 0)
  FROM d FULL JOIN w USING (vehicle_id, month, procedure_key, field) FULL JOIN r USING (vehicle_id, month, procedure_key, field);
`;
