// The cash statement of a trip (biên bản thu lệ phí): what fees were due on the dossiers received,
// how each was paid (cash at the counter, a bank transfer awaited or confirmed, online), what was
// exempt, and what no longer counts (a dossier cancelled), with the receipts (dossier codes) behind
// every sum; for the whole trip and for each operator who received. Signed at the trip's close by the
// operators and the supervisor, so it must add up: a statement whose sums do not is refused, never
// printed (src/app/cash.ts also checks each receipt against the audit log). Pure.
import type { Dossier } from './dossier.js';
import { paymentState } from './dossier.js';
import { DomainError } from './errors.js';

export const CASH_LINES = ['cash', 'bankConfirmed', 'bankAwaiting', 'online', 'exempt', 'cancelled'] as const;
export type CashLine = (typeof CASH_LINES)[number];

export interface CashSum {
  n: number;
  vnd: number;
  /** The receipts (dossier codes) behind the sum, in order of receipt. */
  codes: string[];
}

export interface CashPart {
  /** Fees due: every dossier received but the cancelled ones (an exempt fee is 0). */
  due: CashSum;
  lines: Record<CashLine, CashSum>;
}

export interface CashStatement extends CashPart {
  tripId: number;
  /** The one operator this statement is for, or null for the whole trip. */
  operator: string | null;
  byOperator: ({ operator: string } & CashPart)[];
}

export type CashDossier = Pick<Dossier, 'code' | 'receivedAt' | 'operator' | 'feeVnd' | 'payment' | 'state' | 'paidAt'>;

const empty = (): CashSum => ({ n: 0, vnd: 0, codes: [] });

/** Which line of the statement a dossier's fee is on. */
export function cashLine(d: CashDossier): CashLine {
  if (d.state === 'cancelled') return 'cancelled';
  const state = paymentState(d);
  if (state === 'exempt') return 'exempt';
  if (d.payment === 'bank_qr') return state === 'awaiting' ? 'bankAwaiting' : 'bankConfirmed';
  return d.payment === 'online' ? 'online' : 'cash';
}

function part(dossiers: readonly CashDossier[]): CashPart {
  const lines = Object.fromEntries(CASH_LINES.map((l) => [l, empty()])) as Record<CashLine, CashSum>;
  const due = empty();
  for (const d of [...dossiers].sort((a, b) => a.receivedAt - b.receivedAt || (a.code < b.code ? -1 : 1))) {
    const s = lines[cashLine(d)];
    s.n++;
    s.vnd += d.feeVnd;
    s.codes.push(d.code);
    if (d.state !== 'cancelled') {
      due.n++;
      due.vnd += d.feeVnd;
      due.codes.push(d.code);
    }
  }
  return { due, lines };
}

export interface CashCheck {
  ok: boolean;
  /** What does not add up, each naming its receipts. */
  problems: { what: 'sum' | 'exemptFee' | 'fee' | 'operators' | 'twice'; codes: string[] }[];
}

/**
 * Whether a statement adds up: the fees due are what cash, transfers (confirmed and awaited) and
 * online payments add to, exempt fees are 0, no fee is below 0, each receipt is on one line only,
 * and the operators' statements add up to the trip's.
 */
export function checkStatement(s: CashStatement): CashCheck {
  const problems: CashCheck['problems'] = [];
  const parts = [s as CashPart, ...s.byOperator];
  for (const p of parts) {
    const l = p.lines;
    const paid = l.cash.vnd + l.bankConfirmed.vnd + l.bankAwaiting.vnd + l.online.vnd + l.exempt.vnd;
    const n = l.cash.n + l.bankConfirmed.n + l.bankAwaiting.n + l.online.n + l.exempt.n;
    if (paid !== p.due.vnd || n !== p.due.n) problems.push({ what: 'sum', codes: p.due.codes });
    if (l.exempt.vnd !== 0) problems.push({ what: 'exemptFee', codes: l.exempt.codes });
    const seen = new Set<string>();
    const twice = CASH_LINES.flatMap((k) => l[k].codes).filter((c) => (seen.has(c) ? true : (seen.add(c), false)));
    if (twice.length) problems.push({ what: 'twice', codes: twice });
  }
  if (s.operator === null) {
    for (const k of [...CASH_LINES, 'due'] as const) {
      const whole = k === 'due' ? s.due : s.lines[k];
      const sum = s.byOperator.reduce((a, o) => a + (k === 'due' ? o.due : o.lines[k]).vnd, 0);
      if (sum !== whole.vnd) problems.push({ what: 'operators', codes: whole.codes });
    }
  }
  return { ok: problems.length === 0, problems };
}

/** The statement of a trip's dossiers, for every operator or for one (by name as recorded). */
export function buildStatement(tripId: number, dossiers: readonly CashDossier[], operator: string | null = null): CashStatement {
  const mine = operator === null ? dossiers : dossiers.filter((d) => d.operator === operator);
  const names = [...new Set(mine.map((d) => d.operator ?? ''))].sort();
  const s: CashStatement = { tripId, operator, ...part(mine), byOperator: names.map((name) => ({ operator: name, ...part(mine.filter((d) => (d.operator ?? '') === name)) })) };
  return s;
}

/** Refuse a statement that does not add up, naming the receipts. */
export function requireBalanced(s: CashStatement, dossiers: readonly CashDossier[]): void {
  const c = checkStatement(s);
  const negative = dossiers.filter((d) => d.feeVnd < 0 || !Number.isSafeInteger(d.feeVnd)).map((d) => d.code);
  if (negative.length) c.problems.push({ what: 'fee', codes: negative });
  if (c.problems.length) throw new DomainError('err.cash.unbalanced', { codes: [...new Set(c.problems.flatMap((p) => p.codes))].slice(0, 20).join(', ') });
}
