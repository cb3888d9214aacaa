// What a complete barcode scan is, whatever scanner it came from: a citizen-ID QR, a dossier code
// (an old receipt: the status-check service), a queue ticket, text the scanner mis-decoded, or
// something unknown. Pure: the caller routes the result to the screen that is open.
import { looksMisdecoded, parseCitizenQr, type Citizen } from '../citizen.js';
import type { Province } from '../config.js';
import { parseDossierCode } from '../dossier.js';
import { DomainError } from '../errors.js';

export type ScanKind =
  | { kind: 'citizen'; citizen: Citizen }
  /** It is a citizen-ID QR, but its content fails a check (the error says which). */
  | { kind: 'citizenInvalid'; error: DomainError }
  | { kind: 'dossier'; code: string }
  /** A queue ticket; `otherDay` (ISO date) when its code says it was issued on another day. */
  | { kind: 'ticket'; label: string; otherDay?: string }
  /** U+FFFD, CJK where Vietnamese belongs, UTF-8 read as Latin-1: the scanner's mode is wrong. */
  | { kind: 'encoding' }
  | { kind: 'unknown' };

/** The text of a scan as the scanner sent it, minus a leading BOM and the trailing line ending. */
export function cleanScan(raw: string): string {
  return raw.replace(/^\uFEFF/, '').replace(/[\r\n]+$/, '');
}

export function classifyScan(raw: string, provinces: readonly Province[], today: string, ticketDigits = 3): ScanKind {
  const text = cleanScan(raw);
  if (looksMisdecoded(text)) return { kind: 'encoding' };
  const fields = text.split('|');
  if (fields.length >= 6 && /^\s*\d{9,12}\s*$/.test(fields[0] ?? '')) {
    try {
      return { kind: 'citizen', citizen: parseCitizenQr(text, provinces, today) };
    } catch (e) {
      if (e instanceof DomainError) return e.code === 'err.cccd.encoding' ? { kind: 'encoding' } : { kind: 'citizenInvalid', error: e };
      throw e;
    }
  }
  const code = parseDossierCode(text);
  if (code) return { kind: 'dossier', code: text.trim().toUpperCase() };
  const m = new RegExp(`^([A-Z]\\d{${ticketDigits}})(?:\\.(\\d{2})(\\d{2})(\\d{2}))?$`).exec(text.trim().toUpperCase());
  if (m) {
    const label = m[1] as string;
    if (m[2] === undefined) return { kind: 'ticket', label };
    const day = `20${m[2]}-${m[3]}-${m[4]}`;
    return day === today ? { kind: 'ticket', label } : { kind: 'ticket', label, otherDay: day };
  }
  return { kind: 'unknown' };
}

/**
 * What the printed ticket's barcode holds: its label and the day it was issued (yymmdd), so
 * yesterday's A001 is not taken for today's. `day` is an ISO date.
 */
export function ticketScanCode(label: string, day: string): string {
  return `${label}.${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}`;
}
