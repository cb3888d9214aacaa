// Use cases of dossier receipt: receive, change state, find, help without a dossier, satisfaction.
// Same rules as the queue: each command is one IMMEDIATE transaction through the Luudong's write(),
// decisions come from the pure domain, the repository only stores.
import type { GuardedAction } from '../core/auth.js';
import type { Operator } from './operators.js';
import { WorkingDays } from '../core/calendar.js';
import type { Citizen } from '../core/citizen.js';
import type { DomainData } from '../core/config.js';
import type { Lang } from '../core/lang.js';
import type { Spooler } from './print/spooler.js';
import type { SmsDesk } from './sms/desk.js';
import { checkBankRef, dossierCode, parseDossierCode, registerBook, type Dossier, type DossierEvent } from '../core/dossier.js';
import { computeDossierFigures, type DossierFigures } from '../core/dossierFigures.js';
import { DomainError } from '../core/errors.js';
import { checkTransition, type DossierState } from '../core/lifecycle.js';
import { findTicket } from '../core/queue/rules.js';
import type { QueueState } from '../core/queue/state.js';
import type { Ticket } from '../core/queue/types.js';
import { findProcedure, normalizeEmail, normalizePhone, planReceipt, type ReceiptInput } from '../core/receipt.js';
import { payableAccount } from '../core/office.js';
import { cleanText } from '../core/text.js';
import { FormsRepo, type Refusal, type SupplementItem, type SupplementRequest } from '../store/forms.js';
import type { OfficeDesk } from './offices.js';
import type { TripRecords } from '../core/report.js';
import { hhmm, localDate } from '../core/time.js';
import type { Trip } from '../core/trip.js';
import { buildVietQr, VIETQR_NOTE_MAX } from '../core/vietqr.js';
import type { CitizenRepo } from '../store/citizens.js';
import { DossierRepo } from '../store/dossiers.js';
import { FileRepo, type DossierFile, type DossierFileKind } from '../store/files.js';
import { HandoverRepo, type Handover } from '../store/handovers.js';
import { ScheduleRepo } from '../store/schedule.js';
import type { Db, Tx } from '../store/types.js';

/** What the desk needs from the Luudong it belongs to. */
export interface DeskContext {
  db: Db;
  data: DomainData;
  citizens: CitizenRepo;
  now(): number;
  operator(): string | null;
  /** One IMMEDIATE transaction after catching up with other processes (see Luudong.write). */
  write<T>(fn: (tx: Tx) => T): T;
  /** Queues print jobs inside the current transaction. */
  printing: Spooler;
  lang: Lang;
  /** The open trip and its queue state, as of the last catch-up. */
  trip(): Trip | undefined;
  state(): QueueState;
  /** Refuse a guarded action (src/core/auth.ts) unless the session, or the approver, may. */
  guard(action: GuardedAction, approver?: Operator): void;
  /** The offices: a trip's decides the codes, forms and VietQR. */
  offices: OfficeDesk;
  /** Text messages to citizens who asked for them, queued in the same transaction. */
  sms: SmsDesk;
}

/** A refusal to receive at the desk (Phiếu từ chối tiếp nhận giải quyết hồ sơ). */
export interface RefusalInput {
  /** The citizen by ID number (scanned or known), or their name as told when they have no card. */
  citizenId?: string | null;
  name?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  /** The procedure asked for: code or name. */
  procedure: string;
  reason: string;
  /** The dossier refused, when one had been received; it moves to "refused" (a supervisor's act). */
  code?: string | null;
  /** A supervisor who approved refusing that dossier at the counter (with their PIN). */
  approver?: Operator;
}

/** A request to supplement a dossier (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ). */
export interface SupplementInput {
  /** Papers of the dossier's checklist still needed (1-based, as on the slip); default: the mandatory ones not handed over. */
  documents?: readonly number[];
  /** Other papers, named. */
  others?: readonly string[];
  reason: string;
  /** Whom to ask: the officer and a phone number. */
  contact?: string | null;
}

/** A state change recorded after the fact (see DossierDesk.setState). */
export interface RecordedChange {
  at?: number;
  operator?: string;
  /** YYYY-MM-DD */
  resultOn?: string;
  /** A supervisor who approved this change at the counter (with their PIN). */
  approver?: Operator;
}

/** A dossier whose result is back, waiting for the citizen, with the trip it was received on. */
export interface ReadyDossier {
  dossier: Dossier;
  commune: string | null;
  place: string | null;
}

/** Which queue ticket a command is about: by label, the one at a counter, or none. */
export type TicketRef = { label: string } | { counter: number } | null;

export const FIND_LIMIT = 50;

export class DossierDesk {
  private readonly repo: DossierRepo;
  private readonly forms: FormsRepo;
  private readonly files: FileRepo;
  private readonly handovers: HandoverRepo;
  readonly days: WorkingDays;

  constructor(private readonly ctx: DeskContext) {
    this.repo = new DossierRepo(ctx.db);
    this.forms = new FormsRepo(ctx.db);
    this.files = new FileRepo(ctx.db);
    this.handovers = new HandoverRepo(ctx.db);
    this.days = new WorkingDays(ctx.data.calendar);
  }

  private ticketOf(ref: TicketRef, required: boolean): Ticket | null {
    if (ref === null) return null;
    const state = this.ctx.state();
    if ('label' in ref) return findTicket(state, ref.label);
    const t = state.currentAt(ref.counter) ?? null;
    if (!t && required) throw new DomainError('err.counterIdle', { counter: ref.counter });
    return t;
  }

  /**
   * Receive a dossier: check it, take the next code of the day and store it with its first event,
   * all in one transaction. `ticket` links it to the queue ticket being served (for service times).
   */
  receive(input: ReceiptInput, ticket: TicketRef = null): Dossier {
    const { data } = this.ctx;
    const id = this.ctx.write((tx) => {
      const citizen = this.ctx.citizens.get(input.citizenId);
      if (!citizen) throw new DomainError('err.citizen.unknown', { id: input.citizenId });
      const p = findProcedure(data.procedures, input.procedure);
      const now = this.ctx.now();
      const date = localDate(now);
      // The trip's office: its agency code starts the code, its account gets the fee, its rates apply.
      const trip = this.ctx.trip();
      const office = this.ctx.offices.ofTrip(trip);
      // A return at the next visit: the vehicle's next scheduled visit to this trip's place.
      const visits = { where: trip ? { place: trip.place, commune: trip.commune } : null, plans: new ScheduleRepo(this.ctx.db).from(date) };
      const plan = planReceipt(input, p, citizen, office, this.days, date, hhmm(now), visits);
      const t = this.ticketOf(ticket, false);
      const agency = office.agencyCode;
      const seq = this.repo.nextSeq(tx, agency, date);
      if (seq === 0) throw new DomainError('err.dossier.dayFull', { date });
      const code = dossierCode(agency, date, seq);
      const book = registerBook(date);
      const register = { book, no: this.repo.nextRegister(tx, agency, book) };
      const bank = payableAccount(office);
      // The note identifies the payment: the whole code, or (for a long agency code) its tail, which
      // keeps the date and the day's number that banking apps would otherwise cut off.
      const note = code.length <= VIETQR_NOTE_MAX ? code : code.slice(-VIETQR_NOTE_MAX);
      const vietqr = plan.payment === 'bank_qr' && bank ? buildVietQr({ bin: bank.bin, account: bank.account, amountVnd: plan.feeVnd, note }) : null;
      const dossierId = this.repo.insert(tx, { plan, agency, seq, code, tripId: trip?.id ?? null, ticketId: t?.id ?? null, vietqr, at: now, operator: this.ctx.operator(), register });
      if (input.sms) {
        if (!plan.phone) throw new DomainError('err.sms.noPhone', {});
        this.ctx.sms.optInDossierInTx(tx, dossierId, plan.phone);
      }
      if (plan.incomplete) {
        // Received on purpose without every mandatory paper: the citizen gets the request to
        // supplement (not the appointment), and the dossier waits for the papers.
        const d = this.repo.byId(dossierId) as Dossier;
        this.repo.setState(tx, dossierId, 'received', 'supplement_requested', now, this.ctx.operator(), plan.incomplete.reason, null);
        const items = plan.incomplete.missing.map((i) => ({ name: d.documents[i]?.name ?? { vi: '', en: '' }, form: d.documents[i]?.form ?? 'original', count: d.documents[i]?.count ?? 1 }));
        this.forms.addSupplement(tx, dossierId, items, plan.incomplete.reason, plan.incomplete.contact, now, this.ctx.operator());
        this.ctx.printing.queueInTx(tx, { kind: 'supplement', code, lang: this.ctx.lang }, code);
        this.ctx.printing.queueInTx(tx, { kind: 'supplement_a4', code, lang: this.ctx.lang }, code);
        return dossierId;
      }
      // The code and due date by text message, for a citizen who asked: with the dossier, like its slip.
      if (input.sms) this.ctx.sms.receiptInTx(tx, this.repo.byId(dossierId) as Dossier, trip);
      // The slip's print jobs commit with the dossier: the thermal slip, and the A4 one where set up.
      this.ctx.printing.queueInTx(tx, { kind: 'slip', code, lang: this.ctx.lang }, code);
      this.ctx.printing.queueInTx(tx, { kind: 'slip_a4', code, lang: this.ctx.lang }, code);
      return dossierId;
    });
    return this.repo.byId(id) as Dossier;
  }

  /**
   * Ask for papers a dossier lacks: the dossier moves to "supplement requested" and the request
   * (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ) is printed, all in one transaction.
   */
  requestSupplement(code: string, input: SupplementInput): { dossier: Dossier; requestId: number } {
    const reason = cleanText(input.reason ?? '');
    if (reason.length < 3) throw new DomainError('err.receipt.incompleteReason', {});
    const out = this.ctx.write((tx) => {
      const d = this.get(code);
      checkTransition(d.state, 'supplement_requested');
      const picked = input.documents ?? d.documents.flatMap((x, i) => (x.mandatory && !x.received ? [i + 1] : []));
      const items: SupplementItem[] = picked.map((n) => {
        const doc = d.documents[n - 1];
        if (!Number.isInteger(n) || !doc) throw new DomainError('err.receipt.document', { value: String(n), max: d.documents.length });
        return { name: doc.name, form: doc.form, count: doc.count };
      });
      for (const o of input.others ?? []) {
        const name = cleanText(o);
        if (name) items.push({ name: { vi: name, en: name }, form: 'original', count: 1 });
      }
      if (items.length === 0) throw new DomainError('err.supplement.nothing', {});
      const now = this.ctx.now();
      this.repo.setState(tx, d.id, d.state, 'supplement_requested', now, this.ctx.operator(), reason, null);
      const requestId = this.forms.addSupplement(tx, d.id, items, reason, input.contact ? cleanText(input.contact) || null : null, now, this.ctx.operator());
      this.ctx.printing.queueInTx(tx, { kind: 'supplement', code: d.code, lang: this.ctx.lang }, d.code);
      this.ctx.printing.queueInTx(tx, { kind: 'supplement_a4', code: d.code, lang: this.ctx.lang }, d.code);
      return { id: d.id, requestId };
    });
    return { dossier: this.repo.byId(out.id) as Dossier, requestId: out.requestId };
  }

  /**
   * Refuse to receive a request at the desk (Phiếu từ chối tiếp nhận giải quyết hồ sơ): logged with the
   * citizen, the procedure and the reason whether or not a dossier code is given; with a code, that
   * dossier moves to "refused". The form is printed.
   */
  refuse(input: RefusalInput): Refusal {
    const { data } = this.ctx;
    const reason = cleanText(input.reason ?? '');
    if (reason.length < 3) throw new DomainError('err.refusal.reason', {});
    const p = findProcedure(data.procedures, input.procedure);
    // Refusing a dossier already received ends it for good: a supervisor's decision (as setState).
    if (input.code?.trim()) this.ctx.guard('dossier.refuse', input.approver);
    const id = this.ctx.write((tx) => {
      const citizen = input.citizenId ? this.ctx.citizens.get(input.citizenId.trim()) : undefined;
      if (input.citizenId && !citizen) throw new DomainError('err.citizen.unknown', { id: input.citizenId });
      const name = citizen?.fullName ?? cleanText(input.name ?? '');
      if (name.length < 2) throw new DomainError('err.refusal.name', {});
      const phone = input.phone?.trim() ? (normalizePhone(input.phone) ?? null) : null;
      if (input.phone?.trim() && !phone) throw new DomainError('err.receipt.phone', { value: input.phone });
      const email = input.email?.trim() ? (normalizeEmail(input.email) ?? null) : null;
      if (input.email?.trim() && !email) throw new DomainError('err.receipt.email', { value: input.email });
      const now = this.ctx.now();
      const trip = this.ctx.trip();
      let office = this.ctx.offices.ofTrip(trip);
      let dossierId: number | null = null;
      if (input.code?.trim()) {
        const d = this.get(input.code);
        checkTransition(d.state, 'refused');
        // the event names who decided, as setState does: the supervisor who approved at the counter
        this.repo.setState(tx, d.id, d.state, 'refused', now, input.approver?.name ?? this.ctx.operator(), reason, localDate(now));
        dossierId = d.id;
        office = this.ctx.offices.ofDossier(d, d.tripId === null ? undefined : trip?.id === d.tripId ? trip : undefined);
      }
      const refusalId = this.forms.addRefusal(tx, {
        tripId: trip?.id ?? null,
        agency: office.agencyCode,
        office: JSON.stringify(office),
        citizenId: citizen?.id ?? null,
        citizenName: name,
        address: citizen?.address ?? (cleanText(input.address ?? '') || null),
        phone,
        email,
        procedureKey: p.code ?? p.name.vi,
        procedureCode: p.code,
        procedureName: p.name,
        reason,
        dossierId,
        at: now,
        operator: this.ctx.operator(),
      });
      this.ctx.printing.queueInTx(tx, { kind: 'refusal', id: refusalId, lang: this.ctx.lang }, `refusal-${refusalId}`);
      this.ctx.printing.queueInTx(tx, { kind: 'refusal_a4', id: refusalId, lang: this.ctx.lang }, `refusal-${refusalId}`);
      return refusalId;
    });
    return this.forms.refusal(id) as Refusal;
  }

  /** The dossier's latest request to supplement, if any. */
  lastSupplement(dossierId: number): SupplementRequest | undefined {
    return this.forms.lastSupplement(dossierId);
  }

  refusal(id: number): Refusal {
    const r = this.forms.refusal(id);
    if (!r) throw new DomainError('err.refusal.notFound', { id });
    return r;
  }

  /**
   * Move a dossier to another state; refused unless the lifecycle allows it. `recorded` is for a
   * change that happened elsewhere or was written down beforehand (the office's status updates, a
   * handover bundle): its time, who made it, and the day the result was ready, instead of now,
   * this desk's operator and today.
   */
  setState(code: string, to: DossierState, note: string | null = null, recorded: RecordedChange = {}): Dossier {
    // Cancelling undoes a citizen's dossier, refusing ends it for good: a supervisor's decision,
    // and a refusal says why (the refusal form carries its reason).
    if (to === 'cancelled') this.ctx.guard('dossier.cancel', recorded.approver);
    if (to === 'refused') this.ctx.guard('dossier.refuse', recorded.approver);
    const reason = note === null ? null : cleanText(note) || null;
    if (to === 'refused' && reason === null) throw new DomainError('err.dossier.reasonRequired', { state: 'dossier.refused' });
    const id = this.ctx.write((tx) => {
      const d = this.get(code);
      checkTransition(d.state, to);
      const now = recorded.at ?? this.ctx.now();
      const resultOn = to === 'result_ready' || to === 'refused' ? (recorded.resultOn ?? localDate(now)) : null;
      this.repo.setState(tx, d.id, d.state, to, now, recorded.operator ?? recorded.approver?.name ?? this.ctx.operator(), reason, resultOn);
      // Where and when to collect the result, for a citizen who asked: committed with the change.
      if (to === 'result_ready') this.ctx.sms.resultReadyInTx(tx, this.repo.byId(d.id) as Dossier);
      return d.id;
    });
    return this.repo.byId(id) as Dossier;
  }

  /**
   * A fee paid by bank transfer, seen arrived: recorded with who saw it and the bank's reference.
   * Only a transfer not yet confirmed, of a dossier not cancelled. `ref`: the transaction reference
   * the citizen's banking app shows (optional; checked: printable, NFC, not too long).
   */
  confirmPayment(code: string, ref: string | null = null): Dossier {
    const reference = checkBankRef(ref);
    const id = this.ctx.write((tx) => {
      const d = this.get(code);
      if (d.payment !== 'bank_qr' || d.feeVnd === 0) throw new DomainError('err.payment.notTransfer', { code: d.code, payment: `pay.${d.payment}` });
      if (d.paidAt !== null) throw new DomainError('err.payment.already', { code: d.code });
      if (d.state === 'cancelled') throw new DomainError('err.payment.cancelled', { code: d.code });
      this.repo.confirmPayment(tx, d.id, this.ctx.now(), this.ctx.operator(), reference);
      return d.id;
    });
    return this.repo.byId(id) as Dossier;
  }

  /** A dossier by its code (case and spaces forgiven); refused when there is none. */
  get(code: string): Dossier {
    const want = code.trim().toUpperCase();
    const d = this.repo.byCode(want);
    if (!d && parseDossierCode(want)) throw new DomainError('err.dossier.notFound', { code: code.trim() });
    if (!d) throw new DomainError('err.dossier.badCode', { code: code.trim() });
    return d;
  }

  /** The dossier with exactly this code (as stored: upper case), if any; no refusal. */
  lookup(code: string): Dossier | undefined {
    return this.repo.byCode(code);
  }

  byId(id: number): Dossier | undefined {
    return this.repo.byId(id);
  }

  events(d: Dossier): DossierEvent[] {
    return this.repo.events(d.id);
  }

  /** A trip's dossiers, in order of receipt. */
  byTrip(tripId: number): Dossier[] {
    return this.repo.byTrip(tripId);
  }

  /** The dossiers received on a date (YYYY-MM-DD), in order of receipt. */
  byDate(date: string): Dossier[] {
    return this.repo.byDate(date);
  }

  /** Ids of a trip's dossiers in order of receipt (ids only: a large trip is read one by one). */
  tripDossierIds(tripId: number): number[] {
    return this.handovers.tripDossierIds(tripId);
  }

  /** The files kept with a dossier as they are on disk now: the newest row of each path. */
  currentFiles(dossierId: number): DossierFile[] {
    return this.files.current(dossierId);
  }

  /** Every file row of a dossier, oldest first (a file written again has a newer row). */
  fileRows(dossierId: number): DossierFile[] {
    return this.files.list(dossierId);
  }

  /** Record a file just written next to the database for a dossier (its A4 slip, a scan). */
  keepFile(dossier: Dossier, kind: DossierFileKind, path: string, mime: string, bytes: number, sha256: string, at: number, item: number | null = null): number {
    return this.ctx.write((tx) => this.files.add(tx, dossier.id, kind, path, mime, bytes, sha256, at, item));
  }

  /** Dossiers whose result is ready and not yet returned, with the trip each was received on. */
  ready(): ReadyDossier[] {
    return this.handovers.ready().map((r) => ({ dossier: this.repo.byId(r.dossierId) as Dossier, commune: r.commune, place: r.place }));
  }

  /** Record a handover bundle exported, inside the transaction that hands its dossiers over. */
  recordHandover(tx: Tx, h: Omit<Handover, 'id'>): number {
    return this.handovers.insert(tx, h);
  }

  /** The latest handovers, newest first. */
  handoverList(limit = 100): Handover[] {
    return this.handovers.list(limit);
  }

  /**
   * Find dossiers by code (a scanned receipt), by the code without its agency, by the day's number
   * (today's), by the citizen's 12-digit ID, or by name with diacritics ignored; newest first, at
   * most `limit`.
   */
  find(query: string, limit = FIND_LIMIT): Dossier[] {
    const q = query.trim();
    if (q === '') return [];
    if (parseDossierCode(q)) {
      const d = this.repo.byCode(q.toUpperCase());
      return d ? [d] : [];
    }
    if (/^\d{12}$/.test(q)) return this.repo.byCitizen(q, limit);
    // The code as lists show it, without the agency ("261203-0002", "2612030002"), or the day's
    // number of a dossier received today ("2", "0002").
    const tail = /^(\d{6})-?(\d{4})$/.exec(q);
    if (tail) return this.repo.byTail(`${tail[1]}-${tail[2]}`, limit);
    if (/^\d{1,4}$/.test(q) && Number(q) > 0) return this.repo.byTail(`${localDate(this.ctx.now()).slice(2).replaceAll('-', '')}-${q.padStart(4, '0')}`, limit);
    return this.repo.byName(q, limit);
  }

  /** Early / on time / late; an open dossier past its due date is late already. */
  timeliness(d: Dossier): 'early' | 'on_time' | 'late' | 'open' {
    if (d.resultOn) return WorkingDays.timeliness(d.dueDate, d.resultOn);
    if (d.state === 'cancelled') return 'open';
    return localDate(this.ctx.now()) > d.dueDate ? 'late' : 'open';
  }

  /**
   * Log help given without a dossier (VNeID, signature...), counted in the trip's figures. The
   * citizen is the one given, else the one the ticket at the counter was identified as.
   */
  logHelp(kind: string, ticket: TicketRef, citizenId: string | null = null): { kind: string; ticket: Ticket | null; citizen: Citizen | null } {
    const svc = this.ctx.data.helpServices.find((h) => h.code === kind || h.key === kind);
    if (!svc) throw new DomainError('err.help.unknown', { value: kind, list: this.ctx.data.helpServices.map((h) => `${h.key} ${h.code}`).join(', ') });
    const out = this.ctx.write((tx) => {
      const trip = this.ctx.trip();
      if (!trip) throw new DomainError('err.noOpenTrip');
      const t = this.ticketOf(ticket, false);
      let cid = citizenId;
      if (cid !== null && !this.ctx.citizens.get(cid)) throw new DomainError('err.citizen.unknown', { id: cid });
      cid ??= t ? this.repo.ticketCitizen(t.id) : null;
      this.repo.logHelp(tx, trip.id, t?.id ?? null, cid, svc.code, this.ctx.now(), this.ctx.operator());
      return { t, cid };
    });
    return { kind: svc.code, ticket: out.t, citizen: out.cid ? (this.ctx.citizens.get(out.cid) ?? null) : null };
  }

  /**
   * Record the citizen's satisfaction (1-5) with a finished ticket: by label, or the ticket last
   * finished at a counter. A second rating of the same ticket replaces the first.
   */
  rate(score: number, ticket: { label: string } | { counter: number }, source: 'operator' | 'keypad' = 'operator'): Ticket {
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError('err.rating.score', { value: String(score) });
    return this.ctx.write((tx) => {
      const trip = this.ctx.trip();
      if (!trip) throw new DomainError('err.noOpenTrip');
      const state = this.ctx.state();
      let t: Ticket | undefined;
      if ('label' in ticket) t = findTicket(state, ticket.label);
      else {
        t = state.lastFinishedAt(ticket.counter);
        if (!t) throw new DomainError('err.rating.none', { counter: ticket.counter });
      }
      if (t.status !== 'done') throw new DomainError('err.rating.notDone', { ticket: t.label });
      this.repo.rate(tx, t.id, trip.id, score, this.ctx.now(), this.ctx.operator(), source);
      return t;
    });
  }

  /** Help given without a dossier on a trip: kind -> times. */
  helpStats(tripId: number): Map<string, number> {
    return this.repo.helpStats(tripId);
  }

  /** What a trip recorded besides its queue: its dossiers, help without a dossier, ratings. */
  records(tripId: number): Pick<TripRecords, 'dossiers' | 'help' | 'ratings'> {
    return { dossiers: this.repo.byTrip(tripId), help: this.repo.helpStats(tripId), ratings: this.repo.ratings(tripId) };
  }

  figures(trip: Trip, state: QueueState): DossierFigures {
    return computeDossierFigures(this.repo.byTrip(trip.id), state, this.repo.helpStats(trip.id), this.ctx.data.helpServices, this.repo.ratings(trip.id));
  }
}
