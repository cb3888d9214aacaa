// What a citizen's text message says, and in which alphabet it goes. The words are the catalogue's
// (sms.text.*, always Vietnamese: they are for the citizen); here they are filled in, and written
// without accents when the office chose GSM-7 to save cost. A message names the office, a ticket or
// a dossier code and dates: never the citizen's name or ID number.
import { isGsm7, partCount, type Alphabet } from './pdu.js';

export type SmsKind = 'turn_near' | 'receipt' | 'result_ready' | 'visit_reminder' | 'test';

/** Higher goes first: a turn that is near cannot wait behind a reminder for next week. */
export const PRIORITY: Record<SmsKind, number> = { turn_near: 2, test: 2, receipt: 1, result_ready: 0, visit_reminder: 0 };

/**
 * Vietnamese without its marks, for GSM-7: NFD, combining marks dropped, đ/Đ to d/D; then any
 * character the GSM alphabet still lacks (a name in another script, a typographic dash) becomes its
 * nearest plain form or '?'.
 */
export function unaccent(text: string): string {
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .normalize('NFC');
  let out = '';
  for (const ch of plain) out += isGsm7(ch) ? ch : '?';
  return out;
}

export interface Composed {
  text: string;
  alphabet: Alphabet;
  parts: number;
}

/** The text as it will go: NFC, in UCS-2 as written, or unaccented in GSM-7 where the office chose it. */
export function compose(text: string, alphabet: Alphabet): Composed {
  const t = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (alphabet === 'gsm7') {
    const plain = unaccent(t);
    return { text: plain, alphabet, parts: partCount(plain, 'gsm7') as number };
  }
  return { text: t, alphabet, parts: partCount(t, 'ucs2') as number };
}
