// The communes' offices' status updates imported at the centre, each waiting for its vehicle's next
// sync; what the vehicle answered (applied, unchanged, refused) once it did.
import type { DossierState } from '../../core/lifecycle.js';
import type { UpdateDelivery, UpdateOutcome } from '../../core/sync.js';
import { query, type Queryable } from './db.js';
import { FigureRepo } from './figures.js';

export interface CentreDossierNow {
  vehicleId: number;
  vehicle: string;
  state: DossierState;
  receivedOn: string;
}

export interface NewUpdate {
  row: number;
  vehicleId: number;
  code: string;
  from: DossierState;
  to: DossierState;
  date: string;
  note: string | null;
}

export interface PendingUpdate extends NewUpdate {
  id: number;
  deliveredAt: number | null;
}

export class UpdateRepo {
  constructor(private readonly db: Queryable) {}

  /**
   * Every vehicle's dossier of these codes, as it stands with the updates not yet answered on top
   * (the last of them), so a second file is judged from where the first one left the dossier.
   */
  async dossiersByCode(codes: readonly string[]): Promise<Map<string, CentreDossierNow[]>> {
    const { rows } = await query<{ code: string; vehicle_id: number; name: string; state: DossierState; received_on: string }>(
      this.db,
      `SELECT d.code, d.vehicle_id, v.name, coalesce(
                (SELECT u.to_state FROM office_updates u WHERE u.vehicle_id = d.vehicle_id AND u.code = d.code AND u.acked_at IS NULL ORDER BY u.id DESC LIMIT 1),
                d.state) AS state, d.received_on
       FROM dossiers d JOIN vehicles v ON v.id = d.vehicle_id WHERE d.code = ANY($1::text[])`,
      [[...new Set(codes)]],
    );
    const out = new Map<string, CentreDossierNow[]>();
    for (const r of rows) out.set(r.code, [...(out.get(r.code) ?? []), { vehicleId: r.vehicle_id, vehicle: r.name, state: r.state, receivedOn: r.received_on }]);
    return out;
  }

  async addImport(i: { at: number; staff: string | null; fileSha256: string; format: string; rows: number; changes: number }): Promise<number> {
    const { rows } = await query<{ id: number }>(this.db, 'INSERT INTO update_imports (at, staff, file_sha256, format, rows, changes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [new Date(i.at), i.staff, i.fileSha256, i.format, i.rows, i.changes]);
    return (rows[0] as { id: number }).id;
  }

  async add(importId: number, list: readonly NewUpdate[]): Promise<void> {
    if (list.length === 0) return;
    await query(
      this.db,
      `INSERT INTO office_updates (import_id, row_no, vehicle_id, code, from_state, to_state, day, note)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[])`,
      [importId, list.map((u) => u.row), list.map((u) => u.vehicleId), list.map((u) => u.code), list.map((u) => u.from), list.map((u) => u.to), list.map((u) => u.date), list.map((u) => u.note)],
    );
  }

  /** Updates waiting for a vehicle's answer, oldest first; marked delivered now. */
  async deliver(vehicleId: number, at: number, limit = 500): Promise<UpdateDelivery[]> {
    const { rows } = await query<{ id: number; code: string; to_state: DossierState; day: string; note: string | null }>(
      this.db,
      `UPDATE office_updates u SET delivered_at = coalesce(delivered_at, $2), deliveries = deliveries + 1
       FROM (SELECT id FROM office_updates WHERE vehicle_id = $1 AND acked_at IS NULL ORDER BY id LIMIT $3) p
       WHERE u.id = p.id RETURNING u.id, u.code, u.to_state, u.day, u.note`,
      [vehicleId, new Date(at), limit],
    );
    return rows.sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, code: r.code, status: r.to_state, date: r.day, note: r.note }));
  }

  /**
   * Record the vehicle's answers (only for its own updates, once each) and, for those it applied,
   * move the centre's copy of the dossier on too: its history gains the change.
   */
  async ack(vehicleId: number, outcomes: readonly UpdateOutcome[], at: number): Promise<number> {
    if (outcomes.length === 0) return 0;
    const { rows } = await query<{ code: string; to_state: string; day: string; outcome: string }>(
      this.db,
      `UPDATE office_updates u SET outcome = x.outcome, reason = x.reason, acked_at = $3
       FROM jsonb_to_recordset($2::jsonb) AS x(id bigint, outcome text, reason text)
       WHERE u.id = x.id AND u.vehicle_id = $1 AND u.acked_at IS NULL
       RETURNING u.code, u.to_state, u.day, u.outcome`,
      [vehicleId, JSON.stringify(outcomes.map((o) => ({ id: o.id, outcome: o.outcome, reason: o.reason }))), new Date(at)],
    );
    const figures = new FigureRepo(this.db);
    if (rows.some((x) => x.outcome === 'applied')) await figures.lock(vehicleId);
    for (const r of rows.filter((x) => x.outcome === 'applied')) {
      await query(
        this.db,
        `UPDATE dossiers SET events = events || jsonb_build_array(jsonb_build_object('at', $3::bigint, 'from', state, 'to', $4::text)),
                state = $4, state_at = $5, result_on = CASE WHEN $4 IN ('result_ready', 'refused') THEN $6::date ELSE result_on END, updated_at = $5
         WHERE vehicle_id = $1 AND code = $2 AND state <> $4`,
        [vehicleId, r.code, at, r.to_state, new Date(at), r.day],
      );
    }
    const applied = rows.filter((x) => x.outcome === 'applied').map((x) => x.code);
    if (applied.length) {
      await figures.months(vehicleId, await figures.dossierDays(vehicleId, await figures.daysOf(vehicleId, applied)));
    }
    return rows.length;
  }

  /** Updates by their answer, for `centre updates` (the newest first). */
  async list(limit: number, vehicleId?: number): Promise<(PendingUpdate & { outcome: string | null; reason: string | null; vehicle: string })[]> {
    const { rows } = await query<{ id: number; row_no: number; vehicle_id: number; name: string; code: string; from_state: DossierState; to_state: DossierState; day: string; note: string | null; delivered_at: Date | null; outcome: string | null; reason: string | null }>(
      this.db,
      `SELECT u.*, v.name FROM office_updates u JOIN vehicles v ON v.id = u.vehicle_id WHERE ($2::int IS NULL OR u.vehicle_id = $2) ORDER BY u.id DESC LIMIT $1`,
      [limit, vehicleId ?? null],
    );
    return rows.map((r) => ({ id: r.id, row: r.row_no, vehicleId: r.vehicle_id, vehicle: r.name, code: r.code, from: r.from_state, to: r.to_state, date: r.day, note: r.note, deliveredAt: r.delivered_at?.getTime() ?? null, outcome: r.outcome, reason: r.reason }));
  }
}
