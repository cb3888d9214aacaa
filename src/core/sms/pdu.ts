// SMS in PDU mode (3GPP TS 23.040): SMS-SUBMIT PDUs for a text, in UCS-2 (Vietnamese as it is
// written: 70 characters in one message, 67 a part when concatenated) or the GSM 7-bit default
// alphabet (160, 153 a part), concatenated with an 8-bit-reference header (IEI 00) when longer;
// and SMS-STATUS-REPORTs (+CDS) read back. Pure: the modem driver sends the hex.
import { DomainError } from '../errors.js';
import { gsm7Septets, gsm7Text, ESC, packSeptets, unpackSeptets } from './gsm7.js';

export type Alphabet = 'ucs2' | 'gsm7';

/** Characters (UTF-16 units, or septets for GSM-7) in one message, and in each part of a longer one. */
export const LIMITS: Record<Alphabet, { single: number; part: number }> = {
  ucs2: { single: 70, part: 67 },
  gsm7: { single: 160, part: 153 },
};

/** More parts than this is a message the counter should not be sending. */
export const MAX_PARTS = 8;

/** TP-VP relative: 0xA7 = 24 hours (TS 23.040 §9.2.3.12.1: 12 h + (167 - 143) × 30 min). */
export const VALIDITY_24H = 0xa7;

export interface SubmitOptions {
  /** E.164, with +. */
  to: string;
  text: string;
  alphabet: Alphabet;
  /** The concatenation reference (0-255), the same for every part of one message and its resends. */
  ref: number;
  /** Ask the network for a delivery report (TP-SRR). */
  statusReport?: boolean;
  validity?: number;
}

export interface SubmitPdu {
  /** Hex of the whole PDU, starting with the SMSC length 00 (the SIM's own SMSC). */
  hex: string;
  /** The TPDU's length in octets, without the SMSC part: AT+CMGS=<length>. */
  length: number;
  /** 1-based. */
  part: number;
  parts: number;
}

/** The units a text is split into: UTF-16 code units for UCS-2, septets for GSM-7 (undefined: not GSM-7). */
function units(text: string, alphabet: Alphabet): number[] | undefined {
  if (alphabet === 'gsm7') return gsm7Septets(text);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
  return out;
}

/** Split units into parts, never between a surrogate pair (UCS-2) or an escape and its character (GSM-7). */
function split(u: number[], alphabet: Alphabet): number[][] {
  const { single, part } = LIMITS[alphabet];
  if (u.length <= single) return [u];
  const parts: number[][] = [];
  let i = 0;
  while (i < u.length) {
    let end = Math.min(u.length, i + part);
    if (end < u.length) {
      const last = u[end - 1] as number;
      const cut = alphabet === 'ucs2' ? last >= 0xd800 && last <= 0xdbff : last === ESC && !escapedAt(u, end - 1);
      if (cut) end--;
    }
    parts.push(u.slice(i, end));
    i = end;
  }
  return parts;
}

/** Whether the ESC at `i` is itself the character after an escape (it never is in our tables, but be exact). */
function escapedAt(u: number[], i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && u[j] === ESC; j--) n++;
  return n % 2 === 1;
}

/** How many messages a text takes in an alphabet; undefined when it cannot be written in it. */
export function partCount(text: string, alphabet: Alphabet): number | undefined {
  const u = units(text, alphabet);
  return u ? split(u, alphabet).length : undefined;
}

/** Whether a text can go as GSM-7 (every character in the default alphabet or its extension). */
export function isGsm7(text: string): boolean {
  return gsm7Septets(text) !== undefined;
}

/** The semi-octet address field (TS 23.040 §9.1.2.5): digits count, type, swapped BCD. */
export function encodeAddress(e164: string): string {
  const intl = e164.startsWith('+');
  const digits = intl ? e164.slice(1) : e164;
  if (!/^\d{1,20}$/.test(digits)) throw new DomainError('err.sms.phone', { value: e164 });
  return hex8(digits.length) + (intl ? '91' : '81') + swapDigits(digits);
}

function swapDigits(digits: string): string {
  const d = digits.length % 2 ? `${digits}F` : digits;
  let s = '';
  for (let i = 0; i < d.length; i += 2) s += (d[i + 1] as string) + (d[i] as string);
  return s;
}

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
const toHex = (b: Uint8Array) => Array.from(b, hex8).join('');
const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

/**
 * The SMS-SUBMIT PDUs of a text: one, or one per part with the concatenation header. The text is
 * taken as given (NFC is the caller's: Vietnamese letters are then single UCS-2 units).
 */
export function encodeSubmit(o: SubmitOptions): SubmitPdu[] {
  const u = units(o.text, o.alphabet);
  if (!u) throw new DomainError('err.sms.notGsm7', {});
  if (u.length === 0) throw new DomainError('err.sms.empty', {});
  if (!Number.isInteger(o.ref) || o.ref < 0 || o.ref > 255) throw new DomainError('err.sms.ref', { value: String(o.ref) });
  const parts = split(u, o.alphabet);
  if (parts.length > MAX_PARTS) throw new DomainError('err.sms.tooLong', { parts: parts.length, max: MAX_PARTS });
  const da = encodeAddress(o.to);
  const concat = parts.length > 1;
  // TP-MTI 01 (SUBMIT), TP-VPF 10 (relative), TP-SRR, TP-UDHI.
  const fo = 0x01 | 0x10 | (o.statusReport === false ? 0 : 0x20) | (concat ? 0x40 : 0);
  const dcs = o.alphabet === 'ucs2' ? 0x08 : 0x00;
  return parts.map((p, i) => {
    const udh = concat ? Uint8Array.from([0x05, 0x00, 0x03, o.ref, parts.length, i + 1]) : new Uint8Array(0);
    let ud: Uint8Array;
    let udl: number;
    if (o.alphabet === 'ucs2') {
      ud = new Uint8Array(udh.length + p.length * 2);
      ud.set(udh);
      p.forEach((c, j) => {
        ud[udh.length + 2 * j] = c >> 8;
        ud[udh.length + 2 * j + 1] = c & 0xff;
      });
      udl = ud.length;
    } else {
      const skip = Math.ceil((udh.length * 8) / 7);
      ud = packSeptets(p, skip);
      ud.set(udh);
      udl = skip + p.length;
    }
    const tpdu = hex8(fo) + '00' + da + '00' + hex8(dcs) + hex8(o.validity ?? VALIDITY_24H) + hex8(udl) + toHex(ud);
    return { hex: '00' + tpdu, length: tpdu.length / 2, part: i + 1, parts: parts.length };
  });
}

// ---- reading what the network sends back --------------------------------------------------------

/** What a status report says about a message (TS 23.040 §9.2.3.15 TP-Status). */
export type DeliveryOutcome = 'delivered' | 'pending' | 'failed';

export interface StatusReport {
  /** TP-MR of the message it reports on (as +CMGS answered). */
  mr: number;
  /** The recipient, E.164 with + when international. */
  recipient: string;
  /** TP-ST. */
  status: number;
  outcome: DeliveryOutcome;
  /** TP-DT: when the status was reached, as ISO 8601 with the network's offset. */
  dischargedAt: string;
}

/** TP-ST: 0x00-0x1F done (0x00 received), 0x20-0x3F still trying, 0x40 and above given up. */
export function outcomeOf(status: number): DeliveryOutcome {
  if (status < 0x20) return status <= 0x02 ? 'delivered' : 'failed';
  if (status < 0x40) return 'pending';
  return 'failed';
}

class Reader {
  i = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    if (this.i >= this.b.length) throw new DomainError('err.sms.badPdu', { detail: 'short' });
    return this.b[this.i++] as number;
  }
  bytes(n: number): Uint8Array {
    if (this.i + n > this.b.length) throw new DomainError('err.sms.badPdu', { detail: 'short' });
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
}

function readDigits(b: Uint8Array, count: number): string {
  let s = '';
  for (const x of b) s += '0123456789*#abc'[x & 0x0f] + ('0123456789*#abc'[x >> 4] ?? '');
  return s.slice(0, count);
}

function readAddress(r: Reader): string {
  const digits = r.byte();
  const type = r.byte();
  const b = r.bytes(Math.ceil(digits / 2));
  if ((type & 0x70) === 0x50) return gsm7Text(unpackSeptets(b, Math.floor((digits * 4) / 7)));
  const s = readDigits(b, digits);
  return (type & 0x70) === 0x10 ? `+${s}` : s;
}

function readTimestamp(r: Reader): string {
  const b = r.bytes(7);
  const d = (x: number) => (x & 0x0f) * 10 + (x >> 4);
  const [yy, mo, dd, hh, mi, ss] = [...b.subarray(0, 6)].map(d) as [number, number, number, number, number, number];
  const tz = b[6] as number;
  const q = (tz & 0x07) * 10 + (tz >> 4); // quarters of an hour; bit 3 of the low nibble is the sign
  const minutes = q * 15 * (tz & 0x08 ? -1 : 1);
  const off = `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
  const p = (n: number) => String(n).padStart(2, '0');
  return `20${p(yy)}-${p(mo)}-${p(dd)}T${p(hh)}:${p(mi)}:${p(ss)}${off}`;
}

/**
 * An SMS-STATUS-REPORT as a modem gives it in PDU mode (+CDS, or read from storage): with the SMSC
 * address in front (`withSmsc`, the usual form) or without. Untrusted input: anything malformed is
 * refused with err.sms.badPdu.
 */
export function parseStatusReport(hex: string, withSmsc = true): StatusReport {
  const clean = hex.trim();
  if (!/^([0-9A-Fa-f]{2})+$/.test(clean)) throw new DomainError('err.sms.badPdu', { detail: 'hex' });
  const r = new Reader(fromHex(clean));
  if (withSmsc) r.bytes(r.byte());
  const fo = r.byte();
  if ((fo & 0x03) !== 0x02) throw new DomainError('err.sms.badPdu', { detail: 'not a status report' });
  const mr = r.byte();
  const recipient = readAddress(r);
  readTimestamp(r); // TP-SCTS: when the centre took the message
  const dischargedAt = readTimestamp(r);
  const status = r.byte();
  return { mr, recipient, status, outcome: outcomeOf(status), dischargedAt };
}
