// The counts behind a fleet report, per value of a dimension (src/centre/core/figures.ts), read from
// the summary tables (migration 002, src/centre/store/figures.ts): dossiers, results on time,
// overdue, fees by day of receipt; every ticket's wait as a histogram of whole minutes (so the
// median and 90th percentile are over all tickets); satisfaction scores; help by kind. Waits, help
// and satisfaction belong to tickets and trips, not to a procedure: rows by procedure or field
// carry dossiers, timeliness and fees only.
import type { Dimension, RowCounts } from '../core/figures.js';
import { query, type Queryable } from './db.js';

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

// How a row's key is read from a summary row (f: dossiers by day, w: waits or ratings by trip, tr: a trip).
const KEY: Record<Dimension | 'total', { f: string; w: string | null }> = {
  total: { f: "'total'", w: "'total'" },
  vehicle: { f: 'f.vehicle_id::text', w: 'w.vehicle_id::text' },
  commune: { f: "CASE f.commune_id WHEN 0 THEN '-' ELSE f.commune_id::text END", w: 'w.commune_id::text' },
  procedure: { f: 'f.procedure_key', w: null },
  field: { f: 'f.field', w: null },
  week: { f: "to_char(date_trunc('week', f.day), 'YYYY-MM-DD')", w: "to_char(date_trunc('week', w.day), 'YYYY-MM-DD')" },
  month: { f: "to_char(f.day, 'YYYY-MM')", w: "to_char(w.day, 'YYYY-MM')" },
};

function empty(key: string): RowCounts {
  return { key, label: key, dossiers: 0, withResult: 0, onTime: 0, overdue: 0, feesCollectedVnd: 0, feesAwaitingVnd: 0, waits: [], help: [], ratings: [0, 0, 0, 0, 0] };
}

const where = (a: string) => `${a}.day BETWEEN $1 AND $2 AND ($3::int IS NULL OR ${a}.vehicle_id = $3) AND ($4::int IS NULL OR ${a}.commune_id = $4)`;

export class ReportRepo {
  constructor(private readonly db: Queryable) {}

  async counts(q: CountQuery): Promise<Map<string, RowCounts>> {
    const k = KEY[q.by];
    const rows = new Map<string, RowCounts>();
    const at = (key: string) => rows.get(key) ?? (rows.set(key, empty(key)).get(key) as RowCounts);
    const p = [q.from, q.to, q.vehicleId ?? null, q.communeId ?? null];
    const none = Promise.resolve({ rows: [] as never[] });
    const [dossiers, waits, ratings, help] = await Promise.all([
      query<{ key: string; n: number; with_result: number; on_time: number; overdue: number; collected: number; awaiting: number }>(
        this.db,
        `SELECT ${k.f} AS key, sum(f.n)::int AS n, sum(f.with_result)::int AS with_result, sum(f.on_time)::int AS on_time,
                coalesce(sum(f.open) FILTER (WHERE f.due_date < $5::date), 0)::int AS overdue, sum(f.collected)::bigint AS collected, sum(f.awaiting)::bigint AS awaiting
         FROM fig_dossier_days f WHERE ${where('f')} GROUP BY 1`,
        [...p, q.asOf],
      ),
      k.w ? query<{ key: string; m: number; n: number }>(this.db, `SELECT ${k.w} AS key, w.wait_min AS m, sum(w.n)::int AS n FROM fig_trip_waits w WHERE ${where('w')} GROUP BY 1, 2`, p) : none,
      k.w ? query<{ key: string; score: number; n: number }>(this.db, `SELECT ${k.w} AS key, w.score, sum(w.n)::int AS n FROM fig_trip_ratings w WHERE ${where('w')} GROUP BY 1, 2`, p) : none,
      k.w
        ? query<{ key: string; kind: string; n: number }>(
            this.db,
            `SELECT ${k.w} AS key, h.kind, sum(h.n)::int AS n FROM help h JOIN trips w ON w.vehicle_id = h.vehicle_id AND w.trip_no = h.trip_no WHERE ${where('w')} GROUP BY 1, 2`,
            p,
          )
        : none,
    ]);
    for (const r of dossiers.rows) {
      const x = at(r.key);
      x.dossiers = r.n;
      x.withResult = r.with_result;
      x.onTime = r.on_time;
      x.overdue = r.overdue;
      x.feesCollectedVnd = Number(r.collected);
      x.feesAwaitingVnd = Number(r.awaiting);
    }
    for (const r of waits.rows) at(r.key).waits.push({ seconds: r.m * 60, n: r.n });
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
