// The modem, the office's SMS settings, who asked for messages, the durable outbox of text messages
// and its parts, delivery reports, and the rating keypads. A message is claimed inside an IMMEDIATE
// transaction by a conditional update, as print jobs are (store/printing.ts).
import type { Statement } from 'better-sqlite3';
import type { Db, Tx } from './types.js';

export interface ModemRow {
  name: string;
  port: string;
  baudRate: number;
  simPin: boolean;
  host: string | null;
  createdAt: number;
}

export interface ModemStatusRow {
  name: string;
  at: number;
  state: string;
  signalDbm: number | null;
  bars: number | null;
  registration: string | null;
  operator: string | null;
  detail: string | null;
}

export interface SmsSettingsRow {
  alphabet: 'ucs2' | 'gsm7' | null;
  turnNear: number | null;
  dailyCap: number | null;
  reminderDays: number | null;
  reminderFrom: string | null;
}

export type SmsState = 'queued' | 'sending' | 'sent' | 'failed' | 'interrupted' | 'cancelled' | 'expired';

export interface SmsMessage {
  id: number;
  kind: string;
  cause: string;
  phone: string | null;
  text: string | null;
  alphabet: 'ucs2' | 'gsm7';
  parts: number;
  ref: number;
  priority: number;
  state: SmsState;
  attempts: number;
  nextAt: number;
  expiresAt: number | null;
  reason: string | null;
  worker: string | null;
  delivery: 'delivered' | 'pending' | 'failed' | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

export interface SmsPart {
  messageId: number;
  part: number;
  submittedAt: number | null;
  sentAt: number | null;
  mr: number | null;
  status: number | null;
  reportedAt: number | null;
}

export interface NewSms {
  kind: string;
  cause: string;
  phone: string;
  text: string;
  alphabet: 'ucs2' | 'gsm7';
  parts: number;
  priority: number;
  expiresAt: number | null;
}

export interface RaterRow {
  name: string;
  target: string;
  counter: number;
  timeoutS: number;
  host: string | null;
  createdAt: number;
}

export interface TicketOptin {
  ticketId: number;
  phone: string;
  ahead: number | null;
}

const message = (r: Record<string, unknown>): SmsMessage => ({
  id: r.id as number,
  kind: r.kind as string,
  cause: r.cause as string,
  phone: r.phone as string | null,
  text: r.text as string | null,
  alphabet: r.alphabet as 'ucs2' | 'gsm7',
  parts: r.parts as number,
  ref: r.ref as number,
  priority: r.priority as number,
  state: r.state as SmsState,
  attempts: r.attempts as number,
  nextAt: r.next_at as number,
  expiresAt: r.expires_at as number | null,
  reason: r.reason as string | null,
  worker: r.worker as string | null,
  delivery: r.delivery as SmsMessage['delivery'],
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
  sentAt: r.sent_at as number | null,
});

const part = (r: Record<string, unknown>): SmsPart => ({
  messageId: r.message_id as number,
  part: r.part as number,
  submittedAt: r.submitted_at as number | null,
  sentAt: r.sent_at as number | null,
  mr: r.mr as number | null,
  status: r.status as number | null,
  reportedAt: r.reported_at as number | null,
});

export class SmsRepo {
  private readonly s: Record<string, Statement>;

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      modemPut: p(
        `INSERT INTO modems (name, port, baud_rate, sim_pin, host, created_at) VALUES (?, ?, ?, ?, NULL, ?)
         ON CONFLICT (name) DO UPDATE SET port = excluded.port, baud_rate = excluded.baud_rate, sim_pin = excluded.sim_pin`,
      ),
      modems: p('SELECT * FROM modems ORDER BY name'),
      modemDel: p('DELETE FROM modems WHERE name = ?'),
      statusPut: p(
        `INSERT INTO modem_status (name, at, state, signal_dbm, bars, registration, operator, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET at = excluded.at, state = excluded.state, signal_dbm = excluded.signal_dbm, bars = excluded.bars,
           registration = excluded.registration, operator = excluded.operator, detail = excluded.detail`,
      ),
      statusGet: p('SELECT * FROM modem_status WHERE name = ?'),
      statusDel: p('DELETE FROM modem_status WHERE name = ?'),
      settings: p('SELECT * FROM sms_settings WHERE id = 1'),
      settingsPut: p(
        `INSERT INTO sms_settings (id, alphabet, turn_near, daily_cap, reminder_days, reminder_from) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET alphabet = excluded.alphabet, turn_near = excluded.turn_near, daily_cap = excluded.daily_cap,
           reminder_days = excluded.reminder_days, reminder_from = excluded.reminder_from`,
      ),
      optin: p(
        `INSERT INTO sms_optins (kind, ref, phone, ahead, at, operator) VALUES (?, ?, ?, NULL, ?, ?)
         ON CONFLICT (kind, ref) DO UPDATE SET phone = excluded.phone, at = excluded.at, operator = excluded.operator`,
      ),
      optinGet: p('SELECT phone FROM sms_optins WHERE kind = ? AND ref = ? AND phone IS NOT NULL'),
      optinAhead: p("UPDATE sms_optins SET ahead = ? WHERE kind = 'ticket' AND ref = ?"),
      // Tickets of a trip whose holder asked to be told, not told yet.
      pendingTickets: p(
        `SELECT o.ref AS ticket_id, o.phone, o.ahead FROM sms_optins o JOIN tickets t ON t.id = o.ref
         WHERE o.kind = 'ticket' AND t.trip_id = ? AND o.phone IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM sms_messages m WHERE m.kind = 'turn_near' AND m.cause = 'ticket:' || o.ref)`,
      ),
      insert: p(
        `INSERT INTO sms_messages (kind, cause, phone, text, alphabet, parts, ref, priority, state, next_at, expires_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, 'queued', ?, ?, ?, ?) ON CONFLICT (kind, cause) DO NOTHING`,
      ),
      setRef: p('UPDATE sms_messages SET ref = ? WHERE id = ?'),
      insertPart: p('INSERT INTO sms_parts (message_id, part) VALUES (?, ?)'),
      get: p('SELECT * FROM sms_messages WHERE id = ?'),
      byCause: p('SELECT * FROM sms_messages WHERE kind = ? AND cause = ?'),
      due: p("SELECT * FROM sms_messages WHERE state = 'queued' AND next_at <= ? ORDER BY priority DESC, id LIMIT 1"),
      claim: p("UPDATE sms_messages SET state = 'sending', worker = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'"),
      nextAt: p("SELECT min(next_at) AS t FROM sms_messages WHERE state = 'queued'"),
      parts: p('SELECT * FROM sms_parts WHERE message_id = ? ORDER BY part'),
      submitting: p('UPDATE sms_parts SET submitted_at = ? WHERE message_id = ? AND part = ? AND sent_at IS NULL'),
      partSent: p('UPDATE sms_parts SET sent_at = ?, mr = ? WHERE message_id = ? AND part = ?'),
      partUnsubmit: p('UPDATE sms_parts SET submitted_at = NULL WHERE message_id = ? AND part = ? AND sent_at IS NULL'),
      finish: p("UPDATE sms_messages SET state = ?, reason = ?, worker = NULL, updated_at = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ? AND state = 'sending'"),
      retry: p("UPDATE sms_messages SET state = 'queued', reason = ?, next_at = ?, worker = NULL, updated_at = ? WHERE id = ? AND state = 'sending'"),
      sending: p("SELECT * FROM sms_messages WHERE state = 'sending'"),
      interrupt: p("UPDATE sms_messages SET state = 'interrupted', reason = 'interrupted', worker = NULL, updated_at = ? WHERE id = ? AND state = 'sending'"),
      requeue: p("UPDATE sms_messages SET state = 'queued', worker = NULL, updated_at = ? WHERE id = ? AND state IN ('sending', 'interrupted', 'failed')"),
      resend: p("UPDATE sms_messages SET state = 'queued', worker = NULL, reason = NULL, expires_at = NULL, next_at = ?, updated_at = ? WHERE id = ? AND state IN ('interrupted', 'failed')"),
      cancel: p("UPDATE sms_messages SET state = 'cancelled', worker = NULL, updated_at = ? WHERE id = ? AND state IN ('queued', 'interrupted', 'failed')"),
      expire: p("UPDATE sms_messages SET state = 'expired', updated_at = ? WHERE state = 'queued' AND expires_at IS NOT NULL AND expires_at <= ?"),
      recent: p('SELECT * FROM sms_messages ORDER BY id DESC LIMIT ?'),
      problems: p("SELECT * FROM sms_messages WHERE (state = 'queued' AND reason IS NOT NULL) OR state IN ('failed', 'interrupted') ORDER BY id DESC LIMIT ?"),
      counts: p('SELECT state, count(*) AS n FROM sms_messages GROUP BY state'),
      partsSentSince: p('SELECT count(*) AS n FROM sms_parts WHERE sent_at >= ? OR (submitted_at >= ? AND sent_at IS NULL)'),
      partByMr: p(
        `SELECT p.* FROM sms_parts p JOIN sms_messages m ON m.id = p.message_id
         WHERE p.mr = ? AND m.phone = ? AND p.sent_at >= ? ORDER BY p.sent_at DESC LIMIT 1`,
      ),
      interruptedFor: p(
        `SELECT p.* FROM sms_parts p JOIN sms_messages m ON m.id = p.message_id
         WHERE m.state = 'interrupted' AND m.phone = ? AND p.submitted_at IS NOT NULL AND p.sent_at IS NULL AND p.submitted_at <= ?
         ORDER BY p.submitted_at DESC LIMIT 1`,
      ),
      partReport: p('UPDATE sms_parts SET status = ?, reported_at = ? WHERE message_id = ? AND part = ?'),
      partConfirm: p('UPDATE sms_parts SET sent_at = ?, status = ?, reported_at = ? WHERE message_id = ? AND part = ?'),
      delivery: p('UPDATE sms_messages SET delivery = ?, updated_at = ? WHERE id = ?'),
      confirm: p("UPDATE sms_messages SET state = 'sent', reason = 'confirmedByReport', sent_at = ?, updated_at = ? WHERE id = ? AND state = 'interrupted'"),
      report: p('INSERT INTO sms_reports (at, pdu, mr, status, message_id, part) VALUES (?, ?, ?, ?, ?, ?)'),
      reports: p('SELECT * FROM sms_reports ORDER BY id DESC LIMIT ?'),
      purgeMessages: p("UPDATE sms_messages SET phone = NULL, text = NULL WHERE phone IS NOT NULL AND state NOT IN ('queued', 'sending') AND updated_at < ?"),
      purgeOptins: p('UPDATE sms_optins SET phone = NULL WHERE phone IS NOT NULL AND at < ?'),
      purgeReports: p('UPDATE sms_reports SET pdu = NULL WHERE pdu IS NOT NULL AND at < ?'),
      awaitingVisit: p(
        `SELECT d.id, d.code, d.state, d.agency, d.trip_id, o.phone, t.commune FROM sms_optins o
         JOIN dossiers d ON d.id = o.ref JOIN trips t ON t.id = d.trip_id
         WHERE o.kind = 'dossier' AND o.phone IS NOT NULL
           AND ((d.state = 'result_ready' AND d.return_method = 'next_visit') OR d.state = 'supplement_requested')`,
      ),
      raterPut: p(
        `INSERT INTO raters (name, target, counter, timeout_s, host, created_at) VALUES (?, ?, ?, ?, NULL, ?)
         ON CONFLICT (name) DO UPDATE SET target = excluded.target, counter = excluded.counter, timeout_s = excluded.timeout_s`,
      ),
      raters: p('SELECT * FROM raters ORDER BY name'),
      raterDel: p('DELETE FROM raters WHERE name = ?'),
      rated: p('SELECT 1 FROM ratings WHERE ticket_id = ?'),
    };
  }

  private st(name: string): Statement {
    return this.s[name] as Statement;
  }

  // ---- modem ----

  putModem(_tx: Tx, m: Omit<ModemRow, 'host' | 'createdAt'>, at: number): void {
    this.st('modemPut').run(m.name, m.port, m.baudRate, m.simPin ? 1 : 0, at);
  }

  modems(): ModemRow[] {
    return (this.st('modems').all() as Record<string, unknown>[]).map((r) => ({
      name: r.name as string,
      port: r.port as string,
      baudRate: r.baud_rate as number,
      simPin: r.sim_pin === 1,
      host: r.host as string | null,
      createdAt: r.created_at as number,
    }));
  }

  removeModem(_tx: Tx, name: string): boolean {
    this.st('statusDel').run(name);
    return this.st('modemDel').run(name).changes === 1;
  }

  putStatus(_tx: Tx, s: ModemStatusRow): void {
    this.st('statusPut').run(s.name, s.at, s.state, s.signalDbm, s.bars, s.registration, s.operator, s.detail);
  }

  status(name: string): ModemStatusRow | undefined {
    const r = this.st('statusGet').get(name) as Record<string, unknown> | undefined;
    return r && { name: r.name as string, at: r.at as number, state: r.state as string, signalDbm: r.signal_dbm as number | null, bars: r.bars as number | null, registration: r.registration as string | null, operator: r.operator as string | null, detail: r.detail as string | null };
  }

  // ---- settings and opt-ins ----

  settings(): SmsSettingsRow {
    const r = this.st('settings').get() as Record<string, unknown> | undefined;
    return { alphabet: (r?.alphabet as 'ucs2' | 'gsm7' | null) ?? null, turnNear: (r?.turn_near as number | null) ?? null, dailyCap: (r?.daily_cap as number | null) ?? null, reminderDays: (r?.reminder_days as number | null) ?? null, reminderFrom: (r?.reminder_from as string | null) ?? null };
  }

  putSettings(_tx: Tx, s: SmsSettingsRow): void {
    this.st('settingsPut').run(s.alphabet, s.turnNear, s.dailyCap, s.reminderDays, s.reminderFrom);
  }

  optIn(_tx: Tx, kind: 'ticket' | 'dossier', ref: number, phone: string, at: number, operator: string | null): void {
    this.st('optin').run(kind, ref, phone, at, operator);
  }

  optInPhone(kind: 'ticket' | 'dossier', ref: number): string | undefined {
    return (this.st('optinGet').get(kind, ref) as { phone: string } | undefined)?.phone;
  }

  setAheadAtIssue(_tx: Tx, ticketId: number, ahead: number): void {
    this.st('optinAhead').run(ahead, ticketId);
  }

  pendingTicketOptins(tripId: number): TicketOptin[] {
    return (this.st('pendingTickets').all(tripId) as { ticket_id: number; phone: string; ahead: number | null }[]).map((r) => ({ ticketId: r.ticket_id, phone: r.phone, ahead: r.ahead }));
  }

  // ---- the outbox ----

  /** Queue a message with its parts; none when one of this kind and cause exists. Returns its id, or null. */
  enqueue(_tx: Tx, m: NewSms, at: number): number | null {
    const r = this.st('insert').run(m.kind, m.cause, m.phone, m.text, m.alphabet, m.parts, m.priority, at, m.expiresAt, at, at);
    if (r.changes !== 1) return null;
    const id = Number(r.lastInsertRowid);
    // The concatenation reference: the message's own number, modulo what the header holds.
    this.st('setRef').run(id % 256, id);
    for (let i = 1; i <= m.parts; i++) this.st('insertPart').run(id, i);
    return id;
  }

  get(id: number): SmsMessage | undefined {
    const r = this.st('get').get(id) as Record<string, unknown> | undefined;
    return r && message(r);
  }

  byCause(kind: string, cause: string): SmsMessage | undefined {
    const r = this.st('byCause').get(kind, cause) as Record<string, unknown> | undefined;
    return r && message(r);
  }

  /** The message due first (priority, then age), claimed for `worker`; call inside an IMMEDIATE transaction. */
  claim(_tx: Tx, worker: string, now: number): SmsMessage | undefined {
    const r = this.st('due').get(now) as Record<string, unknown> | undefined;
    if (!r || this.st('claim').run(worker, now, r.id).changes !== 1) return undefined;
    return this.get(r.id as number);
  }

  nextDue(): number | null {
    return (this.st('nextAt').get() as { t: number | null }).t;
  }

  parts(id: number): SmsPart[] {
    return (this.st('parts').all(id) as Record<string, unknown>[]).map(part);
  }

  markSubmitting(_tx: Tx, id: number, partNo: number, at: number): void {
    this.st('submitting').run(at, id, partNo);
  }

  /** The modem refused the part before taking it (a +CMS ERROR): it did not go. */
  unmarkSubmitting(_tx: Tx, id: number, partNo: number): void {
    this.st('partUnsubmit').run(id, partNo);
  }

  partSent(_tx: Tx, id: number, partNo: number, mr: number, at: number): void {
    this.st('partSent').run(at, mr, id, partNo);
  }

  finish(_tx: Tx, id: number, state: 'sent' | 'failed', reason: string | null, at: number): void {
    this.st('finish').run(state, reason, at, state, at, id);
  }

  retry(_tx: Tx, id: number, reason: string, nextAt: number, at: number): void {
    this.st('retry').run(reason, nextAt, at, id);
  }

  sending(): SmsMessage[] {
    return (this.st('sending').all() as Record<string, unknown>[]).map(message);
  }

  interrupt(_tx: Tx, id: number, at: number): void {
    this.st('interrupt').run(at, id);
  }

  requeue(_tx: Tx, id: number, at: number): boolean {
    return this.st('requeue').run(at, id).changes === 1;
  }

  /** Queue an interrupted or failed message again, due now, with no expiry. */
  resend(_tx: Tx, id: number, at: number): boolean {
    return this.st('resend').run(at, at, id).changes === 1;
  }

  cancel(_tx: Tx, id: number, at: number): boolean {
    return this.st('cancel').run(at, id).changes === 1;
  }

  expire(_tx: Tx, now: number): number {
    return this.st('expire').run(now, now).changes;
  }

  recent(limit: number): SmsMessage[] {
    return (this.st('recent').all(limit) as Record<string, unknown>[]).map(message);
  }

  problems(limit: number): SmsMessage[] {
    return (this.st('problems').all(limit) as Record<string, unknown>[]).map(message);
  }

  counts(): Record<string, number> {
    return Object.fromEntries((this.st('counts').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
  }

  /** Parts handed to the modem since `since` (sent, or gone without an answer): what the cap counts. */
  partsSince(since: number): number {
    return (this.st('partsSentSince').get(since, since) as { n: number }).n;
  }

  // ---- delivery reports ----

  partByMr(mr: number, phone: string, since: number): SmsPart | undefined {
    const r = this.st('partByMr').get(mr, phone, since) as Record<string, unknown> | undefined;
    return r && part(r);
  }

  /** The part of an interrupted message to this number that may have gone just before the report. */
  interruptedPartFor(phone: string, before: number): SmsPart | undefined {
    const r = this.st('interruptedFor').get(phone, before) as Record<string, unknown> | undefined;
    return r && part(r);
  }

  setPartReport(_tx: Tx, id: number, partNo: number, status: number, at: number): void {
    this.st('partReport').run(status, at, id, partNo);
  }

  confirmPart(_tx: Tx, id: number, partNo: number, status: number, at: number): void {
    this.st('partConfirm').run(at, status, at, id, partNo);
  }

  setDelivery(_tx: Tx, id: number, delivery: 'delivered' | 'pending' | 'failed', at: number): void {
    this.st('delivery').run(delivery, at, id);
  }

  confirmInterrupted(_tx: Tx, id: number, at: number): void {
    this.st('confirm').run(at, at, id);
  }

  addReport(_tx: Tx, at: number, pdu: string, mr: number | null, status: number | null, match: { messageId: number; part: number } | null): void {
    this.st('report').run(at, pdu, mr, status, match?.messageId ?? null, match?.part ?? null);
  }

  reports(limit: number): { id: number; at: number; mr: number | null; status: number | null; messageId: number | null; part: number | null }[] {
    return (this.st('reports').all(limit) as Record<string, unknown>[]).map((r) => ({ id: r.id as number, at: r.at as number, mr: r.mr as number | null, status: r.status as number | null, messageId: r.message_id as number | null, part: r.part as number | null }));
  }

  /** Erase phone numbers and texts of messages done before `before`, and of opt-ins and reports. */
  purge(_tx: Tx, before: number): number {
    const n = this.st('purgeMessages').run(before).changes;
    this.st('purgeOptins').run(before);
    this.st('purgeReports').run(before);
    return n;
  }

  /** Dossiers whose citizen asked for messages and who should come to the vehicle's next visit. */
  awaitingVisit(): { id: number; code: string; state: string; agency: string; tripId: number; phone: string; commune: string }[] {
    return (this.st('awaitingVisit').all() as Record<string, unknown>[]).map((r) => ({ id: r.id as number, code: r.code as string, state: r.state as string, agency: r.agency as string, tripId: r.trip_id as number, phone: r.phone as string, commune: r.commune as string }));
  }

  // ---- rating keypads ----

  putRater(_tx: Tx, r: Omit<RaterRow, 'host' | 'createdAt'>, at: number): void {
    this.st('raterPut').run(r.name, r.target, r.counter, r.timeoutS, at);
  }

  raters(): RaterRow[] {
    return (this.st('raters').all() as Record<string, unknown>[]).map((r) => ({ name: r.name as string, target: r.target as string, counter: r.counter as number, timeoutS: r.timeout_s as number, host: r.host as string | null, createdAt: r.created_at as number }));
  }

  removeRater(_tx: Tx, name: string): boolean {
    return this.st('raterDel').run(name).changes === 1;
  }

  /** Whether a ticket has a rating already (from the keypad or the operator). */
  rated(ticketId: number): boolean {
    return this.st('rated').get(ticketId) !== undefined;
  }
}
