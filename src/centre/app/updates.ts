// The communes' offices' status updates, imported at the centre from the same CSV or JSON a vehicle's
// `handover import` reads (src/core/officeUpdates.ts), checked row by row against each dossier as the
// centre knows it, and kept for the dossier's vehicle, which gets them on its next sync, applies them
// through its own lifecycle checks and answers for each. All or nothing, as on the vehicle: one bad
// row and nothing is kept.
import { createHash } from 'node:crypto';
import { DomainError } from '../../core/errors.js';
import { allProblems, parseUpdateFile, planUpdates, type PlannedChange, type RowProblem, type StatusUpdate, type UpdatePlan } from '../../core/officeUpdates.js';
import type { UpdateDelivery, UpdateOutcome } from '../../core/sync.js';
import { localDate } from '../../core/time.js';
import { UpdateRepo, type CentreDossierNow } from '../store/updates.js';
import type { Vehicle } from '../store/vehicles.js';
import type { Centre } from './centre.js';
import { lockVehicle } from './ingest.js';

export interface CentreImportReport {
  format: 'csv' | 'json';
  rows: number;
  changes: (PlannedChange & { vehicle: string })[];
  unchanged: UpdatePlan['unchanged'];
  problems: RowProblem[];
  applied: boolean;
}

export async function importOfficeUpdates(centre: Centre, bytes: Uint8Array, opts: { apply: boolean }): Promise<CentreImportReport> {
  await centre.guard('updates.import');
  const parsed = parseUpdateFile(bytes);
  const today = localDate(centre.now());
  const check = async (repo: UpdateRepo) => {
    const known = await repo.dossiersByCode(parsed.rows.map((r) => r.code.trim().toUpperCase()));
    // A code two vehicles gave (two vehicles sharing an agency code) cannot be told apart by the office's file.
    const ambiguous: RowProblem[] = [];
    const rows: StatusUpdate[] = [];
    for (const r of parsed.rows) {
      const list = known.get(r.code.trim().toUpperCase()) ?? [];
      if (list.length > 1) ambiguous.push({ row: r.row, code: r.code, error: new DomainError('err.centre.ambiguous', { code: r.code, vehicles: list.map((x) => x.vehicle).join(', ') }) });
      else rows.push(r);
    }
    const one = (code: string): CentreDossierNow | undefined => known.get(code)?.[0];
    const plan = planUpdates(rows, (code) => one(code), today);
    plan.problems.push(...ambiguous);
    const problems = allProblems(parsed, plan);
    const changes = plan.changes.map((ch) => ({ ...ch, vehicle: (one(ch.code) as CentreDossierNow).vehicle, vehicleId: (one(ch.code) as CentreDossierNow).vehicleId }));
    return { plan, problems, changes };
  };
  const report = (r: Awaited<ReturnType<typeof check>>, applied: boolean): CentreImportReport => ({
    format: parsed.format,
    rows: parsed.rows.length + parsed.problems.length,
    changes: r.changes.map(({ vehicleId: _, ...ch }) => ch),
    unchanged: r.plan.unchanged,
    problems: r.problems,
    applied,
  });
  if (!opts.apply) return report(await check(new UpdateRepo(centre.pool)), false);
  return centre.tx(async (c) => {
    // One import at a time: the second is judged from where the first left the dossiers.
    await c.query('LOCK TABLE office_updates IN SHARE ROW EXCLUSIVE MODE');
    const repo = new UpdateRepo(c);
    const r = await check(repo);
    if (r.problems.length > 0) return report(r, false);
    const id = await repo.addImport({ at: centre.now(), staff: centre.staff?.name ?? null, fileSha256: createHash('sha256').update(bytes).digest('hex'), format: parsed.format, rows: parsed.rows.length, changes: r.changes.length });
    await repo.add(
      id,
      r.changes.map((ch) => ({ row: ch.row, vehicleId: ch.vehicleId, code: ch.code, from: ch.from, to: ch.to, date: ch.date, note: ch.note })),
    );
    return report(r, true);
  });
}

/** The updates waiting for this vehicle (marked delivered; delivered again until it answers). */
export async function deliverUpdates(centre: Centre, v: Vehicle): Promise<UpdateDelivery[]> {
  return new UpdateRepo(centre.pool).deliver(v.id, centre.now());
}

export async function ackUpdates(centre: Centre, v: Vehicle, json: unknown): Promise<number> {
  const list = (json as { outcomes?: unknown })?.outcomes;
  if (!Array.isArray(list) || list.length > 5000) throw new DomainError('err.centre.payload', { detail: '$.outcomes: not a list' });
  const outcomes: UpdateOutcome[] = list.map((x, i) => {
    const o = x as Record<string, unknown>;
    if (!Number.isSafeInteger(o?.id) || !['applied', 'unchanged', 'refused'].includes(String(o.outcome))) throw new DomainError('err.centre.payload', { detail: `$.outcomes[${i}]` });
    const reason = typeof o.reason === 'string' ? o.reason.slice(0, 500) : null;
    return { id: o.id as number, outcome: o.outcome as UpdateOutcome['outcome'], reason, params: null };
  });
  return centre.tx(async (c) => {
    await lockVehicle(c, v.id);
    return new UpdateRepo(c).ack(v.id, outcomes, centre.now());
  });
}

export async function listUpdates(centre: Centre, limit = 100): Promise<Awaited<ReturnType<UpdateRepo['list']>>> {
  await centre.guard('report');
  return new UpdateRepo(centre.pool).list(limit);
}

