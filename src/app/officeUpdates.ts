// What comes back from the commune's one-stop office: status updates for the dossiers handed over
// (applied all or nothing), and from them the list of results ready to return to citizens at the
// vehicle's next visit. Parsing and row checks are pure (src/core/officeUpdates.ts); here they meet
// the database: the dry run reads, the real run checks again and writes in one IMMEDIATE transaction
// through DossierDesk.setState, so a file with a bad row changes nothing.
import type { Dossier } from '../core/dossier.js';
import { DomainError } from '../core/errors.js';
import type { DossierState } from '../core/lifecycle.js';
import { allProblems, parseUpdateFile, planUpdates, sameCommune, type DossierNow, type PlannedChange, type RowProblem, type UpdatePlan } from '../core/officeUpdates.js';
import type { ReturnMethod } from '../core/receipt.js';
import { compareVi } from '../core/text.js';
import { localDate } from '../core/time.js';
import type { Trip } from '../core/trip.js';
import type { ReadyDossier, RecordedChange } from './dossiers.js';
import type { OnProgress } from './progress.js';
import type { Tx } from '../store/types.js';

/** What importing an office's update file needs (Luudong is one). */
export interface UpdatesContext {
  now(): number;
  /** One IMMEDIATE transaction after catching up with other processes (Luudong.write). */
  write<T>(fn: (tx: Tx) => T): T;
  readonly dossiers: {
    /** The dossier with exactly this code, if any. */
    lookup(code: string): Dossier | undefined;
    /** A lifecycle step, refused unless allowed (DossierDesk.setState). */
    setState(code: string, to: DossierState, note: string | null, recorded: RecordedChange): Dossier;
  };
}

/** What the list of results to return reads (Luudong is one). */
export interface ReadyContext {
  currentTrip(): Trip | undefined;
  getTrip(id: number): Trip | undefined;
  readonly dossiers: {
    /** Dossiers whose result is ready and not yet returned, with the trip each was received on. */
    ready(): ReadyDossier[];
  };
}

export interface ImportReport {
  format: 'csv' | 'json';
  /** Rows read, good and bad. */
  rows: number;
  changes: PlannedChange[];
  unchanged: UpdatePlan['unchanged'];
  problems: RowProblem[];
  /** Written to the database (only with apply, and only when no row is bad). */
  applied: boolean;
}

/**
 * Check an update file against the dossiers and, with `apply`, record every change in one
 * transaction: each with the office's date as the result's date and the row's note. Any bad row
 * and nothing is written; the report names every bad row and why.
 */
export function importUpdates(app: UpdatesContext, bytes: Uint8Array, opts: { apply: boolean; onProgress?: OnProgress }): ImportReport {
  const parsed = parseUpdateFile(bytes);
  const total = parsed.rows.length;
  const lookup = (code: string): DossierNow | undefined => {
    const d = app.dossiers.lookup(code);
    return d && { state: d.state, receivedOn: d.receivedOn };
  };
  const check = () => {
    opts.onProgress?.('checking', 0, total);
    const plan = planUpdates(parsed.rows, lookup, localDate(app.now()));
    opts.onProgress?.('checking', total, total);
    return plan;
  };
  const report = (plan: UpdatePlan, applied: boolean): ImportReport => ({
    format: parsed.format,
    rows: parsed.rows.length + parsed.problems.length,
    changes: plan.changes,
    unchanged: plan.unchanged,
    problems: allProblems(parsed, plan),
    applied,
  });
  if (!opts.apply) return report(check(), false);

  // Checked again inside the transaction: what is applied is what was checked, even with another
  // desk writing at the same time.
  return app.write(() => {
    const plan = check();
    if (allProblems(parsed, plan).length > 0) return report(plan, false);
    plan.changes.forEach((c, i) => {
      app.dossiers.setState(c.code, c.to, c.note, { resultOn: c.date });
      if (i % 200 === 0) opts.onProgress?.('applying', i, plan.changes.length);
    });
    opts.onProgress?.('applying', plan.changes.length, plan.changes.length);
    return report(plan, true);
  });
}

// ---- results ready to return --------------------------------------------------------------------

export interface ReadyQuery {
  /** A commune by name ("Mỹ Đức", "xã Mỹ Đức", marks optional). */
  commune?: string;
  /** The commune of this trip. */
  tripId?: number;
  /** How the result goes back; default: at the vehicle's next visit only. */
  returnMethods?: readonly ReturnMethod[];
}

export interface ReadyResult {
  /** The commune asked about; null: every commune. */
  commune: string | null;
  dossiers: ReadyDossier[];
}

/**
 * Dossiers whose result is back and waiting for the citizen: for a commune, or a trip's commune,
 * or else the open trip's commune, or (no trip open) every commune. Sorted by place, then by the
 * citizen's name the Vietnamese way, so the list can be read out in order.
 */
export function readyToReturn(app: ReadyContext, q: ReadyQuery = {}): ReadyResult {
  let commune: string | null;
  if (q.commune !== undefined) commune = q.commune;
  else if (q.tripId !== undefined) {
    const trip = app.getTrip(q.tripId);
    if (!trip) throw new DomainError('err.tripNotFound', { id: q.tripId });
    commune = trip.commune;
  } else commune = app.currentTrip()?.commune ?? null;
  const methods: readonly ReturnMethod[] = q.returnMethods ?? ['next_visit'];
  const dossiers: ReadyDossier[] = [];
  for (const r of app.dossiers.ready()) {
    if (commune !== null && (r.commune === null || !sameCommune(r.commune, commune))) continue;
    if (methods.includes(r.dossier.returnMethod)) dossiers.push(r);
  }
  dossiers.sort((a, b) => compareVi(a.place ?? '', b.place ?? '') || compareVi(a.dossier.citizenName, b.dossier.citizenName) || (a.dossier.code < b.dossier.code ? -1 : 1));
  return { commune, dossiers };
}
