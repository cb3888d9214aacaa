// A GSM/3G/4G USB modem through AT commands on its serial port (serialport, loaded on first open).
// One command at a time; unsolicited lines (delivery reports +CDS, and the chatter some modems send:
// ^RSSI, ^BOOT, RING…) are told apart from answers. The port is opened with an exclusive lock, so
// two processes never talk to one modem: the second is told 'busy'.
//
// Set-up at each open: ATE0 (no echo), AT+CMEE=1 (numeric errors), AT+CPIN? and the PIN when the SIM
// asks for it (once: a wrong PIN is never tried again, three would lock the SIM), AT+CMGF=0 (PDU
// mode), AT+CNMI=2,0,0,1,0 (delivery reports straight to this line as +CDS, with AT+CSMS at 0 none
// needs an acknowledgement).
//
// Sending: AT+CMGS=<length>, then the modem answers "> ", then the PDU and Ctrl-Z. Until Ctrl-Z
// goes, nothing is sent (an ESC cancels); after it, only +CMGS or +CMS ERROR says what happened, and
// a line that dies or a modem that says nothing leaves it unknown (ModemError.maybeSent).
import { AtFramer, errorCode, finalResult, parseCmgs, parseCops, parseCpin, parseCsq, parseRegistration, registered, classifyCms, type PinState, type Registration, type Signal } from '../../src/core/sms/at.js';
import { ModemError, type ModemConfig, type ModemInfo, type SmsModem } from '../../src/ports/modem.js';

/** The part of serialport's SerialPort this driver uses. */
interface PortLike {
  open(cb: (err: Error | null) => void): void;
  write(data: string | Buffer, cb?: (err: Error | null | undefined) => void): boolean;
  close(cb?: (err: Error | null) => void): void;
  on(event: 'data', l: (b: Buffer) => void): unknown;
  on(event: 'close' | 'error', l: (e?: Error) => void): unknown;
  readonly isOpen: boolean;
}

export interface SerialModemOptions {
  /** How long a command may take (ms). */
  commandTimeoutMs?: number;
  /** How long the network may take to take a message after Ctrl-Z (ms). */
  sendTimeoutMs?: number;
  /** Makes the port; serialport by default. */
  makePort?: (config: ModemConfig) => Promise<PortLike>;
}

interface Pending {
  lines: string[];
  resolve: (lines: string[]) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  /** Resolve on the "> " prompt instead of a final result. */
  prompt: boolean;
}

const CTRL_Z = '\x1a';
const ESC = '\x1b';

export class SerialModem implements SmsModem {
  private port: PortLike | undefined;
  private readonly framer = new AtFramer();
  private pending: Pending | undefined;
  /** The next line is the PDU of a +CDS. */
  private cdsNext = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = { report: [] as ((pdu: string) => void)[], closed: [] as ((d: string) => void)[] };
  private pinTried = false;

  constructor(
    readonly config: ModemConfig,
    private readonly opts: SerialModemOptions = {},
  ) {}

  on(event: 'report' | 'closed', listener: (s: string) => void): void {
    this.listeners[event].push(listener);
  }

  async open(): Promise<ModemInfo> {
    if (!this.port) {
      let port: PortLike;
      try {
        port = await (this.opts.makePort ?? serialPort)(this.config);
        await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
      } catch (e) {
        const m = (e as Error).message ?? String(e);
        throw new ModemError(/lock|busy|EBUSY|temporarily unavailable/i.test(m) ? 'busy' : 'unplugged', null, false, m);
      }
      this.port = port;
      this.framer.reset();
      port.on('data', (b) => this.onData(b.toString('latin1')));
      port.on('error', () => undefined);
      port.on('close', (e) => this.lost(e?.message ?? 'closed'));
      // A half-typed PDU from a process that died at the prompt: ESC ends it; then a plain AT.
      await this.raw(ESC);
      await this.command('AT', 2000).catch(() => this.command('AT', 2000));
      await this.command('ATE0');
      await this.command('AT+CMEE=1');
    }
    let pin = await this.pinState();
    if (pin === 'pin') {
      if (!this.config.pin) throw new ModemError('sim', null, false, 'SIM PIN');
      if (this.pinTried) throw new ModemError('sim', null, false, 'SIM PIN refused');
      this.pinTried = true;
      await this.command(`AT+CPIN="${this.config.pin}"`, 15_000, true).catch((e) => {
        throw e instanceof ModemError ? new ModemError('sim', e.code, false, 'SIM PIN refused') : e;
      });
      this.pinTried = false;
      pin = await this.pinState();
    }
    if (pin !== 'ready') throw new ModemError('sim', null, false, `SIM ${pin}`);
    await this.command('AT+CMGF=0');
    // Delivery reports to this line; a modem without them still sends messages.
    await this.command('AT+CNMI=2,0,0,1,0').catch(() => undefined);
    return this.status();
  }

  private async pinState(): Promise<PinState> {
    try {
      const lines = await this.command('AT+CPIN?');
      return lines.map(parseCpin).find((x) => x !== undefined) ?? 'other';
    } catch (e) {
      // +CME ERROR: 10 "SIM not inserted", 13 "SIM failure"…
      if (e instanceof ModemError && e.failure !== 'timeout' && e.failure !== 'unplugged') throw new ModemError('sim', e.code, false, 'SIM');
      throw e;
    }
  }

  async status(): Promise<ModemInfo> {
    const first = <T>(lines: string[], f: (l: string) => T | undefined) => lines.map(f).find((x) => x !== undefined);
    const signal: Signal | null = first(await this.command('AT+CSQ'), parseCsq) ?? null;
    let registration: Registration = 'unknown';
    for (const q of ['AT+CREG?', 'AT+CEREG?']) {
      const r = first(await this.command(q).catch(() => []), parseRegistration);
      if (r && (registered(r.state) || registration === 'unknown')) registration = r.state;
      if (registered(registration)) break;
    }
    const operator = first(await this.command('AT+COPS?').catch(() => []), parseCops) ?? null;
    const model = (await this.command('AT+CGMM').catch(() => [])).find((l) => !l.startsWith('+') && !l.startsWith('AT')) ?? null;
    return { state: registered(registration) ? 'ready' : 'noNetwork', pin: 'ready', signal, registration, operator, model };
  }

  send(pdu: { hex: string; length: number }, beforeSubmit: () => void): Promise<number> {
    return this.serial(async () => {
      await this.run(`AT+CMGS=${pdu.length}`, this.opts.commandTimeoutMs ?? 10_000, true, true);
      try {
        beforeSubmit();
      } catch (e) {
        await this.raw(ESC); // the prompt is abandoned: nothing goes
        throw e;
      }
      let lines: string[];
      try {
        lines = await this.run(pdu.hex + CTRL_Z, this.opts.sendTimeoutMs ?? 60_000, false, false);
      } catch (e) {
        if (e instanceof ModemError && (e.failure === 'network' || e.failure === 'rejected' || e.failure === 'sim')) throw e; // a definite refusal
        const m = e instanceof ModemError ? e : new ModemError('io', null, true, (e as Error).message);
        throw new ModemError(m.failure, m.code, true, m.detail);
      }
      const mr = lines.map(parseCmgs).find((x) => x !== undefined);
      if (mr === undefined) throw new ModemError('io', null, true, 'no +CMGS');
      return mr;
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  // ---- the line ---------------------------------------------------------------------------------

  /** A command's answer lines (without the final OK); rejects on ERROR, +CMS/+CME ERROR, a timeout. */
  private command(cmd: string, ms = this.opts.commandTimeoutMs ?? 10_000, sensitive = false): Promise<string[]> {
    return this.serial(() => this.run(cmd, ms, false, true, sensitive));
  }

  /** One exchange at a time, in order. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private run(text: string, ms: number, prompt: boolean, cr: boolean, sensitive = false): Promise<string[]> {
    const port = this.port;
    if (!port) return Promise.reject(new ModemError('unplugged', null, false, 'not open'));
    return new Promise<string[]>((resolve, reject) => {
      // The PIN is in this command: it never goes into an error's text.
      const shown = sensitive ? text.replace(/"[^"]*"/, '"****"') : text.slice(0, 20);
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new ModemError('timeout', null, false, shown));
      }, ms);
      this.pending = { lines: [], resolve, reject, timer, prompt };
      port.write(cr ? `${text}\r` : text, (e) => {
        if (e && this.pending?.timer === timer) {
          clearTimeout(timer);
          this.pending = undefined;
          reject(new ModemError('io', null, false, e.message));
        }
      });
    });
  }

  private raw(text: string): Promise<void> {
    const port = this.port;
    return new Promise((resolve) => (port ? port.write(text, () => resolve()) : resolve()));
  }

  private onData(chunk: string): void {
    for (const item of this.framer.push(chunk)) {
      const p = this.pending;
      if (item.kind === 'prompt') {
        if (p?.prompt) this.settle(p, null);
        continue;
      }
      const line = item.text;
      if (this.cdsNext) {
        this.cdsNext = false;
        for (const l of this.listeners.report) l(line);
        continue;
      }
      if (line.startsWith('+CDS:')) {
        this.cdsNext = true;
        continue;
      }
      if (!p) continue; // chatter between commands (^RSSI, RING…)
      const final = finalResult(line);
      if (final === null) {
        if (!line.startsWith('AT')) p.lines.push(line); // an echo before ATE0 took effect
        continue;
      }
      if (final === 'ok') this.settle(p, null);
      else {
        const code = final === 'cms' || final === 'cme' ? errorCode(line) : null;
        const failure = final === 'cms' && code !== null ? classifyCms(code) : 'rejected';
        this.settle(p, new ModemError(failure, code, false, line));
      }
    }
  }

  private settle(p: Pending, error: ModemError | null): void {
    clearTimeout(p.timer);
    this.pending = undefined;
    if (error) p.reject(error);
    else p.resolve(p.lines);
  }

  private lost(detail: string): void {
    this.port = undefined;
    const p = this.pending;
    if (p) {
      clearTimeout(p.timer);
      this.pending = undefined;
      p.reject(new ModemError('unplugged', null, false, detail));
    }
    for (const l of this.listeners.closed) l(detail);
  }
}

async function serialPort(config: ModemConfig): Promise<PortLike> {
  const { SerialPort } = await import('serialport');
  return new SerialPort({ path: config.port, baudRate: config.baudRate, autoOpen: false, lock: true }) as unknown as PortLike;
}
