// @ts-nocheck
// The trip's dossier figures: dossiers by procedure and by field (lĩnh vực), fees by payment, help
// given without a dossier, satisfaction, and the time from the start of service to the dossier's
// receipt. Pure.
import type { Dossier } from './dossier.js';
import type { HelpService } from './office.js';
import { PROCEDURE_FIELDS, type ProcedureField } from './procedures.js';
import { spread, type QueueLog, type Spread } from './queue/figures.js';
import { PAYMENT_METHODS, type PaymentMethod } from './receipt.js';

export interface DossierFigures {
  dossiers: number;
  byProcedure: { key: string; name: { vi: string; en: string }; n: number }[];
  /** Every field of the catalogue in its order, with none received counted as 0. */
  byField: { field: ProcedureField; n: number }[];
  feesVnd: number;
  byPayment: { method: PaymentMethod; n: number; vnd: number }[];
  byPost: number;
  help: { code: string; n: number }[];
  helpTotal: number;
  ratings: { n: number; mean: number | null; counts: number[] };
  /** From the start of service at the counter to the dossier's receipt, for dossiers from a ticket. */
  receipt: Spread;
}

/** Start of the service span of a ticket that was under way when the dossier was received. */
export function receiptStart(state: QueueLog, ticketId: number, receivedAt: number): number | undefined {
  let start: number | undefined;
  for (const s of state.spans) if (s.ticketId === ticketId && s.start <= receivedAt && (start === undefined || s.start > start)) start = s.start;
  const t = state.tickets.get(ticketId);
  if (t?.spanStart != null && t.spanStart <= receivedAt && (start === undefined || t.spanStart > start)) start = t.spanStart;
  return start;
}

export function computeDossierFigures(
  dossiers: readonly Dossier[],
  state: QueueLog,
  help: ReadonlyMap<string, number>,
  helpServices: readonly HelpService[],
  ratings: ReadonlyMap<number, number>,
): DossierFigures {
  const live = dossiers.filter((d) => d.state !== 'cancelled');
  const byProc = new Map<string, { key: string; name: Dossier['procedureName']; n: number }>();
  for (const d of live) {
    const e = byProc.get(d.procedureKey) ?? { key: d.procedureKey, name: d.procedureName, n: 0 };
    e.n++;
    byProc.set(d.procedureKey, e);
  }
  const receipt: number[] = [];
  for (const d of live) {
    if (d.ticketId === null) continue;
    const start = receiptStart(state, d.ticketId, d.receivedAt);
    if (start !== undefined) receipt.push(d.receivedAt - start);
  }
  const counts = [1, 2, 3, 4, 5].map((s) => ratings.get(s) ?? 0);
  const n = counts.reduce((a, b) => a + b, 0);
  const codes = helpServices.map((h) => h.code);
  for (const k of help.keys()) if (!codes.includes(k)) codes.push(k);
  return {
    dossiers: live.length,
    byProcedure: [...byProc.values()].sort((a, b) => b.n - a.n || a.name.vi.localeCompare(b.name.vi)),
    // The field is the one stored with the dossier at receipt, not looked up in today's catalogue.
    byField: PROCEDURE_FIELDS.map((field) => ({ field, n: live.filter((d) => d.field === field).length })),
    feesVnd: live.reduce((a, d) => a + d.feeVnd, 0),
    byPayment: PAYMENT_METHODS.map((m) => {
      const mine = live.filter((d) => d.payment === m);
      return { method: m, n: mine.length, vnd: mine.reduce((a, d) => a + d.feeVnd, 0) };
    }),
    byPost: live.filter((d) => d.returnMethod === 'post').length,
    help: codes.map((code) => ({ code, n: help.get(code) ?? 0 })),
    helpTotal: [...help.values()].reduce((a, b) => a + b, 0),
    ratings: { n, mean: n ? counts.reduce((a, c, i) => a + c * (i + 1), 0) / n : null, counts },
    receipt: spread(receipt),
  };
}
