// Receiving a dossier: the checks on what the operator entered (documents handed over, fee and how
// it was paid, how the result comes back) and the due date. Pure: the caller passes the procedure,
// the citizen, the office configuration and the clock; the store allocates the code afterwards.
import { WorkingDays } from './calendar.js';
import type { Citizen } from './citizen.js';
import { DomainError } from './errors.js';
import type { Office } from './office.js';
import { searchProcedures, type Procedure, type ProcedureDocument } from './procedures.js';
import { cleanText, fold } from './text.js';

export const PAYMENT_METHODS = ['cash', 'bank_qr', 'online', 'exempt'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const RETURN_METHODS = ['next_visit', 'commune_office', 'post'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

/** What the operator entered at the counter. */
export interface ReceiptInput {
  citizenId: string;
  /** Procedure key: the national code, or the slug of the name (see procedureKey). */
  procedure: string;
  /** Indexes (0-based) into the procedure's documents of those handed over. */
  documents: readonly number[];
  /** Fee charged; defaults to the procedure's fee. */
  feeVnd?: number;
  payment: PaymentMethod;
  returnMethod: ReturnMethod;
  /** For return by post: the delivery address (defaults to the citizen's address). */
  postalAddress?: string | null;
  /** For return by post: the postal fee (defaults to the office's). */
  postalFeeVnd?: number | null;
  note?: string | null;
}

export interface DossierDocument {
  name: { vi: string; en: string };
  form: ProcedureDocument['form'];
  count: number;
  mandatory: boolean;
  received: boolean;
}

/** A checked receipt, ready to be given a code and stored. */
export interface ReceiptPlan {
  citizenId: string;
  citizenName: string;
  procedureKey: string;
  procedureCode: string | null;
  procedureName: { vi: string; en: string };
  field: Procedure['field'];
  group: string;
  processingDays: number;
  documents: DossierDocument[];
  feeVnd: number;
  payment: PaymentMethod;
  returnMethod: ReturnMethod;
  postalAddress: string | null;
  postalFeeVnd: number;
  /** YYYY-MM-DD, local. */
  receivedOn: string;
  receivedTime: string;
  dueDate: string;
  note: string | null;
}

/** A stable key for a procedure: its national code, else its Vietnamese name folded to a slug. */
export function procedureKey(p: Procedure): string {
  return p.code ?? slug(p.name.vi);
}

export function slug(s: string): string {
  return fold(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A procedure by its code, its name (diacritics optional) or, failing those, words that pick out
 * exactly one procedure; refuses an unknown or ambiguous text, naming the candidates.
 */
export function findProcedure(list: readonly Procedure[], key: string): Procedure {
  const k = key.trim();
  const p = list.find((x) => x.code === k) ?? list.find((x) => slug(x.name.vi) === slug(k) || slug(x.name.en) === slug(k));
  if (p) return p;
  const hits = k ? searchProcedures(list, k, 6) : [];
  if (hits.length === 1) return hits[0] as Procedure;
  if (hits.length === 0) throw new DomainError('err.procedure.unknown', { value: key });
  throw new DomainError('err.procedure.ambiguous', { value: key, list: hits.slice(0, 5).map((h) => `${procedureKey(h)} ${h.name.vi}`).join('; ') });
}

const MAX_VND = 1_000_000_000;

function amount(v: number, what: 'fee' | 'postalFee'): number {
  if (!Number.isSafeInteger(v) || v < 0 || v > MAX_VND) throw new DomainError('err.receipt.amount', { value: String(v), what });
  return v;
}

/**
 * Check a receipt and count its due date. Refuses: a document index that does not exist, a
 * mandatory document not handed over (names its numbers, 1-based as on screen), a fee charged by
 * bank QR when the office has no account configured, a fee of 0 paid otherwise than "exempt" (and
 * the reverse), return by post for a procedure whose result may not travel by post, and a postal
 * return without an address.
 */
export function planReceipt(input: ReceiptInput, p: Procedure, citizen: Citizen, office: Office, days: WorkingDays, date: string, time: string): ReceiptPlan {
  const handed = new Set<number>();
  for (const i of input.documents) {
    if (!Number.isInteger(i) || i < 0 || i >= p.documents.length) throw new DomainError('err.receipt.document', { value: String(i + 1), max: p.documents.length });
    handed.add(i);
  }
  const missing = p.documents.map((d, i) => (d.mandatory && !handed.has(i) ? i + 1 : 0)).filter((n) => n > 0);
  if (missing.length) throw new DomainError('err.receipt.missingDocuments', { numbers: missing.join(', ') });

  let fee = amount(input.feeVnd ?? p.feeVnd, 'fee');
  const payment = input.payment;
  if (!(PAYMENT_METHODS as readonly string[]).includes(payment)) throw new DomainError('err.receipt.payment', { value: String(payment) });
  if (payment === 'exempt') fee = 0;
  else if (fee === 0) throw new DomainError('err.receipt.zeroFee', {});
  if (payment === 'bank_qr' && !office.bank) throw new DomainError('err.receipt.noBank', {});

  const returnMethod = input.returnMethod;
  if (!(RETURN_METHODS as readonly string[]).includes(returnMethod)) throw new DomainError('err.receipt.return', { value: String(returnMethod) });
  let postalAddress: string | null = null;
  let postalFeeVnd = 0;
  if (returnMethod === 'post') {
    if (!p.postalReturn) throw new DomainError('err.receipt.noPostal', {});
    postalAddress = cleanText(input.postalAddress ?? citizen.address);
    if (postalAddress.length < 5) throw new DomainError('err.receipt.address', {});
    postalFeeVnd = amount(input.postalFeeVnd ?? office.postalFeeVnd, 'postalFee');
  }
  const note = input.note ? cleanText(input.note) || null : null;

  return {
    citizenId: citizen.id,
    citizenName: citizen.fullName,
    procedureKey: procedureKey(p),
    procedureCode: p.code,
    procedureName: p.name,
    field: p.field,
    group: p.group,
    processingDays: p.processingDays,
    documents: p.documents.map((d, i) => ({ name: d.name, form: d.form, count: d.count, mandatory: d.mandatory, received: handed.has(i) })),
    feeVnd: fee,
    payment,
    returnMethod,
    postalAddress,
    postalFeeVnd,
    receivedOn: date,
    receivedTime: time,
    dueDate: days.dueDate(date, time, p.processingDays),
    note,
  };
}

/** Group a sum of dong the Vietnamese way: 1.250.000 đ. */
export function fmtVnd(n: number): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}
