// Ink measures every character it draws with string-width. Its fast path covers printable ASCII
// only, so each Vietnamese letter went through Intl.Segmenter and the emoji regexes. This wrapper
// adds a second fast path for text made only of narrow, precomposed characters (Latin with
// Vietnamese letters in NFC, general punctuation, arrows, box drawing and blocks): there the width
// is the number of characters. Anything else goes to the real string-width. (Bundled in by
// scripts/build.mjs in place of string-width, through scripts/string-width-lazy.mjs.)

// Latin-1 and Latin Extended A/B, Latin Extended Additional (ạ…ỹ, Ơ/ư forms), dashes, quotes,
// bullets and ellipsis, the rest of general punctuation (‰ ′ ‹ ›), currency signs (₫), letterlike
// symbols and number forms (№ ℃ Ⅻ), arrows, mathematical operators (≤ ≥ ≠ ×-like), box drawing,
// block elements and geometric shapes (■ ▲ ○). No combining marks, no zero-width or invisible
// characters, no East Asian wide, no emoji: each character here is one column for string-width
// itself (checked character by character, tests/unit/string-width-fast.test.ts). Leaving this path
// costs a first frame dearly: the real string-width then compiles the emoji regex (25-40 ms);
// even loading it does (its regular expressions are built when the module loads): it is asked for
// only when needed, through `real`.
/** Those ranges, [first, last] code points (shared with scripts/grapheme-fast.mjs and the tests). */
export const NARROW_RANGES = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x24f],
  [0x1e00, 0x1eff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x20a0, 0x20c0],
  [0x2100, 0x218f],
  [0x2190, 0x21ff],
  [0x2200, 0x22ff],
  [0x2500, 0x259f],
  [0x25a0, 0x25fc],
];
/** The ranges as the inside of a regular expression's character class. */
export const NARROW_CLASS = NARROW_RANGES.map(([a, b]) => `\\u${a.toString(16).padStart(4, '0')}-\\u${b.toString(16).padStart(4, '0')}`).join('');
const NARROW = new RegExp(`^[${NARROW_CLASS}]*$`);

/** string-width with the fast path; `real()` gives the real string-width the first time it is needed. */
export function fastStringWidthWith(real) {
  return function fastStringWidth(input, options) {
    if (typeof input === 'string' && (options === undefined || options.ambiguousIsNarrow !== false) && !input.includes('\u001B') && NARROW.test(input)) {
      return input.length;
    }
    return real()(input, options);
  };
}
