// @ts-nocheck
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

/** Clean a free-text field: NFC, control characters out, trim, collapse inner whitespace. */
export function cleanText(s: string): string {
  return nfc(s)
    .replace(/[\x00-\x1f\x7f]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}
