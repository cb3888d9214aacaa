// The counts behind a fleet report, per value of a dimension (src/centre/core/figures.ts): dossiers,
// results on time, overdue, fees; every ticket's wait as a histogram of whole seconds (so the
// median and 90th percentile are over all tickets); help by kind; satisfaction scores.
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

// How a row's key is read from a dossier (d), a ticket (t) or a trip (tr).
const KEY: Record<Dimension | 'total', { d: string; t: string | null; tr: string | null }> = {
  total: { d: "'total'", t: "'total'", tr: "'total'" },
  vehicle: { d: 'd.vehicle_id::text', t: 't.vehicle_id::text', tr: 'tr.vehicle_id::text' },
  commune: { d: "coalesce(d.commune_id::text, '-')", t: 't.commune_id::text', tr: 'tr.commune_id::text' },
  procedure: { d: 'd.procedure_key', t: null, tr: null },
  field: { d: 'd.field', t: null, tr: null },
  week: { d: "to_char(date_trunc('week', d.received_on), 'YYYY-MM-DD')", t: "to_char(date_trunc('week', t.day), 'YYYY-MM-DD')", tr: "to_char(date_trunc('week', tr.day), 'YYYY-MM-DD')" },
  month: { d: "to_char(d.received_on, 'YYYY-MM')", t: "to_char(t.day, 'YYYY-MM')", tr: "to_char(tr.day, 'YYYY-MM')" },
};

function empty(key: string): RowCounts {
  return { key, label: key, dossiers: 0, withResult: 0, onTime: 0, overdue: 0, feesCollectedVnd: 0, feesAwaitingVnd: 0, waits: [], help: [], ratings: [0, 0, 0, 0, 0] };
}

export class ReportRepo {
  constructor(private readonly db: Queryable) {}

  async counts(q: CountQuery): Promise<Map<string, RowCounts>> {
    const k = KEY[q.by];
    const rows = new Map<string, RowCounts>();
    const at = (key: string) => rows.get(key) ?? (rows.set(key, empty(key)).get(key) as RowCounts);
    const p = [q.from, q.to, q.vehicleId ?? null, q.communeId ?? null];
    const dWhere = 'd.received_on BETWEEN $1 AND $2 AND ($3::int IS NULL OR d.vehicle_id = $3) AND ($4::int IS NULL OR d.commune_id = $4)';
    const tWhere = 't.day BETWEEN $1 AND $2 AND ($3::int IS NULL OR t.vehicle_id = $3) AND ($4::int IS NULL OR t.commune_id = $4)';

    const [dossiers, waits, ratings, help] = await Promise.all([
      query<{ key: string; n: number; with_result: number; on_time: number; overdue: number; collected: number | null; awaiting: number | null }>(
        this.db,
        `SELECT ${k.d} AS key,
                count(*) FILTER (WHERE d.state <> 'cancelled')::int AS n,
                count(*) FILTER (WHERE d.state IN ('result_ready','returned','refused') AND d.result_on IS NOT NULL)::int AS with_result,
                count(*) FILTER (WHERE d.state IN ('result_ready','returned','refused') AND d.result_on <= d.due_date)::int AS on_time,
                count(*) FILTER (WHERE d.state IN ('received','handed_over','processing','supplement_requested') AND d.due_date < $5::date)::int AS overdue,
                sum(d.fee_vnd) FILTER (WHERE d.state <> 'cancelled' AND d.payment = 'cash')::bigint AS collected,
                sum(d.fee_vnd) FILTER (WHERE d.state <> 'cancelled' AND d.payment IN ('bank_qr','online'))::bigint AS awaiting
         FROM dossiers d WHERE ${dWhere} GROUP BY 1`,
        [...p, q.asOf],
      ),
      k.t
        ? query<{ key: string; s: number; n: number }>(this.db, `SELECT ${k.t} AS key, t.wait_ms / 1000 AS s, count(*)::int AS n FROM tickets t WHERE ${tWhere} AND t.wait_ms IS NOT NULL GROUP BY 1, 2`, p)
        : query<{ key: string; s: number; n: number }>(
            this.db,
            `SELECT ${k.d} AS key, t.wait_ms / 1000 AS s, count(*)::int AS n FROM dossiers d
             JOIN tickets t ON t.vehicle_id = d.vehicle_id AND t.trip_no = d.trip_no AND t.ticket_no = d.ticket_no
             WHERE ${dWhere} AND d.state <> 'cancelled' AND t.wait_ms IS NOT NULL GROUP BY 1, 2`,
            p,
          ),
      k.t
        ? query<{ key: string; score: number; n: number }>(this.db, `SELECT ${k.t} AS key, t.rating AS score, count(*)::int AS n FROM tickets t WHERE ${tWhere} AND t.rating IS NOT NULL GROUP BY 1, 2`, p)
        : query<{ key: string; score: number; n: number }>(
            this.db,
            `SELECT ${k.d} AS key, t.rating AS score, count(*)::int AS n FROM dossiers d
             JOIN tickets t ON t.vehicle_id = d.vehicle_id AND t.trip_no = d.trip_no AND t.ticket_no = d.ticket_no
             WHERE ${dWhere} AND d.state <> 'cancelled' AND t.rating IS NOT NULL GROUP BY 1, 2`,
            p,
          ),
      k.tr
        ? query<{ key: string; kind: string; n: number }>(
            this.db,
            `SELECT ${k.tr} AS key, h.kind, sum(h.n)::int AS n FROM help h JOIN trips tr ON tr.vehicle_id = h.vehicle_id AND tr.trip_no = h.trip_no
             WHERE tr.day BETWEEN $1 AND $2 AND ($3::int IS NULL OR tr.vehicle_id = $3) AND ($4::int IS NULL OR tr.commune_id = $4) GROUP BY 1, 2`,
            p,
          )
        : Promise.resolve({ rows: [] as { key: string; kind: string; n: number }[] }),
    ]);
    for (const r of dossiers.rows) {
      const x = at(r.key);
      x.dossiers = r.n;
      x.withResult = r.with_result;
      x.onTime = r.on_time;
      x.overdue = r.overdue;
      x.feesCollectedVnd = Number(r.collected ?? 0);
      x.feesAwaitingVnd = Number(r.awaiting ?? 0);
    }
    for (const r of waits.rows) at(r.key).waits.push({ seconds: r.s, n: r.n });
    for (const r of ratings.rows) (at(r.key).ratings[r.score - 1] as number) += r.n;
    for (const r of help.rows) at(r.key).help.push({ kind: r.kind, n: r.n });
    await this.label(q, rows);
    return rows;
  }

  /** Names for the keys that are ids (vehicles, communes) or codes (procedures). */
  private async label(q: CountQuery, rows: Map<string, RowCounts>): Promise<void> {
    const keys = [...rows.keys()];
    if (keys.length === 0) return;
    let names: { key: string; label: string }[] = [];
    if (q.by === 'vehicle') names = (await query<{ key: string; label: string }>(this.db, 'SELECT id::text AS key, name AS label FROM vehicles WHERE id::text = ANY($1)', [keys])).rows;
    else if (q.by === 'commune') names = (await query<{ key: string; label: string }>(this.db, 'SELECT id::text AS key, name AS label FROM communes WHERE id::text = ANY($1)', [keys])).rows;
    else if (q.by === 'procedure')
      names = (
        await query<{ key: string; label: string }>(
          this.db,
          'SELECT DISTINCT ON (procedure_key) procedure_key AS key, procedure_name ->> $2 AS label FROM dossiers WHERE procedure_key = ANY($1) ORDER BY procedure_key, received_on DESC',
          [keys, q.lang],
        )
      ).rows;
    for (const n of names) {
      const r = rows.get(n.key);
      if (r) r.label = n.label;
    }
  }
}
