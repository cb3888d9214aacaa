// @ts-nocheck
// Ink measures every character it draws with string-width. Its fast path covers printable ASCII
// only, so each Vietnamese letter went through Intl.Segmenter and the emoji regexes. This wrapper
// adds a second fast path for text made only of narrow, precomposed characters (Latin with
// Vietnamese letters in NFC, general punctuation, arrows, box drawing and blocks): there the width
// is the number of characters. Anything else goes to the real string-width. (Bundled in by
// scripts/build.mjs in place of string-width.)
import stringWidth from 'string-width-original';

// Latin-1 and Latin Extended A/B, Latin Extended Additional (ạ…ỹ, Ơ/ư forms), dashes, quotes,
// bullets and ellipsis, arrows, box drawing, block elements. No combining marks, no East Asian wide.
const NARROW = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u024F\u1E00-\u1EFF\u2010-\u2027\u2190-\u21FF\u2500-\u259F]*$/;

export default function fastStringWidth(input, options) {
  if (typeof input === 'string' && (options === undefined || options.ambiguousIsNarrow !== false) && !input.includes('\u001B') && NARROW.test(input)) {
    return input.length;
  }
  return stringWidth(input, options);
}
