// Text messages to citizens (issue 18): the modem's set-up, the office's choices, who asked for
// messages, and the durable outbox. A message is queued inside the transaction of what causes it
// (a queue event that brings a ticket near its turn, a receipt, a result that is ready), so it
// exists exactly when its cause does; one per kind and cause, so nothing is queued twice. Nothing is
// queued while no modem is set up. The sender (sender.ts) takes them from here.
//
// Sending and a crash (see SmsSender): a message is claimed ('sending'), and each part is marked
// 'submitted' in its own commit right before the modem gets the PDU's last byte (Ctrl-Z), and
// 'sent' with the modem's reference once +CMGS answers. A process that dies leaves the message
// 'sending'; the next start looks at its parts: none submitted-and-unanswered, then nothing can have
// gone and it is queued again on its own (parts already sent are not sent again); one submitted and
// unanswered, then the network may have it, and it is HELD as 'interrupted' for the operator
// (`luudong sms resend|cancel`), never sent again on its own: a citizen told twice that their turn
// is near, or of a result, is worse than a message the operator sees was perhaps not sent. A
// delivery report that arrives later for that number resolves it as sent.
import { DataError } from '../../core/check.js';
import type { DomainData } from '../../core/config.js';
import type { Dossier } from '../../core/dossier.js';
import { DomainError } from '../../core/errors.js';
import { sameCommune } from '../../core/officeUpdates.js';
import { checkSmsPolicy, HHMM, type SmsPolicy } from '../../core/sms/config.js';
import { compose, PRIORITY, type SmsKind } from '../../core/sms/messages.js';
import { parseStatusReport } from '../../core/sms/pdu.js';
import { vnMobile, type MobileNumber } from '../../core/sms/phone.js';
import { displayDate, localDate } from '../../core/time.js';
import type { Trip } from '../../core/trip.js';
import { translator, type MessageKey } from '../../i18n/index.js';
import type { Db, Tx } from '../../store/types.js';
import { TripRepo } from '../../store/repos.js';
import { ScheduleRepo } from '../../store/schedule.js';
import { SmsRepo, type ModemRow, type SmsMessage, type SmsSettingsRow } from '../../store/sms.js';
import { findDataDir, readJson } from '../data.js';
import type { OfficeDesk } from '../offices.js';
import type { ModemInfo } from '../../ports/modem.js';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface SmsContext {
  db: Db;
  data: DomainData;
  now(): number;
  /** One IMMEDIATE transaction after catching up (Luudong.write). */
  write<T>(fn: (tx: Tx) => T): T;
  operator(): string | null;
  offices: OfficeDesk;
}

/** Back-off after a network refusal: 30 s, 1, 2, 4 … minutes, at most 15. */
export function smsRetryDelayMs(attempts: number): number {
  return Math.min(15 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** How long a delivery report is matched to the part it reports on (TP-MR repeats every 256). */
const REPORT_WINDOW_MS = 7 * 86_400_000;

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,31}$/u;

let fileDefaults: SmsPolicy | undefined;

/** data/sms.json, checked, read once per process. */
export function smsDefaults(dir = findDataDir()): SmsPolicy {
  if (fileDefaults) return fileDefaults;
  try {
    fileDefaults = checkSmsPolicy(readJson(dir, 'sms.json'));
  } catch (e) {
    if (e instanceof DataError) throw new DomainError('err.data', { file: join(dir, (e as DataError).file), path: (e as DataError).path, problem: (e as DataError).problem });
    throw e;
  }
  return fileDefaults;
}

const say = translator('vi');

export class SmsDesk {
  readonly repo: SmsRepo;
  /** This process's name on the messages it holds. */
  readonly workerId = `${hostname()}:${process.pid}`;
  private readonly trips: TripRepo;
  private readonly plans: ScheduleRepo;

  constructor(private readonly ctx: SmsContext) {
    this.repo = new SmsRepo(ctx.db);
    this.trips = new TripRepo(ctx.db);
    this.plans = new ScheduleRepo(ctx.db);
  }

  // ---- the office's choices ---------------------------------------------------------------------

  /** data/sms.json, with what `sms config` set on this vehicle over it. */
  policy(): SmsPolicy {
    const d = smsDefaults();
    const s = this.repo.settings();
    return {
      ...d,
      alphabet: s.alphabet ?? d.alphabet,
      turnNearAhead: s.turnNear ?? d.turnNearAhead,
      dailyCap: s.dailyCap ?? d.dailyCap,
      reminderDaysBefore: s.reminderDays ?? d.reminderDaysBefore,
      reminderFrom: s.reminderFrom ?? d.reminderFrom,
    };
  }

  configure(patch: Partial<{ alphabet: 'ucs2' | 'gsm7'; turnNear: number; dailyCap: number; reminderDays: number; reminderFrom: string }>): SmsPolicy {
    if (patch.alphabet !== undefined && !['ucs2', 'gsm7'].includes(patch.alphabet)) throw new DomainError('err.sms.alphabet', { value: patch.alphabet });
    if (patch.turnNear !== undefined && !(Number.isInteger(patch.turnNear) && patch.turnNear >= 1 && patch.turnNear <= 50)) throw new DomainError('err.sms.setting', { name: 'turn-near', value: String(patch.turnNear) });
    if (patch.dailyCap !== undefined && !(Number.isInteger(patch.dailyCap) && patch.dailyCap >= 0)) throw new DomainError('err.sms.setting', { name: 'daily-cap', value: String(patch.dailyCap) });
    if (patch.reminderDays !== undefined && !(Number.isInteger(patch.reminderDays) && patch.reminderDays >= 0 && patch.reminderDays <= 14)) throw new DomainError('err.sms.setting', { name: 'reminder-days', value: String(patch.reminderDays) });
    if (patch.reminderFrom !== undefined && !HHMM.test(patch.reminderFrom)) throw new DomainError('err.sms.setting', { name: 'reminder-from', value: patch.reminderFrom });
    this.ctx.write((tx) => {
      const s: SmsSettingsRow = this.repo.settings();
      this.repo.putSettings(tx, {
        alphabet: patch.alphabet ?? s.alphabet,
        turnNear: patch.turnNear ?? s.turnNear,
        dailyCap: patch.dailyCap ?? s.dailyCap,
        reminderDays: patch.reminderDays ?? s.reminderDays,
        reminderFrom: patch.reminderFrom ?? s.reminderFrom,
      });
    });
    return this.policy();
  }

  // ---- the modem's set-up -------------------------------------------------------------------------

  /** One modem per vehicle: adding it again changes it. */
  addModem(m: { name: string; port: string; baudRate: number; simPin: boolean }): ModemRow {
    if (!NAME.test(m.name)) throw new DomainError('err.modem.name', { name: m.name });
    if (!m.port.trim().startsWith('/')) throw new DomainError('err.modem.port', { port: m.port });
    if (![9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600].includes(m.baudRate)) throw new DomainError('err.modem.baud', { value: m.baudRate });
    this.ctx.write((tx) => {
      const other = this.repo.modems().find((x) => x.name !== m.name);
      if (other) throw new DomainError('err.modem.one', { name: other.name });
      this.repo.putModem(tx, m, this.ctx.now());
    });
    return this.modem(m.name);
  }

  modems(): ModemRow[] {
    return this.repo.modems();
  }

  modem(name?: string): ModemRow {
    const all = this.repo.modems();
    const m = name === undefined ? all[0] : all.find((x) => x.name === name);
    if (!m && name === undefined) throw new DomainError('err.modem.none', {});
    if (!m) throw new DomainError('err.modem.notFound', { name: name ?? '' });
    return m;
  }

  removeModem(name: string): void {
    this.ctx.write((tx) => {
      if (!this.repo.removeModem(tx, name)) throw new DomainError('err.modem.notFound', { name });
    });
  }

  // ---- who asked for messages, and what is queued (inside the caller's transaction) ---------------

  /** A phone number fit for a text message, or a refusal that says why. */
  mobile(raw: string): MobileNumber {
    const m = vnMobile(raw, this.policy().mobilePrefixes);
    if (!m) throw new DomainError('err.sms.notMobile', { value: raw.trim() });
    return m;
  }

  private enabled(): boolean {
    return this.repo.modems().length > 0;
  }

  /** The citizen with this ticket wants to be told when their turn is near. */
  optInTicketInTx(tx: Tx, ticketId: number, phone: string): void {
    if (!this.enabled()) throw new DomainError('err.modem.none', {});
    this.repo.optIn(tx, 'ticket', ticketId, this.mobile(phone).e164, this.ctx.now(), this.ctx.operator());
  }

  /** The citizen of this dossier wants its code, and word when the result is ready. */
  optInDossierInTx(tx: Tx, dossierId: number, phone: string): void {
    if (!this.enabled()) throw new DomainError('err.modem.none', {});
    this.repo.optIn(tx, 'dossier', dossierId, this.mobile(phone).e164, this.ctx.now(), this.ctx.operator());
  }

  private queueInTx(tx: Tx, kind: SmsKind, cause: string, phone: string, key: MessageKey, params: Record<string, string | number>, expiresAt: number | null = null): number | null {
    if (!this.enabled()) return null;
    const c = compose(say(key, params), this.policy().alphabet);
    return this.repo.enqueue(tx, { kind, cause, phone, text: c.text, alphabet: c.alphabet, parts: c.parts, priority: PRIORITY[kind], expiresAt }, this.ctx.now());
  }

  private officeName(trip: Trip | undefined, d?: Dossier): string {
    const o = d ? this.ctx.offices.ofDossier(d, trip) : this.ctx.offices.ofTrip(trip);
    return o.agencyName.vi;
  }

  /**
   * After queue events, in their transaction: tickets whose holder asked to be told and that have
   * come within N of their turn get "your turn is near". `positions` folds the queue as it now
   * stands (only called when such a ticket exists). A ticket that was already that near when it was
   * issued gets nothing: the desk told the citizen.
   */
  afterQueueEventsInTx(tx: Tx, trip: Trip, positions: () => Map<number, { label: string; ahead: number } | null>): void {
    if (!this.enabled()) return;
    const pending = this.repo.pendingTicketOptins(trip.id);
    if (pending.length === 0) return;
    const n = this.policy().turnNearAhead;
    const pos = positions();
    for (const o of pending) {
      const p = pos.get(o.ticketId);
      if (!p) continue; // called, finished, gone: too late to tell
      if (o.ahead === null) {
        this.repo.setAheadAtIssue(tx, o.ticketId, p.ahead);
        continue;
      }
      if (p.ahead > n || o.ahead <= n) continue;
      const expires = this.ctx.now() + this.policy().turnNearMinutes * 60_000;
      this.queueInTx(tx, 'turn_near', `ticket:${o.ticketId}`, o.phone, 'sms.text.turnNear', { office: this.officeName(trip), ticket: p.label, ahead: p.ahead, place: trip.place }, expires);
    }
  }

  /** After a receipt, in its transaction: the dossier's code and due date. */
  receiptInTx(tx: Tx, d: Dossier, trip: Trip | undefined): void {
    const phone = this.repo.optInPhone('dossier', d.id);
    if (!phone) return;
    this.queueInTx(tx, 'receipt', `dossier:${d.id}`, phone, 'sms.text.receipt', { office: this.officeName(trip, d), code: d.code, due: displayDate(d.dueDate) });
  }

  /**
   * A dossier's result is ready (the office's update file, the centre's sync, or the desk), in that
   * change's transaction: where and when to collect it. At the vehicle's next visit: the place and
   * day of the next planned trip to its commune (or that the day will be announced); at the commune
   * office: the office, from the day it was ready; by post: that it is on its way.
   */
  resultReadyInTx(tx: Tx, d: Dossier): void {
    const phone = this.repo.optInPhone('dossier', d.id);
    if (!phone || !this.enabled()) return;
    const trip = d.tripId === null ? undefined : this.trips.get(d.tripId);
    const office = this.ctx.offices.ofDossier(d, trip);
    const base = { office: office.agencyName.vi, code: d.code };
    if (d.returnMethod === 'post') return void this.queueInTx(tx, 'result_ready', `dossier:${d.id}`, phone, 'sms.text.readyPost', base);
    if (d.returnMethod === 'commune_office') return void this.queueInTx(tx, 'result_ready', `dossier:${d.id}`, phone, 'sms.text.readyOffice', { ...base, unit: office.unitName.vi, date: displayDate(d.resultOn ?? localDate(this.ctx.now())) });
    const plan = trip ? this.nextVisit(trip.commune) : undefined;
    if (!plan) return void this.queueInTx(tx, 'result_ready', `dossier:${d.id}`, phone, 'sms.text.readyNoDate', base);
    this.queueInTx(tx, 'result_ready', `dossier:${d.id}`, phone, 'sms.text.readyVisit', { ...base, place: plan.place, date: displayDate(plan.date), start: plan.start, end: plan.end });
  }

  private nextVisit(commune: string) {
    const today = localDate(this.ctx.now());
    return this.plans.from(today).find((p) => p.cancelledAt === null && sameCommune(p.commune, commune) && p.date >= today);
  }

  /**
   * The reminders of a visit that are due now: for each planned trip within reminderDaysBefore days
   * (from reminderFrom on the first of them), each dossier of its commune whose citizen asked for
   * messages and should come (a result to collect there, or papers to bring). Once per plan and
   * dossier. Returns how many were queued.
   */
  queueReminders(): number {
    if (!this.enabled()) return 0;
    const pol = this.policy();
    const now = this.ctx.now();
    const today = localDate(now);
    const time = `${String(new Date(now).getHours()).padStart(2, '0')}:${String(new Date(now).getMinutes()).padStart(2, '0')}`;
    const plans = this.plans.from(today).filter((p) => {
      if (p.cancelledAt !== null) return false;
      const days = Math.round((Date.parse(`${p.date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
      return days < pol.reminderDaysBefore || (days === pol.reminderDaysBefore && time >= pol.reminderFrom);
    });
    if (plans.length === 0) return 0;
    return this.ctx.write((tx) => {
      let n = 0;
      const waiting = this.repo.awaitingVisit();
      for (const p of plans) {
        const visitStart = new Date(`${p.date}T${p.start}:00`).getTime();
        if (visitStart <= now) continue;
        for (const w of waiting.filter((x) => sameCommune(x.commune, p.commune))) {
          const d = { id: w.id, code: w.code, agency: w.agency } as Dossier;
          const office = this.ctx.offices.ofDossier(d, this.trips.get(w.tripId));
          const key: MessageKey = w.state === 'supplement_requested' ? 'sms.text.reminderSupplement' : 'sms.text.reminderResult';
          const id = this.queueInTx(tx, 'visit_reminder', `plan:${p.id}:dossier:${w.id}`, w.phone, key, { office: office.agencyName.vi, code: w.code, place: p.place, date: displayDate(p.date), start: p.start, end: p.end }, visitStart);
          if (id !== null) n++;
        }
      }
      return n;
    });
  }

  /** A test message to a number, through the outbox like any other. */
  queueTest(phone: string): SmsMessage {
    const to = this.mobile(phone);
    const id = this.ctx.write((tx) => {
      if (!this.enabled()) throw new DomainError('err.modem.none', {});
      return this.queueInTx(tx, 'test', `test:${this.ctx.now()}:${to.e164}`, to.e164, 'sms.text.test', { office: this.ctx.offices.ofTrip(this.trips.current()).agencyName.vi });
    });
    if (id === null) throw new DomainError('err.sms.duplicate', {});
    return this.repo.get(id) as SmsMessage;
  }

  // ---- what the sender does -------------------------------------------------------------------------

  /** Messages the daily cap still allows today (parts, as the network bills them). */
  capLeft(): number {
    const now = this.ctx.now();
    const d = new Date(now);
    const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    return Math.max(0, this.policy().dailyCap - this.repo.partsSince(midnight));
  }

  /** The next message due, claimed; expired ones are dropped first. Over the cap it waits for tomorrow. */
  claim(): SmsMessage | undefined {
    const now = this.ctx.now();
    return this.ctx.write((tx) => {
      this.repo.expire(tx, now);
      const m = this.repo.claim(tx, this.workerId, now);
      if (!m) return undefined;
      const left = this.parts(m).filter((p) => p.sentAt === null).length;
      if (left > this.capLeft()) {
        const d = new Date(now);
        this.repo.retry(tx, m.id, 'cap', new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime(), now);
        return undefined;
      }
      return m;
    });
  }

  parts(m: SmsMessage) {
    return this.repo.parts(m.id);
  }

  /** The point of no return of a part: committed before its PDU's last byte goes. */
  submitting(m: SmsMessage, part: number): void {
    this.ctx.write((tx) => this.repo.markSubmitting(tx, m.id, part, this.ctx.now()));
  }

  partSent(m: SmsMessage, part: number, mr: number): void {
    this.ctx.write((tx) => this.repo.partSent(tx, m.id, part, mr, this.ctx.now()));
  }

  /** The modem said no before taking the part: it did not go. */
  partRefused(m: SmsMessage, part: number): void {
    this.ctx.write((tx) => this.repo.unmarkSubmitting(tx, m.id, part));
  }

  sent(m: SmsMessage): void {
    this.ctx.write((tx) => this.repo.finish(tx, m.id, 'sent', null, this.ctx.now()));
  }

  failed(m: SmsMessage, reason: string): void {
    this.ctx.write((tx) => this.repo.finish(tx, m.id, 'failed', reason, this.ctx.now()));
  }

  /** Not sent for now (the network, the SIM, the modem away): queued again after the back-off. */
  retry(m: SmsMessage, reason: string): void {
    const now = this.ctx.now();
    this.ctx.write((tx) => this.repo.retry(tx, m.id, reason, now + smsRetryDelayMs(m.attempts), now));
  }

  /** The part may have gone (no answer after its last byte): held for the operator. */
  interrupted(m: SmsMessage): void {
    this.ctx.write((tx) => this.repo.interrupt(tx, m.id, this.ctx.now()));
  }

  /**
   * Messages left 'sending' by a process of this machine that is no longer running: queued again
   * when none of their parts was submitted without an answer, else held as interrupted. Returns the
   * held ones.
   */
  recoverInterrupted(isAlive: (pid: number) => boolean): SmsMessage[] {
    const host = hostname();
    return this.ctx.write((tx) => {
      const held: SmsMessage[] = [];
      for (const m of this.repo.sending()) {
        const [h, pid] = (m.worker ?? '').split(':');
        if (h !== host || pid === String(process.pid) || isAlive(Number(pid))) continue;
        const unknown = this.repo.parts(m.id).some((p) => p.submittedAt !== null && p.sentAt === null);
        if (unknown) {
          this.repo.interrupt(tx, m.id, this.ctx.now());
          held.push(m);
        } else this.repo.requeue(tx, m.id, this.ctx.now());
      }
      return held;
    });
  }

  /**
   * A delivery report from the modem (untrusted: a malformed one is kept, unmatched). Matched to the
   * part with its reference and number; or, when it matches none, to an interrupted message to that
   * number whose part was submitted before it: the network had it, so it is sent.
   */
  report(pdu: string): { matched: boolean; outcome: string | null } {
    const now = this.ctx.now();
    let r: ReturnType<typeof parseStatusReport> | undefined;
    try {
      r = parseStatusReport(pdu);
    } catch {
      r = undefined;
    }
    return this.ctx.write((tx) => {
      if (!r) {
        this.repo.addReport(tx, now, pdu.slice(0, 400), null, null, null);
        return { matched: false, outcome: null };
      }
      let part = this.repo.partByMr(r.mr, r.recipient, now - REPORT_WINDOW_MS);
      if (part) this.repo.setPartReport(tx, part.messageId, part.part, r.status, now);
      else {
        part = this.repo.interruptedPartFor(r.recipient, now);
        if (part) {
          this.repo.confirmPart(tx, part.messageId, part.part, r.status, now);
          if (this.repo.parts(part.messageId).every((p) => p.sentAt !== null)) this.repo.confirmInterrupted(tx, part.messageId, now);
        }
      }
      this.repo.addReport(tx, now, pdu, r.mr, r.status, part ? { messageId: part.messageId, part: part.part } : null);
      if (part) {
        const parts = this.repo.parts(part.messageId);
        const outcomes = parts.map((p) => (p.status === null ? 'pending' : p.status < 0x20 ? (p.status <= 2 ? 'delivered' : 'failed') : p.status < 0x40 ? 'pending' : 'failed'));
        const delivery = outcomes.includes('failed') ? 'failed' : outcomes.every((o) => o === 'delivered') ? 'delivered' : 'pending';
        this.repo.setDelivery(tx, part.messageId, delivery, now);
      }
      return { matched: !!part, outcome: r.outcome };
    });
  }

  /** Erase numbers and texts of messages done more than keepDays ago. */
  purge(): number {
    const before = this.ctx.now() - this.policy().keepDays * 86_400_000;
    return this.ctx.write((tx) => this.repo.purge(tx, before));
  }

  /** What the sender saw of the modem, for the screens and `modem status`. */
  recordStatus(name: string, info: ModemInfo | null, state?: string, detail?: string): void {
    this.ctx.write((tx) =>
      this.repo.putStatus(tx, {
        name,
        at: this.ctx.now(),
        state: info ? info.state : (state ?? 'error'),
        signalDbm: info?.signal?.dbm ?? null,
        bars: info?.signal?.bars ?? null,
        registration: info?.registration ?? null,
        operator: info?.operator ?? null,
        detail: detail ? detail.slice(0, 200) : null,
      }),
    );
  }

  nextDue(): number | null {
    return this.repo.nextDue();
  }

  // ---- the operator's view ------------------------------------------------------------------------

  list(limit = 20): SmsMessage[] {
    return this.repo.recent(limit);
  }

  problems(limit = 20): SmsMessage[] {
    return this.repo.problems(limit);
  }

  get(id: number): SmsMessage {
    const m = this.repo.get(id);
    if (!m) throw new DomainError('err.sms.notFound', { id });
    return m;
  }

  /**
   * Send an interrupted or failed message again, after the operator decided it had not gone (or
   * that twice is better than never). Only the parts without an answer go again, with the same
   * concatenation reference, so a handset that has a part already joins them once.
   */
  resend(id: number): SmsMessage {
    this.ctx.write((tx) => {
      const m = this.get(id);
      if (!['interrupted', 'failed'].includes(m.state)) throw new DomainError('err.sms.notResendable', { id, state: `sms.state.${m.state}` });
      if (m.phone === null) throw new DomainError('err.sms.purged', { id });
      for (const p of this.repo.parts(id)) if (p.sentAt === null) this.repo.unmarkSubmitting(tx, id, p.part);
      this.repo.resend(tx, id, this.ctx.now());
    });
    return this.get(id);
  }

  cancel(id: number): SmsMessage {
    this.ctx.write((tx) => {
      const m = this.get(id);
      if (!this.repo.cancel(tx, id, this.ctx.now())) throw new DomainError('err.sms.notCancellable', { id, state: `sms.state.${m.state}` });
    });
    return this.get(id);
  }

  counts(): Record<string, number> {
    return this.repo.counts();
  }
}
