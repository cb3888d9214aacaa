// The counts behind a fleet report, per value of a dimension (src/centre/core/figures.ts), read from
// the summary tables (migrations 2 to 6, src/centre/store/figures.ts): dossiers, results on time,
// overdue, fees by day of receipt; every ticket's wait as a histogram in seconds (migration 4's
// buckets: so the median and 90th percentile are over all tickets); satisfaction scores; help by
// kind. Waits and satisfaction by procedure or field come from the tickets the dossiers of that
// procedure were received at (migration 3: a ticket counts once under each procedure it came for);
// help belongs to a trip, not a procedure, and is left out of those rows. By procedure or field, the
// whole months of a period are read from a vehicle's months (migration 6), the rest by day and trip.
import type { QueryResultRow } from 'pg';
import { splitByMonths, type Dimension, type RowCounts } from '../core/figures.js';
import { query, type Queryable } from './db.js';

/** A row of fig_proc_months summed (migration 6). */
interface MonthRow {
  key: string;
  n: number;
  with_result: number;
  on_time: number;
  overdue: number;
  collected: number;
  awaiting: number;
  score1: number;
  score2: number;
  score3: number;
  score4: number;
  score5: number;
  waits: string;
}

export interface CountQuery {
  by: Dimension | 'total';
  from: string;
  to: string;
  /** The day "overdue" is judged at (the end of the period, or today if sooner). */
  asOf: string;
  vehicleId?: number;
  communeId?: number;
  lang: 'vi' | 'en';
}

// A row's key: the summary rows are first summed by one plain column (`base`: an id, a code, a day),
// then the key is made from that column on the few sums (a week or month from a day), not on every row.
// `ticketLevel`: help by trip is counted; `proc`: waits and ratings come from the by-procedure tables.
const KEY: Record<Dimension | 'total', { base: string | null; key: string; ticketLevel: boolean; proc?: true }> = {
  total: { base: null, key: "'total'", ticketLevel: true },
  vehicle: { base: 'vehicle_id', key: 'b::text', ticketLevel: true },
  commune: { base: 'commune_id', key: "CASE b WHEN 0 THEN '-' ELSE b::text END", ticketLevel: true },
  procedure: { base: 'procedure_key', key: 'b', ticketLevel: false, proc: true },
  field: { base: 'field', key: 'b', ticketLevel: false, proc: true },
  week: { base: 'day', key: "to_char(date_trunc('week', b), 'YYYY-MM-DD')", ticketLevel: true },
  month: { base: 'day', key: "to_char(b, 'YYYY-MM')", ticketLevel: true },
};

function empty(key: string): RowCounts {
  return { key, label: key, dossiers: 0, withResult: 0, onTime: 0, overdue: 0, feesCollectedVnd: 0, feesAwaitingVnd: 0, waits: [], help: [], ratings: [0, 0, 0, 0, 0] };
}

/** The parameters of one query, numbered as they are added. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** Rows of these days (the period, or its edges), of the one vehicle or commune asked for. */
function filter(a: string, p: Params, q: CountQuery, days: readonly { from: string; to: string }[]): string {
  const ranges = days.map((d) => `${a}.day BETWEEN ${p.add(d.from)}::date AND ${p.add(d.to)}::date`);
  return [
    ranges.length === 1 ? (ranges[0] as string) : `(${ranges.join(' OR ')})`,
    ...(q.vehicleId === undefined ? [] : [`${a}.vehicle_id = ${p.add(q.vehicleId)}::int`]),
    ...(q.communeId === undefined ? [] : [`${a}.commune_id = ${p.add(q.communeId)}::int`]),
  ].join(' AND ');
}

/**
 * Histograms of waits added up fast: a bucket of centre_wait_s (migration 4) is a slot of an array
 * (seconds 0-99, then tens of seconds to 10 minutes, then minutes), anything else in a map.
 */
class Histogram {
  private slots = new Float64Array(1024);
  private other = new Map<number, number>();

  /** (seconds, tickets) pairs as big-endian int4, as fig_trip_hist keeps them. */
  addPacked(b: Buffer): void {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i + 8 <= b.byteLength; i += 8) this.add(v.getInt32(i), v.getInt32(i + 4));
  }

  add(s: number, n: number): void {
    const slot = s < 100 ? s : s < 600 ? (s % 10 === 0 ? 100 + (s - 100) / 10 : -1) : s % 60 === 0 ? 150 + (s - 600) / 60 : -1;
    if (slot < 0) {
      this.other.set(s, (this.other.get(s) ?? 0) + n);
      return;
    }
    if (slot >= this.slots.length) {
      const grown = new Float64Array(Math.max(slot + 1, this.slots.length * 2));
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots[slot] = (this.slots[slot] as number) + n;
  }

  buckets(): { seconds: number; n: number }[] {
    const out = [...this.other].map(([seconds, n]) => ({ seconds, n }));
    this.slots.forEach((n, i) => {
      if (n > 0) out.push({ seconds: i < 100 ? i : i < 150 ? 100 + (i - 100) * 10 : 600 + (i - 150) * 60, n });
    });
    return out;
  }
}

/** Add a summary's dossier figures to a row's (a period's months and the days at its edges both have some). */
function addDossiers(x: RowCounts, r: { n: number; with_result: number; on_time: number; overdue: number; collected: number; awaiting: number }): RowCounts {
  x.dossiers += r.n;
  x.withResult += r.with_result;
  x.onTime += r.on_time;
  x.overdue += r.overdue;
  x.feesCollectedVnd += Number(r.collected);
  x.feesAwaitingVnd += Number(r.awaiting);
  return x;
}

export class ReportRepo {
  constructor(private readonly db: Queryable) {}

  /** `parts`: which figures to count (a total over a report's rows needs only what they lack). */
  async counts(q: CountQuery, parts: { dossiers: boolean; tickets: boolean } = { dossiers: true, tickets: true }): Promise<Map<string, RowCounts>> {
    const k = { ...KEY[q.by], ticketLevel: KEY[q.by].ticketLevel && parts.tickets };
    const tickets = parts.tickets && (k.ticketLevel || k.proc === true);
    const ratingsTable = k.proc ? 'fig_proc_ratings' : 'fig_trip_ratings';
    const rows = new Map<string, RowCounts>();
    const at = (key: string) => rows.get(key) ?? (rows.set(key, empty(key)).get(key) as RowCounts);
    const none = Promise.resolve({ rows: [] as never[] });
    const b = k.base ? `${k.base} AS b` : 'NULL::int AS b';
    const by = k.base ? 'GROUP BY 1' : '';
    // By procedure or field, the whole months of the period come from a vehicle's months (migration
    // 6), the days at its edges from the rows by day and trip; a commune's rows are read by commune.
    const split = k.proc && parts.dossiers && parts.tickets && q.communeId === undefined ? splitByMonths(q.from, q.to) : { months: null, edges: [{ from: q.from, to: q.to }] };
    const days = split.edges;
    const detail = days.length > 0;
    const run = <R extends QueryResultRow>(make: (p: Params) => string) => {
      const p = new Params();
      const sql = make(p);
      return query<R>(this.db, sql, p.values);
    };
    // Dossiers: by procedure or field from the rows by procedure and due date; otherwise from the
    // rows by vehicle, commune and day, the open ones' due dates in arrays (migration 5).
    const overdue = (asOf: string) =>
      k.proc ? `coalesce(sum(f.open) FILTER (WHERE f.due_date < ${asOf}::date), 0)` : `sum((SELECT coalesce(sum(o), 0) FROM unnest(f.open_due, f.open_n) AS u(d, o) WHERE d < ${asOf}::date))`;
    const [dossiers, waits, hists, ratings, help, months] = await Promise.all([
      !parts.dossiers || !detail
        ? none
        : run<{ key: string; n: number; with_result: number; on_time: number; overdue: number; collected: number; awaiting: number }>(
            (p) => `SELECT ${k.key} AS key, sum(n)::int AS n, sum(with_result)::int AS with_result, sum(on_time)::int AS on_time, sum(overdue)::int AS overdue,
                sum(collected)::bigint AS collected, sum(awaiting)::bigint AS awaiting
         FROM (SELECT ${b}, sum(f.n) AS n, sum(f.with_result) AS with_result, sum(f.on_time) AS on_time, ${overdue(p.add(q.asOf))} AS overdue,
                      sum(f.collected) AS collected, sum(f.awaiting) AS awaiting
               FROM ${k.proc ? 'fig_dossier_days' : 'fig_dossier_vdays'} f WHERE ${filter('f', p, q, days)} ${by}) x GROUP BY 1`,
          ),
      tickets && k.proc && detail
        ? run<{ key: string; m: number; n: number }>(
            (p) => `SELECT ${k.key} AS key, m, sum(n)::int AS n FROM (SELECT ${b}, w.wait_s AS m, sum(w.n) AS n FROM fig_proc_waits w WHERE ${filter('w', p, q, days)} GROUP BY ${k.base ? '1, 2' : '2'}) x GROUP BY 1, 2`,
          )
        : none,
      // A trip's waits are one row: its histogram, added up here (a year is some 13,000 rows, not 700,000).
      // In base64: node-postgres reads a year of bytea in hex at several times the CPU (bench/centre.mjs).
      tickets && !k.proc ? run<{ key: string; waits: string }>((p) => `SELECT ${k.key} AS key, encode(waits, 'base64') AS waits FROM (SELECT ${b}, w.waits FROM fig_trip_hist w WHERE ${filter('w', p, q, days)}) x`) : none,
      tickets && detail
        ? run<{ key: string; score: number; n: number }>(
            (p) => `SELECT ${k.key} AS key, score, sum(n)::int AS n FROM (SELECT ${b}, w.score, sum(w.n) AS n FROM ${ratingsTable} w WHERE ${filter('w', p, q, days)} GROUP BY ${k.base ? '1, 2' : '2'}) x GROUP BY 1, 2`,
          )
        : none,
      k.ticketLevel
        ? run<{ key: string; kind: string; n: number }>(
            (p) => `SELECT ${k.key} AS key, kind, sum(n)::int AS n FROM (SELECT ${k.base ? `w.${k.base} AS b` : 'NULL::int AS b'}, h.kind, sum(h.n) AS n FROM help h JOIN trips w ON w.vehicle_id = h.vehicle_id AND w.trip_no = h.trip_no
             WHERE ${filter('w', p, q, days)} GROUP BY ${k.base ? '1, 2' : '2'}) x GROUP BY 1, 2`,
          )
        : none,
      // The whole months: every figure of a row from one table, its waits as packed histograms joined
      // end to end (a row's pairs are added up here, in any order). By procedure and field even for a
      // report by field (its rows added up here too): PostgreSQL joins a few megabytes of histograms
      // into eight values at twice the CPU it takes for 47.
      split.months
        ? run<MonthRow>((p) => {
            const asOf = p.add(q.asOf);
            const vehicle = q.vehicleId === undefined ? '' : ` AND s.vehicle_id = ${p.add(q.vehicleId)}::int`;
            // overdue: the open ones, all of them when the last is due before the day it is judged at
            const overdueNow = `CASE WHEN s.open = 0 THEN 0 WHEN s.open_last < ${asOf}::date THEN s.open ELSE (SELECT coalesce(sum(o), 0) FROM unnest(s.open_due, s.open_n) AS u(d, o) WHERE d < ${asOf}::date) END`;
            return `SELECT s.${k.base} AS key, sum(s.n)::int AS n, sum(s.with_result)::int AS with_result, sum(s.on_time)::int AS on_time, sum(${overdueNow})::int AS overdue,
                    sum(s.collected)::bigint AS collected, sum(s.awaiting)::bigint AS awaiting, sum(s.score1)::int AS score1, sum(s.score2)::int AS score2,
                    sum(s.score3)::int AS score3, sum(s.score4)::int AS score4, sum(s.score5)::int AS score5, encode(string_agg(s.waits, ''::bytea), 'base64') AS waits
             FROM fig_proc_months s WHERE s.month BETWEEN ${p.add(split.months?.first)}::date AND ${p.add(split.months?.last)}::date${vehicle} GROUP BY s.procedure_key, s.field`;
          })
        : none,
    ]);
    for (const r of dossiers.rows) addDossiers(at(r.key), r);
    const added = new Map<string, Histogram>();
    const hist = (key: string) => added.get(key) ?? (added.set(key, new Histogram()).get(key) as Histogram);
    for (const r of months.rows) {
      const x = addDossiers(at(r.key), r);
      [r.score1, r.score2, r.score3, r.score4, r.score5].forEach((n, i) => ((x.ratings[i] as number) += n));
      hist(r.key).addPacked(Buffer.from(r.waits, 'base64'));
    }
    for (const r of waits.rows) hist(r.key).add(r.m, r.n);
    for (const r of hists.rows) hist(r.key).addPacked(Buffer.from(r.waits, 'base64'));
    for (const [key, h] of added) at(key).waits.push(...h.buckets());
    for (const r of ratings.rows) (at(r.key).ratings[r.score - 1] as number) += r.n;
    for (const r of help.rows) at(r.key).help.push({ kind: r.kind, n: r.n });
    await this.label(q, rows);
    return rows;
  }

  /** Names for the keys that are ids (vehicles, communes) or codes (procedures). */
  private async label(q: CountQuery, rows: Map<string, RowCounts>): Promise<void> {
    const keys = [...rows.keys()];
    if (keys.length === 0) return;
    const sql: Partial<Record<Dimension | 'total', string>> = {
      vehicle: 'SELECT id::text AS key, name AS label FROM vehicles WHERE id::text = ANY($1)',
      commune: 'SELECT id::text AS key, name AS label FROM communes WHERE id::text = ANY($1)',
      procedure: 'SELECT key, name ->> $2 AS label FROM procedure_names WHERE key = ANY($1)',
    };
    const s = sql[q.by];
    if (!s) return;
    const { rows: names } = await query<{ key: string; label: string }>(this.db, s, q.by === 'procedure' ? [keys, q.lang] : [keys]);
    for (const n of names) {
      const r = rows.get(n.key);
      if (r) r.label = n.label;
    }
  }
}
