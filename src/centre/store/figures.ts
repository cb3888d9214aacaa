// The report's summary tables (migrations 2 to 6), brought up to date in the transaction that
// changed what they sum (waits in the buckets of centre_wait_s, migration 4; a trip's waits in one
// row and dossiers by vehicle, commune and day, migration 5; a vehicle's months by procedure and
// field, migration 6): a trip's waits and ratings when the trip is stored, a vehicle's days of
// dossiers when any of that day's dossiers changes, a trip's waits and ratings by procedure when
// either does, and the months of all those.
import { query, type Queryable } from './db.js';

const OPEN = "('received','handed_over','processing','supplement_requested')";
const RESULT = "('result_ready','returned','refused')";

/** The summary rows of dossiers, for the days given (a vehicle's) or for all (a rebuild). */
const DOSSIER_DAYS = (where: string) => `
  INSERT INTO fig_dossier_days (vehicle_id, commune_id, day, procedure_key, field, due_date, n, with_result, on_time, open, collected, awaiting)
  SELECT vehicle_id, coalesce(commune_id, 0), received_on, procedure_key, min(field), due_date,
         count(*) FILTER (WHERE state <> 'cancelled'),
         count(*) FILTER (WHERE state IN ${RESULT} AND result_on IS NOT NULL),
         count(*) FILTER (WHERE state IN ${RESULT} AND result_on <= due_date),
         count(*) FILTER (WHERE state IN ${OPEN}),
         -- a transfer is collected once its vehicle confirmed it (paid_at, migrations 7 and 8)
         coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND (payment = 'cash' OR (payment = 'bank_qr' AND paid_at IS NOT NULL))), 0),
         coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND (payment = 'online' OR (payment = 'bank_qr' AND paid_at IS NULL))), 0)
  FROM dossiers WHERE ${where}
  GROUP BY vehicle_id, coalesce(commune_id, 0), received_on, procedure_key, due_date`;

/** A trip's waits as one row: (wait bucket, tickets) pairs packed as big-endian int4 (migration 5). */
const TRIP_HIST = (where: string) => `
  INSERT INTO fig_trip_hist (vehicle_id, trip_no, commune_id, day, waits)
  SELECT vehicle_id, trip_no, min(commune_id), min(day), string_agg(int4send(w) || int4send(n), ''::bytea ORDER BY w)
  FROM (SELECT vehicle_id, trip_no, min(commune_id) AS commune_id, min(day) AS day, centre_wait_s(wait_ms) AS w, count(*)::int AS n
        FROM tickets WHERE wait_ms IS NOT NULL AND ${where} GROUP BY vehicle_id, trip_no, centre_wait_s(wait_ms)) x
  GROUP BY 1, 2`;

/** fig_dossier_days summed over procedures and due dates, the open ones kept by due date (migration 5). */
const DOSSIER_VDAYS = (where: string) => `
  INSERT INTO fig_dossier_vdays (vehicle_id, commune_id, day, n, with_result, on_time, collected, awaiting, open_due, open_n)
  SELECT vehicle_id, commune_id, day, sum(n), sum(with_result), sum(on_time), sum(collected), sum(awaiting),
         coalesce(array_agg(due_date ORDER BY due_date) FILTER (WHERE open > 0), '{}'), coalesce(array_agg(open ORDER BY due_date) FILTER (WHERE open > 0), '{}')
  FROM (SELECT vehicle_id, commune_id, day, due_date, sum(n) AS n, sum(with_result) AS with_result, sum(on_time) AS on_time, sum(collected) AS collected,
               sum(awaiting) AS awaiting, sum(open)::int AS open
        FROM fig_dossier_days WHERE ${where} GROUP BY 1, 2, 3, 4) x
  GROUP BY 1, 2, 3`;

const TRIP_RATINGS = (where: string) => `
  INSERT INTO fig_trip_ratings (vehicle_id, trip_no, commune_id, day, score, n)
  SELECT vehicle_id, trip_no, min(commune_id), min(day), rating, count(*)
  FROM tickets WHERE rating IS NOT NULL AND ${where} GROUP BY 1, 2, 5`;

/** Tickets joined to the procedures of the dossiers received while they were served (migration 3). */
const TICKET_PROCS = (where: string) => `
  FROM tickets t JOIN (SELECT DISTINCT vehicle_id, trip_no, ticket_no, procedure_key, field FROM dossiers
                       WHERE ticket_no IS NOT NULL AND trip_no IS NOT NULL AND ${where}) p
    ON p.vehicle_id = t.vehicle_id AND p.trip_no = t.trip_no AND p.ticket_no = t.ticket_no`;

const PROC_WAITS = (where: string) => `
  INSERT INTO fig_proc_waits (vehicle_id, trip_no, commune_id, day, procedure_key, field, wait_s, n)
  SELECT t.vehicle_id, t.trip_no, min(t.commune_id), min(t.day), p.procedure_key, min(p.field), centre_wait_s(t.wait_ms), count(*)
  ${TICKET_PROCS(where)} WHERE t.wait_ms IS NOT NULL GROUP BY 1, 2, 5, 7`;

const PROC_RATINGS = (where: string) => `
  INSERT INTO fig_proc_ratings (vehicle_id, trip_no, commune_id, day, procedure_key, field, score, n)
  SELECT t.vehicle_id, t.trip_no, min(t.commune_id), min(t.day), p.procedure_key, min(p.field), t.rating, count(*)
  ${TICKET_PROCS(where)} WHERE t.rating IS NOT NULL GROUP BY 1, 2, 5, 7`;

/**
 * A vehicle's months by procedure and field (migration 6), from the rows above: `dossierWhere` picks
 * rows of fig_dossier_days, `ticketWhere` rows of fig_proc_waits and fig_proc_ratings.
 */
const PROC_MONTHS = (dossierWhere: string, ticketWhere: string) => `
  INSERT INTO fig_proc_months (vehicle_id, month, procedure_key, field, n, with_result, on_time, collected, awaiting, open, open_last, open_due, open_n, waits, score1, score2, score3, score4, score5)
  WITH d AS (
    SELECT vehicle_id, month, procedure_key, field, sum(n)::int AS n, sum(with_result)::int AS with_result, sum(on_time)::int AS on_time,
           sum(collected)::bigint AS collected, sum(awaiting)::bigint AS awaiting, sum(open)::int AS open, max(due_date) FILTER (WHERE open > 0) AS open_last,
           coalesce(array_agg(due_date ORDER BY due_date) FILTER (WHERE open > 0), '{}') AS open_due,
           coalesce(array_agg(open ORDER BY due_date) FILTER (WHERE open > 0), '{}') AS open_n
    FROM (SELECT vehicle_id, date_trunc('month', day)::date AS month, procedure_key, field, due_date, sum(n) AS n, sum(with_result) AS with_result,
                 sum(on_time) AS on_time, sum(collected) AS collected, sum(awaiting) AS awaiting, sum(open)::int AS open
          FROM fig_dossier_days WHERE ${dossierWhere} GROUP BY 1, 2, 3, 4, 5) x
    GROUP BY 1, 2, 3, 4
  ), w AS (
    SELECT vehicle_id, month, procedure_key, field, string_agg(int4send(wait_s) || int4send(n), ''::bytea ORDER BY wait_s) AS waits
    FROM (SELECT vehicle_id, date_trunc('month', day)::date AS month, procedure_key, field, wait_s, sum(n)::int AS n
          FROM fig_proc_waits WHERE ${ticketWhere} GROUP BY 1, 2, 3, 4, 5) x
    GROUP BY 1, 2, 3, 4
  ), r AS (
    SELECT vehicle_id, date_trunc('month', day)::date AS month, procedure_key, field,
           coalesce(sum(n) FILTER (WHERE score = 1), 0)::int AS score1, coalesce(sum(n) FILTER (WHERE score = 2), 0)::int AS score2,
           coalesce(sum(n) FILTER (WHERE score = 3), 0)::int AS score3, coalesce(sum(n) FILTER (WHERE score = 4), 0)::int AS score4,
           coalesce(sum(n) FILTER (WHERE score = 5), 0)::int AS score5
    FROM fig_proc_ratings WHERE ${ticketWhere} GROUP BY 1, 2, 3, 4
  )
  SELECT vehicle_id, month, procedure_key, field, coalesce(d.n, 0), coalesce(d.with_result, 0), coalesce(d.on_time, 0), coalesce(d.collected, 0),
         coalesce(d.awaiting, 0), coalesce(d.open, 0), d.open_last, coalesce(d.open_due, '{}'), coalesce(d.open_n, '{}'), coalesce(w.waits, ''::bytea),
         coalesce(r.score1, 0), coalesce(r.score2, 0), coalesce(r.score3, 0), coalesce(r.score4, 0), coalesce(r.score5, 0)
  FROM d FULL JOIN w USING (vehicle_id, month, procedure_key, field) FULL JOIN r USING (vehicle_id, month, procedure_key, field)`;

/** The first day of a date's month, and of the month after. */
const monthOf = (day: string) => `${day.slice(0, 8)}01`;
const nextMonthOf = (day: string) => {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/** A vehicle's figures changed by one transaction at a time (the single-key form: a key space of its own; "FIGM"). */
const MONTHS_LOCK = "(x'4649474d'::bigint << 32) | $1::bigint";

export class FigureRepo {
  constructor(private readonly db: Queryable) {}

  /**
   * A trip's waits and ratings (its old rows went with the trip it replaces; `formerDay`: that
   * trip's day, whose month is counted again too).
   */
  async trip(vehicleId: number, tripNo: number, formerDay?: string): Promise<void> {
    await query(this.db, TRIP_HIST('vehicle_id = $1 AND trip_no = $2'), [vehicleId, tripNo]);
    await query(this.db, TRIP_RATINGS('vehicle_id = $1 AND trip_no = $2'), [vehicleId, tripNo]);
    await this.months(vehicleId, await this.procedureTrips(vehicleId, [tripNo], formerDay === undefined ? [] : [formerDay]));
  }

  /**
   * Trips' waits and ratings by procedure, counted again (their tickets or their dossiers changed).
   * Returns the days whose months are to be counted again (`months`): the trips' days, and those of
   * `formerDays` and of the rows that went.
   */
  async procedureTrips(vehicleId: number, tripNos: readonly number[], formerDays: readonly string[] = []): Promise<string[]> {
    const list = [...new Set(tripNos)];
    if (list.length === 0) return [...formerDays];
    const gone = await query<{ day: string }>(this.db, 'WITH g AS (DELETE FROM fig_proc_waits WHERE vehicle_id = $1 AND trip_no = ANY($2::int[]) RETURNING day) SELECT DISTINCT day FROM g', [vehicleId, list]);
    const goneR = await query<{ day: string }>(this.db, 'WITH g AS (DELETE FROM fig_proc_ratings WHERE vehicle_id = $1 AND trip_no = ANY($2::int[]) RETURNING day) SELECT DISTINCT day FROM g', [vehicleId, list]);
    await query(this.db, PROC_WAITS('vehicle_id = $1 AND trip_no = ANY($2::int[])'), [vehicleId, list]);
    await query(this.db, PROC_RATINGS('vehicle_id = $1 AND trip_no = ANY($2::int[])'), [vehicleId, list]);
    const { rows: now } = await query<{ day: string }>(this.db, 'SELECT day FROM trips WHERE vehicle_id = $1 AND trip_no = ANY($2::int[])', [vehicleId, list]);
    return [...formerDays, ...gone.rows.map((r) => r.day), ...goneR.rows.map((r) => r.day), ...now.map((r) => r.day)];
  }

  /**
   * Wait until no other transaction changes this vehicle's figures (held to the end of this one).
   * Whatever changes a vehicle's trips or dossiers takes it before it locks any row (the use cases,
   * src/centre/app/ingest.ts, at their start; the repositories again, which costs nothing), so two
   * of them never hold rows the other waits for: a trip's row locked for its replacement, and the
   * same row's key share taken by a batch of its dossiers' figures, made a deadlock.
   */
  async lock(vehicleId: number): Promise<void> {
    await query(this.db, `SELECT pg_advisory_xact_lock(${MONTHS_LOCK})`, [vehicleId]);
  }

  /**
   * A vehicle's months by procedure and field (migration 6), counted again from the rows by day and
   * by trip, for the months of these days: once, after `dossierDays` and `procedureTrips` are done. One transaction at a time per vehicle: two trips of a
   * vehicle may be stored at once, and each counts the month whole.
   */
  async months(vehicleId: number, days: readonly string[]): Promise<void> {
    const months = [...new Set(days.map(monthOf))].sort();
    if (months.length === 0) return;
    await this.lock(vehicleId);
    await query(this.db, 'DELETE FROM fig_proc_months WHERE vehicle_id = $1 AND month = ANY($2::date[])', [vehicleId, months]);
    await query(
      this.db,
      PROC_MONTHS(
        "vehicle_id = $1 AND day >= $3::date AND day < $4::date AND date_trunc('month', day)::date = ANY($2::date[])",
        "vehicle_id = $1 AND trip_no IN (SELECT trip_no FROM trips WHERE vehicle_id = $1 AND day >= $3::date AND day < $4::date AND date_trunc('month', day)::date = ANY($2::date[]))",
      ),
      [vehicleId, months, months[0], nextMonthOf(months[months.length - 1] as string)],
    );
  }

  /** A vehicle's days of dossiers, counted again; returns them, for `months`. */
  async dossierDays(vehicleId: number, days: readonly string[]): Promise<string[]> {
    const list = [...new Set(days)];
    if (list.length === 0) return [];
    await query(this.db, 'DELETE FROM fig_dossier_days WHERE vehicle_id = $1 AND day = ANY($2::date[])', [vehicleId, list]);
    await query(this.db, 'DELETE FROM fig_dossier_vdays WHERE vehicle_id = $1 AND day = ANY($2::date[])', [vehicleId, list]);
    await query(this.db, DOSSIER_DAYS('vehicle_id = $1 AND received_on = ANY($2::date[])'), [vehicleId, list]);
    await query(this.db, DOSSIER_VDAYS('vehicle_id = $1 AND day = ANY($2::date[])'), [vehicleId, list]);
    return list;
  }

  /** The days of these dossiers of a vehicle (for a change that names dossiers by code). */
  async daysOf(vehicleId: number, codes: readonly string[]): Promise<string[]> {
    const { rows } = await query<{ d: string }>(this.db, 'SELECT DISTINCT received_on AS d FROM dossiers WHERE vehicle_id = $1 AND code = ANY($2::text[])', [vehicleId, [...codes]]);
    return rows.map((r) => r.d);
  }

  async procedureNames(list: readonly { key: string; name: unknown }[]): Promise<void> {
    const seen = new Map(list.map((p) => [p.key, p.name]));
    if (seen.size === 0) return;
    await query(
      this.db,
      `INSERT INTO procedure_names (key, name) SELECT x.key, x.name FROM jsonb_to_recordset($1::jsonb) AS x(key text, name jsonb)
       ON CONFLICT (key) DO UPDATE SET name = excluded.name WHERE procedure_names.name IS DISTINCT FROM excluded.name`,
      [JSON.stringify([...seen].map(([key, name]) => ({ key, name })))],
    );
  }

  /** Every summary made again from the tables it sums (after a bulk load). */
  async rebuild(): Promise<void> {
    await query(this.db, 'TRUNCATE fig_trip_hist, fig_trip_ratings, fig_dossier_days, fig_dossier_vdays, fig_proc_waits, fig_proc_ratings, fig_proc_months');
    await query(this.db, TRIP_HIST('true'));
    await query(this.db, TRIP_RATINGS('true'));
    await query(this.db, DOSSIER_DAYS('true'));
    await query(this.db, DOSSIER_VDAYS('true'));
    await query(this.db, PROC_WAITS('true'));
    await query(this.db, PROC_RATINGS('true'));
    await query(this.db, PROC_MONTHS('true', 'true'));
    await query(this.db, 'INSERT INTO procedure_names (key, name) SELECT DISTINCT ON (procedure_key) procedure_key, procedure_name FROM dossiers ORDER BY procedure_key ON CONFLICT DO NOTHING');
  }
}
