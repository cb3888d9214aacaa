// Receiving a dossier: the checks on what the operator entered (documents handed over, fee and how
// it was paid, how the result comes back) and the due date. Pure: the caller passes the procedure,
// the citizen, the office configuration and the clock; the store allocates the code afterwards.
import { WorkingDays } from './calendar.js';
import { parseDate, type Citizen } from './citizen.js';
import { DomainError } from './errors.js';
import { CHANNELS, computeFee, type Channel, type FeeRule, type FeeType } from './fees.js';
import { payableAccount, type Office } from './office.js';
import { searchProcedures, type Procedure, type ProcedureDocument, type ProcedureSubject } from './procedures.js';
import type { PlannedTrip } from './schedule.js';
import { cleanText, fold } from './text.js';
import { displayDate } from './time.js';

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
  /** The applicant's phone (optional): a Vietnamese mobile number, stored as 0xxxxxxxxx. */
  phone?: string | null;
  /** The citizen asks for text messages at that phone: the code and due date now, word when the result is ready. */
  sms?: boolean;
  /** The applicant's email (optional). */
  email?: string | null;
  /** Pages of the paper to copy (certified copies: the page scale). */
  pages?: number;
  /** Copies, cases or contracts charged (certified copies, signatures, extracts). */
  copies?: number;
  /** Filed in person at the desk (default) or online through the public-service portal. */
  channel?: Channel;
  /** The exemption the operator confirmed, by its code in the procedure's fee (src/core/fees.ts). */
  exemption?: string | null;
  /** Whose record it is, for a birth or death registration: the child's or the deceased's name and date. */
  subject?: { name: string; date: string } | null;
  /** Received although mandatory papers are missing, on purpose: the request to supplement is printed. */
  incomplete?: { reason: string; contact?: string | null } | null;
}

/** Whose record a dossier makes when it is not the applicant's. */
export interface DossierSubject {
  kind: ProcedureSubject;
  name: string;
  /** YYYY-MM-DD: the date of birth or of death. */
  date: string;
}

/** How the fee of a dossier was counted, for the forms and the figures. */
export interface FeeDetail {
  type: FeeType;
  rule: FeeRule['kind'];
  units: number;
  pages: number | null;
  perCopyVnd: number | null;
  capped: boolean;
  channel: Channel | null;
  /** The sum the catalogue's formula gives; null where the province's rate is not configured. */
  expectedVnd: number | null;
  /** The operator charged another sum than the formula's (entered by hand). */
  override: boolean;
  exemption: { code: string; name: { vi: string; en: string } } | null;
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
  /** HH:MM on the due date: the time of receipt, or the end of the office's day. */
  dueTime: string;
  note: string | null;
  phone: string | null;
  email: string | null;
  subject: DossierSubject | null;
  feeDetail: FeeDetail;
  /** Set when received incomplete on purpose: the reason and the mandatory papers still missing. */
  incomplete: { reason: string; contact: string | null; missing: number[] } | null;
}

/** Where the result comes back when the citizen collects it at the vehicle's next visit. */
export interface ReturnVisitContext {
  /** The open trip's place: where this citizen meets the vehicle (null: no trip open). */
  where: { place: string; commune: string } | null;
  /** The schedule of coming trips (cancelled ones are skipped). */
  plans: readonly PlannedTrip[];
}

/**
 * The visit at which a result received at `where` on `receivedOn` and due on `due` is collected:
 * the first trip scheduled to the same place and commune (diacritics and case aside) after the day
 * of receipt and on or after the due date; undefined when none is scheduled.
 */
export function returnVisit(plans: readonly PlannedTrip[], where: { place: string; commune: string }, receivedOn: string, due: string): PlannedTrip | undefined {
  const same = (a: string, b: string) => fold(cleanText(a)) === fold(cleanText(b));
  return plans
    .filter((p) => p.cancelledAt === null && p.date > receivedOn && p.date >= due && same(p.place, where.place) && same(p.commune, where.commune))
    .sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start))[0];
}

/**
 * The visit a result received now at `where` would be collected at (as planReceipt counts it): the
 * first one scheduled on or after the working-day due date; undefined when none is, and the next
 * visit cannot be offered.
 */
export function visitForReceipt(plans: readonly PlannedTrip[], where: { place: string; commune: string }, days: WorkingDays, date: string, time: string, processingDays: number): PlannedTrip | undefined {
  return returnVisit(plans, where, date, days.dueDate(date, time, processingDays));
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

/** A Vietnamese mobile number (0 or +84, then 9 digits starting 3, 5, 7, 8 or 9), as 0xxxxxxxxx. */
export function normalizePhone(raw: string): string | undefined {
  let d = raw.trim().replace(/[\s.()-]/g, '');
  if (d.startsWith('+84')) d = `0${d.slice(3)}`;
  else if (/^84\d{9}$/.test(d)) d = `0${d.slice(2)}`;
  return /^0[35789]\d{8}$/.test(d) ? d : undefined;
}

/** An email address as far as a counter can tell: one @, a dot in the domain, no spaces, at most 254. */
export function normalizeEmail(raw: string): string | undefined {
  const e = raw.trim().toLowerCase();
  return e.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(e) ? e : undefined;
}

/**
 * Check a receipt and count its due date. Refuses: a document index that does not exist, a
 * mandatory document not handed over (names its numbers, 1-based as on screen) unless the dossier
 * is received incomplete on purpose, with a reason; a fee that contradicts the catalogue's formula
 * for the pages, copies or channel given; a fee the province sets but the office has not configured
 * and the operator did not enter; an exemption the procedure does not have; a fee charged by bank QR
 * when the office has no checked account; a fee of 0 paid otherwise than "exempt" (and the reverse);
 * a phone that is not a Vietnamese mobile number, a malformed email; a subject (child, deceased) for
 * a procedure that has none, or with a date after the receipt; return by post for a procedure whose
 * result may not travel by post, and a postal return without an address. With `visits` (the desk
 * always passes it), a return at the next visit needs an open trip (its place is where the result
 * comes back, refused without one); when a visit to that place is scheduled on or after the due date,
 * the due date is that visit's date and hour, so the date and the place on the slip agree.
 */
export function planReceipt(input: ReceiptInput, p: Procedure, citizen: Citizen, office: Office, days: WorkingDays, date: string, time: string, visits?: ReturnVisitContext): ReceiptPlan {
  const handed = new Set<number>();
  for (const i of input.documents) {
    if (!Number.isInteger(i) || i < 0 || i >= p.documents.length) throw new DomainError('err.receipt.document', { value: String(i + 1), max: p.documents.length });
    handed.add(i);
  }
  const missing = p.documents.map((d, i) => (d.mandatory && !handed.has(i) ? i + 1 : 0)).filter((n) => n > 0);
  let incomplete: ReceiptPlan['incomplete'] = null;
  if (input.incomplete) {
    const reason = cleanText(input.incomplete.reason ?? '');
    if (reason.length < 3) throw new DomainError('err.receipt.incompleteReason', {});
    if (missing.length === 0) throw new DomainError('err.receipt.notIncomplete', {});
    incomplete = { reason, contact: input.incomplete.contact ? cleanText(input.incomplete.contact) || null : null, missing: missing.map((n) => n - 1) };
  } else if (missing.length) throw new DomainError('err.receipt.missingDocuments', { numbers: missing.join(', ') });

  // The fee: the catalogue's formula for what was said (pages, copies, channel), the province's
  // rate from the office, an exemption the operator confirmed, or a sum entered by hand.
  const channel = input.channel ?? 'in_person';
  if (!(CHANNELS as readonly string[]).includes(channel)) throw new DomainError('err.receipt.channel', { value: String(channel) });
  const rule = p.fee.rule;
  const calc = computeFee(rule, { pages: input.pages, copies: input.copies, channel, provinceVnd: rule.kind === 'province' ? (office.provinceFees[rule.key] ?? null) : null });
  if (input.pages !== undefined && rule.kind !== 'pages') throw new DomainError('err.receipt.noPages', {});
  if (input.copies !== undefined && rule.kind !== 'pages' && rule.kind !== 'fixed') throw new DomainError('err.receipt.noCopies', {});
  let exemption: FeeDetail['exemption'] = null;
  if (input.exemption) {
    const e = p.fee.exemptions.find((x) => x.code === input.exemption);
    if (!e) throw new DomainError('err.receipt.exemption', { value: input.exemption, list: p.fee.exemptions.map((x) => x.code).join(', ') || '–' });
    exemption = { code: e.code, name: e.name };
  }
  const payment: PaymentMethod = exemption ? 'exempt' : input.payment;
  if (!(PAYMENT_METHODS as readonly string[]).includes(payment)) throw new DomainError('err.receipt.payment', { value: String(payment) });
  let fee: number;
  let override = false;
  if (input.feeVnd !== undefined) {
    fee = amount(input.feeVnd, 'fee');
    if (calc.vnd !== null && fee !== calc.vnd && payment !== 'exempt') {
      // Pages, copies or a channel said, and a sum that does not follow from them: one is wrong.
      if (input.pages !== undefined || input.copies !== undefined || input.channel !== undefined) throw new DomainError('err.receipt.feeMismatch', { fee: fmtVnd(fee), expected: fmtVnd(calc.vnd) });
      override = true;
    }
  } else if (calc.vnd === null) {
    if (payment !== 'exempt') throw new DomainError('err.receipt.provinceFee', { key: (rule as { key: string }).key, office: office.id });
    fee = 0;
  } else fee = calc.vnd;
  if (payment === 'exempt') fee = 0;
  else if (fee === 0) throw new DomainError('err.receipt.zeroFee', {});
  if (payment === 'bank_qr' && !payableAccount(office)) {
    if (office.bank) throw new DomainError('err.receipt.bankUnverified', { office: office.id });
    throw new DomainError('err.receipt.noBank', { office: office.id });
  }

  let phone: string | null = null;
  if (input.phone && input.phone.trim()) {
    phone = normalizePhone(input.phone) ?? null;
    if (!phone) throw new DomainError('err.receipt.phone', { value: input.phone });
  }
  let email: string | null = null;
  if (input.email && input.email.trim()) {
    email = normalizeEmail(input.email) ?? null;
    if (!email) throw new DomainError('err.receipt.email', { value: input.email });
  }
  let subject: DossierSubject | null = null;
  if (input.subject) {
    if (!p.subject) throw new DomainError('err.receipt.noSubject', {});
    const name = cleanText(input.subject.name ?? '');
    if (name.length < 2 || name.length > 100) throw new DomainError('err.receipt.subjectName', {});
    const when = parseDate(input.subject.date ?? '');
    if (!when || when > date) throw new DomainError('err.receipt.subjectDate', { value: input.subject.date ?? '' });
    subject = { kind: p.subject, name, date: when };
  }

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
  const dueDate = days.dueDate(date, time, p.processingDays);
  // The hour on the due date: the hour of receipt when the count began that day, else the end of
  // the office's day (same-day results, and dossiers counted from the next working day).
  const sameDayStart = days.isWorkingDay(date) && time <= days.calendar.afternoonCutoff;
  let dueTime = p.processingDays > 0 && sameDayStart ? time : office.hours.end;
  let due = dueDate;
  if (returnMethod === 'next_visit' && visits) {
    if (!visits.where) throw new DomainError('err.receipt.visitNoTrip', {});
    // The result is due at the first visit scheduled to this place on or after the counted due
    // date, at its opening hour. With none scheduled there is no date and place that agree: the
    // receipt is refused with the reason, never given a date the vehicle may not keep.
    const v = returnVisit(visits.plans, visits.where, date, dueDate);
    if (!v) throw new DomainError('err.receipt.visitNone', { place: visits.where.place, commune: visits.where.commune, date: displayDate(dueDate) });
    due = v.date;
    dueTime = v.start;
  }

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
    dueDate: due,
    dueTime,
    note,
    phone,
    email,
    subject,
    feeDetail: { type: p.fee.type, rule: rule.kind, units: calc.units, pages: calc.pages, perCopyVnd: calc.perCopyVnd, capped: calc.capped, channel: calc.channel, expectedVnd: calc.vnd, override, exemption },
    incomplete,
  };
}

/**
 * The most the catalogue lets a dossier of this procedure be charged, where one sum says it: 0 for
 * a procedure with no fee, the fixed fee of a case, the dearer channel, the province's rate the
 * office has configured. Null where the sum depends on what is counted (pages, copies) or the rate
 * is not configured: the receipt's checks of pages and copies hold those.
 */
export function feeCeiling(p: Procedure, office: Office): number | null {
  const rule = p.fee.rule;
  switch (rule.kind) {
    case 'none':
      return 0;
    case 'fixed':
      return rule.per === 'case' ? rule.vnd : null;
    case 'channel':
      return Math.max(rule.inPersonVnd, rule.onlineVnd);
    case 'province':
      return office.provinceFees[rule.key] ?? null;
    default:
      return null;
  }
}

/** Group a sum of dong the Vietnamese way: 1.250.000 đ. */
export function fmtVnd(n: number): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}
