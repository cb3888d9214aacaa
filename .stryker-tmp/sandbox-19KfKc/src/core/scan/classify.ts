// @ts-nocheck
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
  | { kind: 'ticket'; label: string }
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
  if (new RegExp(`^[A-Z]\\d{${ticketDigits}}$`).test(text.trim().toUpperCase())) return { kind: 'ticket', label: text.trim().toUpperCase() };
  return { kind: 'unknown' };
}
