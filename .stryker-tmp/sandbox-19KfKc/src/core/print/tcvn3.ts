// @ts-nocheck
// Vietnamese text for ESC/POS printers through the TCVN-3 (TCVN 5712:1993, VN3) code pages that
// Epson-compatible printers select with ESC t 30 (lower-case letters) and ESC t 31 (capitals).
// Windows-1258 is no option: it has no precomposed letters. Pure.
//
// Byte values follow the VN3 font tables: the lower-case page holds ă â ê ô ơ ư đ and every toned
// lower-case vowel; the capitals page holds the same toned vowels in upper case at the same places,
// with Ă Â Đ at A1, A2, A7. (The tables of @point-of-sale/codepage-encoder put U+00D0, the
// Icelandic eth, where Đ belongs, so "Đức" would print as "?ức": hence this module.)

export type Tcvn3Page = 'lower' | 'upper';
/** ESC t n for each page on Epson-compatible printers. */
export const TCVN3_PAGE_NUMBER: Record<Tcvn3Page, number> = { lower: 30, upper: 31 };

// Lower-case page, from 0xA8; a space marks a byte that holds no Vietnamese letter.
const LOWER_FROM_A8 =
  'ăâêôơưđ      àảãáạ ằẳẵắ       ặầẩẫấậè ẻẽéẹềểễếệìỉ   ĩíịò ỏõóọồổỗốộờởỡớợù ủũúụừửữứựỳỷỹýỵ';

function tables(): { lower: Map<string, number>; upper: Map<string, number>; decode: Record<Tcvn3Page, Map<number, string>> } {
  const lower = new Map<string, number>();
  const upper = new Map<string, number>();
  [...LOWER_FROM_A8].forEach((ch, i) => {
    if (ch === ' ') return;
    const byte = 0xa8 + i;
    lower.set(ch, byte);
    // ă â đ have their capitals elsewhere on the capitals page; every other letter keeps its place.
    if (!'ăâđ'.includes(ch)) upper.set(ch.toUpperCase(), byte);
  });
  upper.set('Ă', 0xa1);
  upper.set('Â', 0xa2);
  upper.set('Đ', 0xa7);
  const inverse = (m: Map<string, number>) => new Map([...m].map(([c, b]) => [b, c]));
  return { lower, upper, decode: { lower: inverse(lower), upper: inverse(upper) } };
}
const T = tables();

// Typography the catalogue uses, in the ASCII a receipt printer has.
const PUNCT: Record<string, string> = { '–': '-', '—': '-', '‘': "'", '’': "'", '“': '"', '”': '"', '…': '...', '·': '-', '×': 'x', '★': '*', '→': '->', '\u00a0': ' ' };

/** Fold a character with no TCVN-3 byte to plain ASCII (diacritics off, dashes and quotes plain), or '?'. */
function asciiFallback(ch: string): string {
  if (PUNCT[ch]) return PUNCT[ch];
  const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, (d) => (d === 'đ' ? 'd' : 'D'));
  return /^[\x20-\x7e]$/.test(base) ? base : '?';
}

export interface Tcvn3Segment {
  /** null: ASCII only, printable on either page. */
  page: Tcvn3Page | null;
  bytes: number[];
}

/**
 * Encode text as runs of bytes, each for one page (ASCII runs need no page and join the run before
 * them). Control characters never reach the printer as text: they become spaces.
 */
export function encodeTcvn3(text: string): Tcvn3Segment[] {
  const out: Tcvn3Segment[] = [];
  let cur: Tcvn3Segment | undefined;
  const push = (page: Tcvn3Page | null, byte: number) => {
    if (cur && (page === null || cur.page === page || cur.page === null)) {
      if (cur.page === null) cur.page = page;
      cur.bytes.push(byte);
      return;
    }
    cur = { page, bytes: [byte] };
    out.push(cur);
  };
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x20 && code < 0x7f) push(null, code);
    else if (code < 0x20 || code === 0x7f) push(null, 0x20);
    else if (T.lower.has(ch)) push('lower', T.lower.get(ch) as number);
    else if (T.upper.has(ch)) push('upper', T.upper.get(ch) as number);
    else for (const c of asciiFallback(ch)) push(null, c.charCodeAt(0));
  }
  return out;
}

/** Decode bytes printed on a page (for tests and previews). */
export function decodeTcvn3(bytes: Iterable<number>, page: Tcvn3Page | null): string {
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : page ? (T.decode[page].get(b) ?? '\uFFFD') : '\uFFFD';
  return s;
}

/** The text as it prints with diacritics removed (the `ascii` profile, a last resort). */
export function toAscii(text: string): string {
  let s = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) as number;
    s += code >= 0x20 && code < 0x7f ? ch : code < 0x20 || code === 0x7f ? ' ' : asciiFallback(ch);
  }
  return s;
}
