// A GSM modem in software for tests, where no modem and no network exist: a small AT responder on
// one end of a real serial line (a PTY pair made by socat), the driver on the other. It answers the
// commands drivers/modem/serial.ts sends (AT, ATE0, +CMEE, +CPIN, +CMGF, +CNMI, +CSQ, +CREG, +CEREG,
// +COPS, +CGMM), takes AT+CMGS with its "> " prompt and the PDU up to Ctrl-Z, and can be told to:
// ask for a PIN, lose the network (+CMS ERROR: 331), refuse with any +CMS ERROR, answer slowly,
// stay silent, send delivery reports (+CDS) built here, and be unplugged (socat killed: the line
// closes). Every PDU it takes is "sent": recorded in order, and appended to a log file if given
// (the network, for runs where this process is killed too).
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, Submit } from 'node-pdu';
import { SerialPort } from 'serialport';

export interface EmulatorSettings {
  /** The SIM asks for this PIN until it is given; null: no PIN. */
  pin: string | null;
  registered: boolean;
  /** +CSQ rssi (0-31, 99 unknown). */
  rssi: number;
  /** Milliseconds before each answer. */
  delayMs: number;
  /** Milliseconds between Ctrl-Z and +CMGS (the network taking the message). */
  sendDelayMs: number;
  /** Never answer at all (a hung modem). */
  silent: boolean;
  /** A +CMS ERROR code for the next messages, one per message taken (shifted off); null: send. */
  errors: (number | null)[];
  /** Send a delivery report (+CDS) this long after each message that asks for one; null: none. */
  reportAfterMs: number | null;
  /** TP-ST of those reports. */
  reportStatus: number;
}

export interface TakenPdu {
  hex: string;
  mr: number;
  at: number;
}

export class ModemEmulator {
  readonly settings: EmulatorSettings = { pin: null, registered: true, rssi: 21, delayMs: 0, sendDelayMs: 0, silent: false, errors: [], reportAfterMs: null, reportStatus: 0 };
  /** Every PDU taken (sent to the "network"), in order. */
  readonly taken: TakenPdu[] = [];
  /** Every command line received, PINs masked. */
  readonly commands: string[] = [];
  private pinOk = false;
  private mr = 0;
  private buf = '';
  private awaitingPdu: number | null = null;
  private out: ((s: string) => void) | undefined;
  /** Called with each command line as it arrives (the bench times AT+CMGS, the first byte of a message). */
  onCommand: ((line: string) => void) | undefined;

  constructor(private readonly logFile?: string) {}

  /** Read the host's bytes from `stream` and answer on it. */
  attach(stream: { on(e: 'data', l: (b: Buffer) => void): unknown; write(s: string): unknown }): void {
    this.out = (s) => void stream.write(s);
    stream.on('data', (b) => this.onBytes(b.toString('latin1')));
  }

  /** Send a line on its own (an unsolicited result code). */
  unsolicited(text: string): void {
    this.out?.(`\r\n${text}\r\n`);
  }

  private answer(text: string, delay = this.settings.delayMs): void {
    if (this.settings.silent) return;
    const send = () => this.out?.(text);
    if (delay > 0) setTimeout(send, delay);
    else send();
  }

  private ok(lines: string[] = []): void {
    this.answer(lines.map((l) => `\r\n${l}\r\n`).join('') + '\r\nOK\r\n');
  }

  private onBytes(s: string): void {
    this.buf += s;
    for (;;) {
      if (this.awaitingPdu !== null) {
        const z = this.buf.search(/[\x1a\x1b]/);
        if (z < 0) return;
        const hex = this.buf.slice(0, z).trim();
        const end = this.buf[z];
        this.buf = this.buf.slice(z + 1);
        const length = this.awaitingPdu;
        this.awaitingPdu = null;
        if (end === '\x1b') continue; // cancelled at the prompt: nothing sent
        this.takePdu(hex, length);
        continue;
      }
      const cr = this.buf.indexOf('\r');
      if (cr < 0) {
        // A bare ESC from a host clearing a prompt, with no command after it.
        this.buf = this.buf.replace(/^\x1b+/, '');
        return;
      }
      const line = this.buf.slice(0, cr).replace(/^[\x1b\n]+/, '').trim();
      this.buf = this.buf.slice(cr + 1);
      if (line) this.command(line);
    }
  }

  private command(line: string): void {
    this.commands.push(line.replace(/"[^"]*"/, '"****"'));
    this.onCommand?.(line);
    const up = line.toUpperCase();
    const st = this.settings;
    const needPin = st.pin !== null && !this.pinOk;
    if (up === 'AT' || up === 'ATE0' || up.startsWith('AT+CMEE') || up.startsWith('AT+CNMI') || up.startsWith('AT+CMGF')) return this.ok();
    if (up === 'AT+CPIN?') return this.ok([`+CPIN: ${needPin ? 'SIM PIN' : 'READY'}`]);
    if (up.startsWith('AT+CPIN=')) {
      const given = /"([^"]*)"/.exec(line)?.[1];
      if (st.pin !== null && given === st.pin) {
        this.pinOk = true;
        return this.ok();
      }
      return this.answer('\r\n+CME ERROR: 16\r\n'); // incorrect password
    }
    if (up === 'AT+CSQ') return this.ok([`+CSQ: ${st.rssi},99`]);
    if (up === 'AT+CREG?') return this.ok([`+CREG: 0,${st.registered ? 1 : 2}`]);
    if (up === 'AT+CEREG?') return this.ok([`+CEREG: 0,${st.registered ? 1 : 2}`]);
    if (up === 'AT+COPS?') return this.ok(st.registered ? ['+COPS: 0,0,"Viettel",7'] : ['+COPS: 0']);
    if (up === 'AT+CGMM') return this.ok(['E3372 emulator']);
    const cmgs = /^AT\+CMGS=(\d+)$/.exec(up);
    if (cmgs) {
      if (needPin) return this.answer('\r\n+CMS ERROR: 311\r\n');
      this.awaitingPdu = Number(cmgs[1]);
      return this.answer('\r\n> ');
    }
    this.answer('\r\nERROR\r\n');
  }

  private takePdu(hex: string, length: number): void {
    const st = this.settings;
    if (!/^([0-9A-F]{2})+$/i.test(hex) || hex.length / 2 - 1 - parseInt(hex.slice(0, 2), 16) !== length) return this.answer('\r\n+CMS ERROR: 304\r\n');
    let submit: Submit;
    try {
      const p = parse(hex);
      if (!(p instanceof Submit)) return this.answer('\r\n+CMS ERROR: 304\r\n');
      submit = p;
    } catch {
      return this.answer('\r\n+CMS ERROR: 304\r\n');
    }
    const scripted = st.errors.length ? st.errors.shift() : null;
    if (scripted !== null && scripted !== undefined) return this.answer(`\r\n+CMS ERROR: ${scripted}\r\n`, st.sendDelayMs);
    if (!st.registered) return this.answer('\r\n+CMS ERROR: 331\r\n', st.sendDelayMs);
    this.mr = (this.mr + 1) % 256;
    const mr = this.mr;
    // Recorded before it answers: a message the host hears about is one the network has.
    this.taken.push({ hex, mr, at: Date.now() });
    if (this.logFile) appendFileSync(this.logFile, `${hex}\n`);
    this.answer(`\r\n+CMGS: ${mr}\r\n\r\nOK\r\n`, st.sendDelayMs);
    if (st.reportAfterMs !== null && submit.type.statusReportRequest) {
      const phone = `+${submit.address.phone}`;
      setTimeout(() => {
        const pdu = statusReportPdu({ mr, recipient: phone, status: st.reportStatus, at: new Date() });
        this.out?.(`\r\n+CDS: ${pdu.length / 2 - 1 - parseInt(pdu.slice(0, 2), 16)}\r\n${pdu}\r\n`);
      }, st.reportAfterMs);
    }
  }
}

/**
 * An SMS-STATUS-REPORT PDU (TS 23.040 §9.2.2.3) as a network sends it: SMSC +84980200030, TP-MTI 10,
 * the reference, the recipient, the centre's and the discharge time (UTC+7), TP-ST.
 */
export function statusReportPdu(r: { mr: number; recipient: string; status: number; at: Date }): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
  const swap = (digits: string) => {
    const d = digits.length % 2 ? `${digits}F` : digits;
    let s = '';
    for (let i = 0; i < d.length; i += 2) s += d[i + 1]! + d[i]!;
    return s;
  };
  const addr = (e164: string) => hex(e164.replace('+', '').length) + (e164.startsWith('+') ? '91' : '81') + swap(e164.replace('+', ''));
  const local = new Date(r.at.getTime() + 7 * 3_600_000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const ts = swap(p2(local.getUTCFullYear() % 100) + p2(local.getUTCMonth() + 1) + p2(local.getUTCDate()) + p2(local.getUTCHours()) + p2(local.getUTCMinutes()) + p2(local.getUTCSeconds())) + '82'; // +28 quarters = UTC+7
  const smsc = '91' + swap('84980200030');
  return hex(smsc.length / 2) + smsc + '06' + hex(r.mr) + addr(r.recipient) + ts + ts + hex(r.status);
}

export interface PluggedModem {
  emulator: ModemEmulator;
  /** The device the app opens. */
  path: string;
  /** Pull the stick out: socat dies and the line closes at both ends. */
  unplug(): Promise<void>;
  /** Put it back (a new line at the same path, a modem that has forgotten its PIN). */
  replug(): Promise<void>;
  close(): Promise<void>;
}

/** A modem emulator on a real serial line: a PTY pair joined by socat. */
export async function plugModem(opts: { logFile?: string } = {}): Promise<PluggedModem> {
  const dir = await mkdtemp(join(tmpdir(), `luudong-modem-${process.pid}-`));
  const path = join(dir, 'ttyUSB2');
  const emuPath = join(dir, 'emu');
  const emulator = new ModemEmulator(opts.logFile);
  let socat: ChildProcess;
  let port: SerialPort;
  const start = async () => {
    socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${path}`, `pty,raw,echo=0,link=${emuPath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`socat did not start: ${log}`)), 5000);
      socat.once('error', reject);
      socat.stderr?.on('data', (b: Buffer) => {
        log += b.toString();
        if (/starting data transfer loop/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    port = new SerialPort({ path: emuPath, baudRate: 115200, autoOpen: false });
    port.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    emulator.attach(port);
  };
  await start();
  const unplug = async () => {
    if (socat.exitCode === null && socat.signalCode === null) {
      const gone = new Promise((r) => socat.once('close', r));
      socat.kill('SIGKILL');
      await gone;
    }
    if (port.isOpen) await new Promise((r) => port.close(r));
  };
  return {
    emulator,
    path,
    unplug,
    replug: async () => {
      await unplug();
      (emulator as unknown as { pinOk: boolean }).pinOk = false;
      await start();
    },
    close: async () => {
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
