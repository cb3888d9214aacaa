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
const NARROW = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u024F\u1E00-\u1EFF\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u2100-\u218F\u2190-\u21FF\u2200-\u22FF\u2500-\u259F\u25A0-\u25FC]*$/;

/** string-width with the fast path; `real()` gives the real string-width the first time it is needed. */
export function fastStringWidthWith(real) {
  return function fastStringWidth(input, options) {
    if (typeof input === 'string' && (options === undefined || options.ambiguousIsNarrow !== false) && !input.includes('\u001B') && NARROW.test(input)) {
      return input.length;
    }
    return real()(input, options);
  };
}
