// The text-message sender: takes due messages from the outbox one at a time, sends each part
// through the modem (src/ports/modem.ts), and records what happened; records delivery reports; looks
// at the modem's signal now and then; queues the reminders of coming visits. It sleeps between
// messages (woken after a write, by the database file changing, or by its timers): no polling loop.
// It runs in every process that holds the vehicle's database on the machine the modem is plugged
// into (modems.host NULL: the counter screen, `luudong hub`, `luudong print-worker`; `luudong sms
// send`); a modem plugged into another machine is never opened here.
//
// One sender per vehicle: only one process talks to the modem, as the port is locked by whoever
// opens it first. The others' senders find it busy, stand by without a word (the holder reports the
// modem's state), never claim a message, and look again every reopenMs: when the holder stops or
// dies, one of them takes the modem over, and first settles what the dead one left 'sending'. A
// claim is one IMMEDIATE transaction, so even two senders with a modem each never take one message
// twice. What a crash means is in desk.ts.
import { encodeSubmit } from '../../core/sms/pdu.js';
import { DomainError } from '../../core/errors.js';
import { ModemError, type ModemConfig, type ModemInfo, type SmsModem } from '../../ports/modem.js';
import type { ModemRow, SmsMessage } from '../../store/sms.js';
import { pidAlive } from '../print/worker.js';
import type { SmsDesk } from './desk.js';
import { readSimPin } from './simPin.js';

export interface SenderEvent {
  /** standby: another process of this machine holds the modem and sends. */
  kind: 'sent' | 'problem' | 'failed' | 'interrupted' | 'modem' | 'report' | 'standby';
  message?: SmsMessage;
  /** problem / failed: why; modem: its state. */
  reason?: string;
  info?: ModemInfo;
}

export interface SenderOptions {
  open: (config: ModemConfig) => SmsModem;
  /** The database file: the SIM PIN is kept beside it. */
  dbFile: string;
  onEvent?: (e: SenderEvent) => void;
  isAlive?: (pid: number) => boolean;
  /** How long to wait before opening a modem that could not be opened again (ms). */
  reopenMs?: number;
  /** How often to look at the modem's signal, the reminders and old messages while idle (ms). */
  houseMs?: number;
}

/** What the sender writes cannot be written now (a full disk): try again in a while. */
const STORE_RETRY_MS = 5000;

export class SmsSender {
  private timer: NodeJS.Timeout | undefined;
  private houseTimer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private modem: SmsModem | undefined;
  private modemName: string | undefined;
  private reopenAt = 0;
  /** After a network refusal, the next message waits too (each has its back-off; this spares the rest). */
  private pauseUntil = 0;
  /** Another process holds the modem (said once, until this one takes it). */
  private standing = false;
  /** The modem was looked at once at start, due messages or not. */
  private looked = false;

  constructor(
    private readonly desk: SmsDesk,
    private readonly now: () => number,
    private readonly opts: SenderOptions,
  ) {}

  /** Settle what a dead sender left 'sending', open the modem (or find it held), then send what is due. */
  start(): SmsMessage[] {
    const held = this.settle();
    this.house();
    this.wake();
    return held;
  }

  private settle(): SmsMessage[] {
    const held = this.desk.recoverInterrupted(this.opts.isAlive ?? pidAlive);
    for (const m of held) this.opts.onEvent?.({ kind: 'interrupted', message: m });
    return held;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      let storeFailed = false;
      this.current = this.drain()
        .catch(() => void (storeFailed = true))
        .finally(() => {
          this.current = undefined;
          if (storeFailed) {
            if (!this.stopped) this.timer = setTimeout(() => this.wake(), STORE_RETRY_MS);
          } else if (this.again) {
            this.again = false;
            this.wake();
          } else this.schedule();
        });
    }, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.houseTimer);
    await this.current;
    await this.drop();
  }

  /** Resolves once nothing due is left (tests, `--once`). */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  private schedule(): void {
    if (this.stopped) return;
    let next = this.desk.nextDue();
    if (next !== null && !this.modem) next = Math.max(next, this.reopenAt);
    if (next !== null) next = Math.max(next, this.pauseUntil);
    if (next === null) return;
    this.timer = setTimeout(() => this.wake(), Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1));
  }

  /** Every few minutes: the modem's signal for the screens, reminders now due, old numbers erased. */
  private house(): void {
    if (this.stopped) return;
    clearTimeout(this.houseTimer);
    this.houseTimer = setTimeout(() => this.house(), this.opts.houseMs ?? 5 * 60_000);
    this.houseTimer.unref?.();
    try {
      if (this.desk.queueReminders() > 0) this.wake();
      this.desk.purge();
    } catch {
      // a busy or full database: next time
    }
    if (this.modem && !this.current) {
      this.current = this.modem
        .status()
        .then((info) => this.record(info))
        .catch(() => undefined)
        .finally(() => {
          this.current = undefined;
          this.schedule();
        });
    }
  }

  private record(info: ModemInfo | null, state?: string, detail?: string): void {
    const name = this.modemName;
    if (!name) return;
    try {
      this.desk.recordStatus(name, info, state, detail);
    } catch {
      /* the screens miss one look */
    }
    if (info) this.opts.onEvent?.({ kind: 'modem', info });
    else this.opts.onEvent?.({ kind: 'modem', reason: state ?? 'error' });
  }

  private async drop(): Promise<void> {
    const m = this.modem;
    this.modem = undefined;
    await m?.close().catch(() => undefined);
  }

  /** The modem, opened and set up; undefined when there is none or it cannot be used now. */
  private async ensureModem(): Promise<SmsModem | undefined> {
    if (this.modem) return this.modem;
    let row: ModemRow;
    try {
      row = this.desk.modem();
    } catch {
      return undefined;
    }
    if (row.host !== null) return undefined; // plugged into another machine: its own sender's
    if (this.now() < this.reopenAt) return undefined;
    this.modemName = row.name;
    let pin: string | null = null;
    if (row.simPin) {
      try {
        pin = readSimPin(this.opts.dbFile, row.name);
      } catch {
        pin = null;
      }
    }
    const modem = this.opts.open({ name: row.name, port: row.port, baudRate: row.baudRate, pin });
    try {
      const info = await modem.open();
      this.modem = modem;
      this.standing = false;
      // Perhaps taken over from a process that stopped or died: what it left 'sending' is settled first.
      this.settle();
      modem.on('report', (pdu) => {
        try {
          const r = this.desk.report(pdu);
          this.opts.onEvent?.({ kind: 'report', reason: r.outcome ?? 'unreadable' });
        } catch {
          /* kept by the modem's log only */
        }
      });
      modem.on('closed', (detail) => {
        if (this.modem !== modem) return;
        this.modem = undefined;
        this.reopenAt = this.now() + (this.opts.reopenMs ?? 10_000);
        this.record(null, 'unplugged', detail);
        this.schedule();
      });
      this.record(info);
      return modem;
    } catch (e) {
      await modem.close().catch(() => undefined);
      this.reopenAt = this.now() + (this.opts.reopenMs ?? 10_000);
      if (e instanceof ModemError && e.failure === 'busy') {
        // Another process of this machine sends: stand by quietly (its state is the one to show).
        if (!this.standing) this.opts.onEvent?.({ kind: 'standby' });
        this.standing = true;
        return undefined;
      }
      this.record(null, e instanceof ModemError ? e.failure : 'error', e instanceof ModemError ? e.detail : String(e));
      return undefined;
    }
  }

  private async drain(): Promise<void> {
    if (!this.looked) {
      // At start, the modem is opened whether or not a message is due: the operator sees its state
      // (or that another process holds it) from the first minute, not from the first message.
      this.looked = true;
      await this.ensureModem();
    }
    for (;;) {
      if (this.stopped) return;
      const due = this.desk.nextDue();
      if (due === null || due > this.now() || this.now() < this.pauseUntil) return;
      const modem = await this.ensureModem();
      if (!modem) return;
      const m = this.desk.claim();
      if (!m) return;
      await this.sendOne(modem, m);
    }
  }

  private async sendOne(modem: SmsModem, m: SmsMessage): Promise<void> {
    let pdus;
    try {
      if (m.phone === null || m.text === null) throw new DomainError('err.sms.purged', { id: m.id });
      pdus = encodeSubmit({ to: m.phone, text: m.text, alphabet: m.alphabet, ref: m.ref });
    } catch (e) {
      const reason = e instanceof DomainError ? e.code : 'unexpected';
      this.desk.failed(m, reason);
      this.opts.onEvent?.({ kind: 'failed', message: m, reason });
      return;
    }
    const parts = this.desk.parts(m);
    for (const pdu of pdus) {
      const part = parts.find((p) => p.part === pdu.part);
      if (!part || part.sentAt !== null) continue; // sent before a retry: never again
      let submitted = false;
      try {
        const mr = await modem.send(pdu, () => {
          this.desk.submitting(m, pdu.part);
          submitted = true;
        });
        this.desk.partSent(m, pdu.part, mr);
      } catch (e) {
        const err = e instanceof ModemError ? e : null;
        if (!err) {
          // The database refused the mark (a full disk): the PDU was not finished; try later.
          this.desk.retry(m, 'store');
          throw e;
        }
        if (err.maybeSent) {
          this.desk.interrupted(m);
          this.opts.onEvent?.({ kind: 'interrupted', message: m, reason: err.failure });
          await this.drop(); // a modem that went quiet mid-send starts afresh
          return;
        }
        if (submitted) this.desk.partRefused(m, pdu.part);
        if (err.failure === 'rejected') {
          const reason = err.code !== null ? `cms:${err.code}` : 'rejected';
          this.desk.failed(m, reason);
          this.opts.onEvent?.({ kind: 'failed', message: m, reason });
          return;
        }
        this.desk.retry(m, err.failure);
        this.opts.onEvent?.({ kind: 'problem', message: m, reason: err.failure });
        if (err.failure === 'network') {
          // Not registered, most likely: say so on the status line, and let the back-off run.
          this.pauseUntil = this.now() + 30_000;
          this.record(null, 'noNetwork', err.detail);
        } else {
          this.reopenAt = this.now() + (this.opts.reopenMs ?? 10_000);
          this.record(null, err.failure, err.detail);
          await this.drop();
        }
        return;
      }
    }
    this.desk.sent(m);
    this.opts.onEvent?.({ kind: 'sent', message: m });
  }
}
