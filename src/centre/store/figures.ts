// The report's summary tables (migrations 2 to 5), brought up to date in the transaction that
// changed what they sum (waits in the buckets of centre_wait_s, migration 4; a trip's waits in one
// row and dossiers by vehicle, commune and day, migration 5): a trip's waits and ratings when the trip is stored, a vehicle's days of dossiers
// when any of that day's dossiers changes, a trip's waits and ratings by procedure when either does.
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
         coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND payment = 'cash'), 0),
         coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND payment IN ('bank_qr','online')), 0)
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

export class FigureRepo {
  constructor(private readonly db: Queryable) {}

  /** A trip's waits and ratings (its old rows went with the trip it replaces). */
  async trip(vehicleId: number, tripNo: number): Promise<void> {
    await query(this.db, TRIP_HIST('vehicle_id = $1 AND trip_no = $2'), [vehicleId, tripNo]);
    await query(this.db, TRIP_RATINGS('vehicle_id = $1 AND trip_no = $2'), [vehicleId, tripNo]);
    await this.procedureTrips(vehicleId, [tripNo]);
  }

  /** Trips' waits and ratings by procedure, counted again (their tickets or their dossiers changed). */
  async procedureTrips(vehicleId: number, tripNos: readonly number[]): Promise<void> {
    const list = [...new Set(tripNos)];
    if (list.length === 0) return;
    await query(this.db, 'DELETE FROM fig_proc_waits WHERE vehicle_id = $1 AND trip_no = ANY($2::int[])', [vehicleId, list]);
    await query(this.db, 'DELETE FROM fig_proc_ratings WHERE vehicle_id = $1 AND trip_no = ANY($2::int[])', [vehicleId, list]);
    await query(this.db, PROC_WAITS('vehicle_id = $1 AND trip_no = ANY($2::int[])'), [vehicleId, list]);
    await query(this.db, PROC_RATINGS('vehicle_id = $1 AND trip_no = ANY($2::int[])'), [vehicleId, list]);
  }

  /** A vehicle's days of dossiers, counted again. */
  async dossierDays(vehicleId: number, days: readonly string[]): Promise<void> {
    const list = [...new Set(days)];
    if (list.length === 0) return;
    await query(this.db, 'DELETE FROM fig_dossier_days WHERE vehicle_id = $1 AND day = ANY($2::date[])', [vehicleId, list]);
    await query(this.db, 'DELETE FROM fig_dossier_vdays WHERE vehicle_id = $1 AND day = ANY($2::date[])', [vehicleId, list]);
    await query(this.db, DOSSIER_DAYS('vehicle_id = $1 AND received_on = ANY($2::date[])'), [vehicleId, list]);
    await query(this.db, DOSSIER_VDAYS('vehicle_id = $1 AND day = ANY($2::date[])'), [vehicleId, list]);
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
    await query(this.db, 'TRUNCATE fig_trip_hist, fig_trip_ratings, fig_dossier_days, fig_dossier_vdays, fig_proc_waits, fig_proc_ratings');
    await query(this.db, TRIP_HIST('true'));
    await query(this.db, TRIP_RATINGS('true'));
    await query(this.db, DOSSIER_DAYS('true'));
    await query(this.db, DOSSIER_VDAYS('true'));
    await query(this.db, PROC_WAITS('true'));
    await query(this.db, PROC_RATINGS('true'));
    await query(this.db, 'INSERT INTO procedure_names (key, name) SELECT DISTINCT ON (procedure_key) procedure_key, procedure_name FROM dossiers ORDER BY procedure_key ON CONFLICT DO NOTHING');
  }
}
