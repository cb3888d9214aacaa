// The raster profile's measuring and word-wrapping. On a test face where every character (the space
// too) is 10 dots wide the lines can be counted by hand; on the shipped Noto Sans, the widths are
// the sums of fontkit's advances (font units, 1000 to the em) scaled to 24 px.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { measure, wrapDots, type FontFace } from '../../src/core/print/raster.js';
import { testFace } from '../helpers/raster-face.js';

/** Every character 500 units of a 1000-unit em: 10 dots at 20 px. */
const mono = testFace({}, { unitsPerEm: 1000, ascent: 800, descent: -200 }, { advance: 500, path: [] });

const regular = create(readFileSync(join(import.meta.dirname, '../../data/fonts/NotoSans-Regular.ttf'))) as unknown as FontFace;

describe('wrapDots: lines of at most the width, by measure', () => {
  it('a text that fits stays one line, as it is', () => {
    expect(wrapDots(mono, 'abc de', 20, 100)).toEqual(['abc de']);
    expect(wrapDots(mono, 'abc', 20, 100)).toEqual(['abc']);
    expect(wrapDots(mono, '', 20, 100)).toEqual(['']);
  });

  it('words join a line while it measures at most the width: exactly the width still fits', () => {
    expect(wrapDots(mono, 'ab cd ef', 20, 50)).toEqual(['ab cd', 'ef']); // 'ab cd' is 50 dots
    expect(wrapDots(mono, 'ab cd ef', 20, 49)).toEqual(['ab', 'cd', 'ef']);
    expect(wrapDots(mono, 'ab cd ef', 20, 80)).toEqual(['ab cd ef']);
  });

  it('a word wider than the line is cut by letters, each piece as many letters as fit', () => {
    expect(wrapDots(mono, 'abcdefgh', 20, 30)).toEqual(['abc', 'def', 'gh']); // 'abc' is 30 dots: it fits
    expect(wrapDots(mono, 'abcdefgh', 20, 29)).toEqual(['ab', 'cd', 'ef', 'gh']);
  });

  it('the last piece of a cut word goes on with the words after it', () => {
    expect(wrapDots(mono, 'abcdef g', 20, 40)).toEqual(['abcd', 'ef g']);
    expect(wrapDots(mono, 'xy abcdef g', 20, 40)).toEqual(['xy', 'abcd', 'ef g']);
  });

  it('a line narrower than a letter: one letter a line', () => {
    expect(wrapDots(mono, 'abc', 20, 5)).toEqual(['a', 'b', 'c']);
    expect(wrapDots(mono, 'ab c', 20, 5)).toEqual(['a', 'b', 'c']);
  });

  it('a single letter wider than the line is left as it is, not cut into nothing', () => {
    expect(wrapDots(mono, 'W', 20, 5)).toEqual(['W']);
  });
});

describe('measure and wrapDots on Noto Sans', () => {
  it('a text measures the sum of its advances: N g u y ễ n are 760 + 615 + 618 + 510 + 564 + 618 units', () => {
    expect(measure(regular, 'Nguyễn', 24)).toBeCloseTo((3685 * 24) / 1000, 9);
    expect(measure(regular, 'Nguyễn Thị Hường', 24)).toBeCloseTo((8901 * 24) / 1000, 9);
  });

  it('a name cut by letters where it stops fitting 40 dots: "Ng" 33, "Ngu" 47.8; "uy" 27.1, "uyễ" 40.6', () => {
    expect(wrapDots(regular, 'Nguyễn', 24, 40)).toEqual(['Ng', 'uy', 'ễn']);
  });

  it('a sentence of the guide wrapped at 120 dots (24 px), by the measured width of each line', () => {
    // Each line fits and would not with the next word: "Giấy tờ" 79.1 ("Giấy tờ tùy" 121.0),
    // "tùy thân" 93.8 (144.2), "cước công" 115.9 (171.6), "xuất trình" 110.3.
    expect(wrapDots(regular, 'Giấy tờ tùy thân (thẻ căn cước/căn cước công dân, hộ chiếu) – xuất trình', 24, 120)).toEqual([
      'Giấy tờ',
      'tùy thân',
      '(thẻ căn',
      'cước/căn',
      'cước công',
      'dân, hộ',
      'chiếu) –',
      'xuất trình',
    ]);
  });
});
