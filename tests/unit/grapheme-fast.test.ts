// The bundle's grapheme segmenter (scripts/grapheme-fast.mjs) must split text exactly as
// Intl.Segmenter does, whether it answers itself or hands the text to ICU.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { graphemeSegmenter } from '../../scripts/grapheme-fast.mjs';
// @ts-expect-error: a build script in plain JavaScript, without types
import { NARROW_RANGES } from '../../scripts/string-width-fast.mjs';

const intl = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const fast = graphemeSegmenter() as Intl.Segmenter;
const split = (s: Intl.Segmenter, text: string) => [...s.segment(text)].map((x) => [x.segment, x.index, x.input]);

const samples = [
  '',
  'A012',
  'Nguyễn Thị Hường, xã Mỹ Đức',
  '\u001B[7m\u001B[1mNhà văn hóa · Xã Mỹ Đức · 04/12/2026 07:30–11:30\u001B[22m\u001B[27m',
  '── Các quầy ── ┌──┐ █▀▄ ■▲○ → ≤ ≥ ₫ № ℃',
  '©®™‼⁉↔↩▶◀◻◼', // pictographic, but with no joiner each stands alone
  '\u001B]8;;https://dichvucong.gov.vn\u0007link\u001B]8;;\u0007', // BEL: to ICU
  // to ICU: decomposed marks, joiners, variation selectors, emoji, flags, CR LF, Hangul, wide
  'Nguye\u0302\u0303n',
  '👨\u200D👩\u200D👧 gia đình',
  '❤\uFE0F ok',
  '🇻🇳 Việt Nam',
  'dòng 1\r\ndòng 2',
  '한국어 漢字',
  'mềm\u00ADdẻo',
];

describe('the fast grapheme segmenter', () => {
  it('splits Vietnamese, styled, box-drawing, emoji and combining text as Intl.Segmenter does', () => {
    for (const s of samples) expect([s, split(fast, s)]).toEqual([s, split(intl, s)]);
  });

  it('agrees on every character it answers for itself, alone and beside a combining mark it must hand on', () => {
    const ranges: [number, number][] = [[0x1b, 0x1b], ...(NARROW_RANGES as [number, number][])];
    for (const [from, to] of ranges) {
      let run = '';
      for (let c = from; c <= to; c++) {
        const ch = String.fromCodePoint(c);
        run += ch;
        expect([c.toString(16), split(fast, `a${ch}b`)]).toEqual([c.toString(16), split(intl, `a${ch}b`)]);
        expect([c.toString(16), split(fast, `${ch}\u0301`)]).toEqual([c.toString(16), split(intl, `${ch}\u0301`)]);
      }
      expect(split(fast, run)).toEqual(split(intl, run));
    }
  });

  it('answers containing() as Intl.Segments does, in and out of range', () => {
    for (const s of ['Mỹ Đức', 'e\u0301 é']) {
      const a = fast.segment(s);
      const b = intl.segment(s);
      for (const i of [-1, 0, 1, 2, 3, 5, 6, 99, 1.7]) expect([s, i, a.containing(i)]).toEqual([s, i, b.containing(i)]);
    }
  });
});
