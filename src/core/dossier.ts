// Dossier codes (Circular 01/2018/TT-VPCP art. 19, now under Decree 118/2025/NĐ-CP): the agency code
// from configuration, the receipt date as YYMMDD and the 4-digit sequence of the day,
// e.g. 000.00.20.H26-251014-0001.
import { DomainError } from './errors.js';
import { AGENCY_CODE } from './office.js';
import type { DossierState } from './lifecycle.js';
import type { ReceiptPlan } from './receipt.js';

// The agency code's form is the office's (./office.ts): a dossier code starts with it.
const AGENCY = AGENCY_CODE;

export function dossierCode(agency: string, date: string, seq: number): string {
  if (!AGENCY.test(agency)) throw new DomainError('err.dossier.agency', { value: agency });
  if (!Number.isInteger(seq) || seq < 1 || seq > 9999) throw new DomainError('err.dossier.seq', { value: seq });
  const yymmdd = date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
  return `${agency}-${yymmdd}-${String(seq).padStart(4, '0')}`;
}

/** The parts of a dossier code, or undefined when the text is not one (e.g. an unknown scan). */
export function parseDossierCode(text: string): { agency: string; date: string; seq: number } | undefined {
  const m = /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/.exec(text.trim().toUpperCase());
  if (!m) return undefined;
  const [, agency, yy, mm, dd, seq] = m as unknown as [string, string, string, string, string, string];
  const date = `20${yy}-${mm}-${dd}`;
  const dt = new Date(Date.UTC(Number(`20${yy}`), Number(mm) - 1, Number(dd)));
  if (dt.toISOString().slice(0, 10) !== date || Number(seq) === 0) return undefined;
  return { agency, date, seq: Number(seq) };
}

/** A stored dossier: the checked receipt, its code and where it stands. */
export interface Dossier extends Omit<ReceiptPlan, 'incomplete'> {
  id: number;
  code: string;
  /** The agency code the dossier was received under (the office of its trip). */
  agency: string;
  seq: number;
  tripId: number | null;
  ticketId: number | null;
  /** The queue ticket's label (e.g. A012), when received from one. */
  ticketLabel: string | null;
  /** Its entry in the register (Sổ theo dõi hồ sơ): the book ("01/2026") and the number in it. */
  register: { book: string; no: number } | null;
  /** VietQR payload for a bank-transfer fee, with the code as the note. */
  vietqr: string | null;
  receivedAt: number;
  state: DossierState;
  stateAt: number;
  /** The day the result was ready (or the dossier refused): judged against the due date. */
  resultOn: string | null;
  operator: string | null;
  /**
   * When a bank transfer was confirmed as arrived (null: awaited, or nothing to confirm: cash is
   * paid at the counter, online before, an exempt fee never). See paymentState.
   */
  paidAt: number | null;
  /** The bank's reference of the confirmed transfer, as the citizen's banking app showed it (null: none given). */
  paidRef: string | null;
}

/** The longest bank reference taken (banks' transaction codes are 10 to 20 characters; room for a few words). */
export const BANK_REF_MAX = 40;

/**
 * A bank transfer's reference as the operator typed it (or a CLI argument gave it): optional (empty:
 * null), NFC, spaces folded, printable only (no control, format or private-use character), at most
 * BANK_REF_MAX characters. Refused with the reason, never cut.
 */
export function checkBankRef(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.normalize('NFC').replace(/[ \t]+/g, ' ').trim();
  if (s === '') return null;
  if (/\p{C}/u.test(s)) throw new DomainError('err.payment.refChars', {});
  if ([...s].length > BANK_REF_MAX) throw new DomainError('err.payment.refLong', { max: BANK_REF_MAX });
  return s;
}

export type PaymentState = 'paid' | 'awaiting' | 'exempt';

/** Where a dossier's fee stands: paid (cash, online, a transfer confirmed), a transfer awaited, or nothing due. */
export function paymentState(d: Pick<Dossier, 'payment' | 'feeVnd' | 'paidAt'>): PaymentState {
  if (d.payment === 'exempt' || d.feeVnd === 0) return 'exempt';
  if (d.payment === 'bank_qr') return d.paidAt === null ? 'awaiting' : 'paid';
  return 'paid';
}

/** The register's book of a date: one a year per agency, "01/2026". */
export function registerBook(date: string): string {
  return `01/${date.slice(0, 4)}`;
}

export interface DossierEvent {
  at: number;
  from: DossierState | null;
  to: DossierState;
  operator: string | null;
  note: string | null;
}
