// Text rules for Vietnamese: NFC at every input, a folded form for search, Vietnamese collation.

/** Normalise any input (keyboard, scanner, file) to NFC and drop a leading BOM. */
export function nfc(s: string): string {
  return s.replace(/^\uFEFF/, '').normalize('NFC');
}

/** Fold for search: NFD, drop combining marks, đ/Đ -> d, lower case. "Đồi Dùng" -> "doi dung". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

let collator: Intl.Collator | undefined;
/** Compare names the Vietnamese way. */
export function compareVi(a: string, b: string): number {
  collator ??= new Intl.Collator('vi');
  return collator.compare(a, b);
}

/**
 * Characters that act on a terminal or hide what text says, never wanted in a field: C0 and C1
 * controls and DEL (\p{Cc}: ESC starts a command, and so does U+009B, the 8-bit CSI the Linux
 * console obeys), format characters (\p{Cf}: the bidi embeddings, overrides and isolates U+202A-202E
 * and U+2066-2069 that reverse a name on screen, zero-width spaces and joiners, LRM/RLM, a BOM inside
 * text, the soft hyphen, tag characters), line and paragraph separators, and lone surrogates.
 */
export const UNSAFE_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
/** The ones that separate words (tab, line breaks...): a space in their place. The rest go. */
const SPACING = /[\p{Cc}\u2028\u2029]/gu;
const INVISIBLE = /[\p{Cf}\p{Cs}]/gu;

export function hasUnsafeChars(s: string): boolean {
  return UNSAFE_CHARS.test(s);
}

/**
 * Clean a free-text field from outside (keyboard, scanner, file, network, command line): NFC,
 * controls and line breaks to spaces, format characters (bidi, zero-width, BOM) out, trim, collapse
 * inner whitespace.
 */
export function cleanText(s: string): string {
  return nfc(s).replace(SPACING, ' ').replace(INVISIBLE, '').trim().replace(/\s+/g, ' ');
}

/** One unsafe character as text a terminal shows: \x1b, \u009b, \u202e, \u{e0041}. */
function visible(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/**
 * Text made safe to write to a terminal, whatever it holds: every unsafe character shown as its
 * escape instead of acted on. Kept: line feeds, CR before a line feed (CSV lines) and tabs, which
 * only move the cursor forward. For output, not for storage (stored text is cleaned at input).
 */
export function escapeTerminal(s: string): string {
  if (!UNSAFE_CHARS.test(s)) return s; // the common case, on every frame of the counter screen
  return s.replace(UNSAFE_ALL, (ch, offset: number, whole: string) => (ch === '\n' || ch === '\t' || (ch === '\r' && whole[offset + 1] === '\n') ? ch : visible(ch)));
}

/**
 * JSON text with the characters JSON.stringify leaves raw (DEL, C1 controls, format characters,
 * separators) written as \u escapes: the same JSON value, nothing a terminal would act on.
 */
export function escapeJsonText(json: string): string {
  return json.replace(/[\u007f-\u009f\p{Cf}\u2028\u2029]/gu, (ch) =>
    [...ch].length === 1 && (ch.codePointAt(0) as number) < 0x10000
      ? `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}`
      : ch.split('').map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  );
}
