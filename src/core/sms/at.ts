// What a modem answers to AT commands (3GPP TS 27.007, TS 27.005), read as pure data: lines cut from
// the byte stream (and the "> " prompt of AT+CMGS, which ends no line), signal and registration,
// the SIM's PIN state, and +CMS ERROR codes sorted by what the sender should do about them.

export type FramedItem = { kind: 'line'; text: string } | { kind: 'prompt' };

/**
 * Cuts a modem's output into lines (CR LF, CR or LF; empty lines dropped) and notices the "> "
 * prompt that asks for a PDU. Text arrives in any chunks.
 */
export class AtFramer {
  private buf = '';

  push(chunk: string): FramedItem[] {
    this.buf += chunk;
    const out: FramedItem[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buf);
      if (!m) break;
      const line = this.buf.slice(0, m.index).trim();
      this.buf = this.buf.slice(m.index + m[0].length);
      if (line) out.push({ kind: 'line', text: line });
    }
    if (this.buf.trimStart().startsWith('>')) {
      this.buf = '';
      out.push({ kind: 'prompt' });
    }
    // A modem that talks without end of line is broken; do not hold its bytes forever.
    if (this.buf.length > 4096) this.buf = this.buf.slice(-4096);
    return out;
  }

  reset(): void {
    this.buf = '';
  }
}

/** Final result codes: the end of a command's answer. */
export function finalResult(line: string): 'ok' | 'error' | 'cms' | 'cme' | null {
  if (line === 'OK') return 'ok';
  if (line === 'ERROR' || line === 'NO CARRIER') return 'error';
  if (line.startsWith('+CMS ERROR:')) return 'cms';
  if (line.startsWith('+CME ERROR:')) return 'cme';
  return null;
}

/** The number of a +CMS ERROR / +CME ERROR line; -1 when the modem gave words instead. */
export function errorCode(line: string): number {
  const m = /^\+CM[SE] ERROR:\s*(\d+)/.exec(line);
  return m ? Number(m[1]) : -1;
}

export interface Signal {
  /** 0-31, or null when the modem does not know (99). */
  rssi: number | null;
  /** dBm: -113 + 2 × rssi. */
  dbm: number | null;
  /** 0 none, 1 weak (< -100 dBm), 2 fair, 3 good (> -85 dBm). */
  bars: 0 | 1 | 2 | 3;
}

/** +CSQ: <rssi>,<ber> (TS 27.007 §8.5). */
export function parseCsq(line: string): Signal | undefined {
  const m = /^\+CSQ:\s*(\d+)\s*,\s*(\d+)/.exec(line);
  if (!m) return undefined;
  const rssi = Number(m[1]);
  if (rssi === 99 || rssi > 31) return { rssi: null, dbm: null, bars: 0 };
  const dbm = -113 + 2 * rssi;
  return { rssi, dbm, bars: dbm < -100 ? 1 : dbm <= -85 ? 2 : 3 };
}

export type Registration = 'home' | 'roaming' | 'searching' | 'denied' | 'none' | 'unknown';

/** +CREG: / +CEREG: / +CGREG: <n>,<stat>[,…] as answered to the query (TS 27.007 §7.2, §10.1.22). */
export function parseRegistration(line: string): { kind: 'CREG' | 'CEREG' | 'CGREG'; state: Registration } | undefined {
  const m = /^\+(C|CE|CG)REG:\s*(\d+)\s*,\s*(\d+)/.exec(line);
  if (!m) return undefined;
  // 6/7 registered for "SMS only" and 9/10 registered for "CSFB not preferred" (LTE): registered, home
  // or roaming, and text messages go; 8 (emergency bearer services only) and 11 (RLOS) are not.
  const states: Record<string, Registration> = { '0': 'none', '1': 'home', '2': 'searching', '3': 'denied', '4': 'unknown', '5': 'roaming', '6': 'home', '7': 'roaming', '9': 'home', '10': 'roaming' };
  return { kind: `${m[1]}REG` as 'CREG' | 'CEREG' | 'CGREG', state: states[m[3] as string] ?? 'unknown' };
}

/** Registered on some network (circuit-switched or LTE): text messages can go. */
export const registered = (r: Registration) => r === 'home' || r === 'roaming';

export type PinState = 'ready' | 'pin' | 'puk' | 'other';

/** +CPIN: READY | SIM PIN | SIM PUK | … (TS 27.007 §8.3). */
export function parseCpin(line: string): PinState | undefined {
  const m = /^\+CPIN:\s*(.+)$/.exec(line);
  if (!m) return undefined;
  const v = (m[1] as string).trim().toUpperCase();
  return v === 'READY' ? 'ready' : v === 'SIM PIN' ? 'pin' : v === 'SIM PUK' ? 'puk' : 'other';
}

/** The operator's name from +COPS: <mode>,<format>,"<oper>"[,<AcT>]. */
export function parseCops(line: string): string | undefined {
  return /^\+COPS:\s*\d+\s*,\s*\d+\s*,\s*"([^"]*)"/.exec(line)?.[1];
}

/** +CMGS: <mr>: the message reference the modem gave a sent message. */
export function parseCmgs(line: string): number | undefined {
  const m = /^\+CMGS:\s*(\d+)/.exec(line);
  return m ? Number(m[1]) : undefined;
}

/**
 * What a refusal means for the message (TS 27.005 §3.2.5; 0-127 are the network's RP causes of
 * TS 24.011 Annex E-2):
 * - network: the network or the modem could not take it now; try again later;
 * - sim: the SIM is missing, locked or failing; nothing goes until someone sees to it;
 * - rejected: this message (its number, its content) is refused; sending it again will not help.
 */
export type CmsClass = 'network' | 'sim' | 'rejected';

const NETWORK = new Set([27, 38, 41, 42, 47, 300, 302, 314, 320, 322, 331, 332, 500]);
const SIM = new Set([310, 311, 312, 313, 315, 316, 317, 318, 330]);

export function classifyCms(code: number): CmsClass {
  if (SIM.has(code)) return 'sim';
  if (NETWORK.has(code) || code >= 512 || code < 0) return 'network';
  return 'rejected';
}
