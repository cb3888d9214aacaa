// Ink splits every line it draws into graphemes with Intl.Segmenter (through @alcalzone/ansi-tokenize,
// and slice-ansi when it clips), and both modules create their segmenter when they load. The first
// Intl.Segmenter of a process loads ICU's break rules: 24 ms on this machine, three times that on a
// third of a core, spent before the counter screen's first frame. Yet the screen's text is almost
// always made of characters that are each a grapheme of their own: printable ASCII (escape sequences
// included), and the narrow, precomposed letters and signs of Vietnamese text in NFC (the same set
// as the string-width fast path, scripts/string-width-fast.mjs: no combining marks, no joiners or
// variation selectors, no line breaks). For such text, one UTF-16 unit is one grapheme, and this
// segmenter answers without ICU; any other text goes to a real Intl.Segmenter, made the first time
// one is needed. Same results: tests/unit/grapheme-fast.test.ts compares it with Intl.Segmenter.
// Bundled into those two modules in place of `new Intl.Segmenter(...)` by scripts/build.mjs.

import { NARROW_CLASS } from './string-width-fast.mjs';

/** Text in which every UTF-16 unit is a grapheme (ESC and the rest of printable ASCII, narrow letters). */
const SIMPLE = new RegExp(`^[\\u001B${NARROW_CLASS}]*$`);

/** Intl.Segments of a text whose units are each a grapheme: iterable, with containing(). */
class UnitSegments {
  constructor(input) {
    this.input = input;
  }

  containing(index = 0) {
    const i = Math.trunc(Number(index));
    if (!(i >= 0 && i < this.input.length)) return undefined;
    return { segment: this.input[i], index: i, input: this.input };
  }

  *[Symbol.iterator]() {
    const input = this.input;
    for (let i = 0; i < input.length; i++) yield { segment: input[i], index: i, input };
  }
}

let real;

/** A grapheme segmenter with Intl.Segmenter's segment(): ICU only for text that needs it. */
export function graphemeSegmenter() {
  return {
    segment(text) {
      const s = String(text);
      if (SIMPLE.test(s)) return new UnitSegments(s);
      real ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
      return real.segment(s);
    },
  };
}
