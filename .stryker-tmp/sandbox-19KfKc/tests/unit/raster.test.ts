// @ts-nocheck
// The raster profile: Vietnamese drawn with the shipped font into a bitmap the printer prints as an
// image. Checked on the real Noto Sans: every letter leaves ink, the stacked marks of a capital
// stay inside its line, lines wrap by measured width, and the ESC/POS carries images, not code pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { renderEscPos } from '../../src/core/print/escpos.js';
import { lineHeight, measure, rasterLines, wrapDots, type FontFace } from '../../src/core/print/raster.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';

const FONTS = join(import.meta.dirname, '../../data/fonts');
const regular = create(readFileSync(join(FONTS, 'NotoSans-Regular.ttf'))) as unknown as FontFace;
const bold = create(readFileSync(join(FONTS, 'NotoSans-Bold.ttf'))) as unknown as FontFace;
const ink = (data: Uint8Array) => data.reduce((a, b) => a + b, 0);

describe('raster text', () => {
  it('draws letters: ink inside the bitmap, more for a longer text', () => {
    const one = rasterLines(regular, ['Hường'], 24, 384);
    const two = rasterLines(regular, ['Nguyễn Thị Hường'], 24, 384);
    expect(one.width).toBe(384);
    expect(one.height % 8).toBe(0);
    expect(ink(one.data)).toBeGreaterThan(100);
    expect(ink(two.data)).toBeGreaterThan(ink(one.data));
  });

  it('the stacked marks of "Ễ" sit inside the line, above the letter', () => {
    const plain = rasterLines(regular, ['E'], 24, 64);
    const marked = rasterLines(regular, ['Ễ'], 24, 64);
    const firstRow = (bm: { width: number; height: number; data: Uint8Array }) => {
      for (let y = 0; y < bm.height; y++) for (let x = 0; x < bm.width; x++) if (bm.data[y * bm.width + x]) return y;
      return -1;
    };
    expect(firstRow(marked)).toBeGreaterThanOrEqual(0);
    expect(firstRow(marked)).toBeLessThan(firstRow(plain));
    expect(lineHeight(regular, 24)).toBeGreaterThan(24);
  });

  it('wraps by measured width', () => {
    const lines = wrapDots(regular, 'Giấy tờ tùy thân (thẻ căn cước/căn cước công dân, hộ chiếu) – xuất trình', 24, 384);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(measure(regular, l, 24)).toBeLessThanOrEqual(384);
  });

  it('ESC/POS in the raster profile: Vietnamese lines as images, ASCII as text, no code page', () => {
    const bytes = renderEscPos(
      { kind: 'test', ref: null, title: 't', blocks: [{ type: 'text', text: 'Nguyễn Thị Hường, xã Mỹ Đức' }, { type: 'big', text: 'A012' }, { type: 'cut' }] },
      { paper: '58', profile: 'raster', fonts: { regular, bold } },
    );
    const d = decodeEscPos(bytes);
    expect(d.pages).toEqual([]);
    expect(d.lines.some((l) => l.text.includes('A012'))).toBe(true);
    expect(d.lines.some((l) => l.text.includes('Nguy'))).toBe(false);
    expect(d.images).toBeGreaterThan(0);
    expect(d.cuts).toBe(1);
  });
});
