// The shipped Noto Sans faces (data/fonts) as the print worker loads them for the raster profile, and
// the image a text is expected to print as: drawn by src/core/print/raster.ts at the slip's size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'fontkit';
import { PAPER_DOTS } from '../../src/core/print/escpos.js';
import { rasterLines, wrapDots, type FontFace } from '../../src/core/print/raster.js';
import { asPrinted, type DecodedImage } from './escpos-decode.js';

const FONTS = join(import.meta.dirname, '../../data/fonts');
let faces: { regular: FontFace; bold: FontFace } | undefined;

/** Regular and bold Noto Sans, parsed once. */
export function shippedFaces(): { regular: FontFace; bold: FontFace } {
  faces ??= {
    regular: create(readFileSync(join(FONTS, 'NotoSans-Regular.ttf'))) as unknown as FontFace,
    bold: create(readFileSync(join(FONTS, 'NotoSans-Bold.ttf'))) as unknown as FontFace,
  };
  return faces;
}

/** Font A's height: raster text at size 1 is drawn 24 dots to the em. */
export const SLIP_PX = 24;

/**
 * A text across the whole paper as the raster profile should print it: wrapped by measured width,
 * each line placed by `align`, read back as the decoder reads an image.
 */
export function textImage(text: string, o: { paper: '58' | '80'; bold?: boolean; size?: number; align?: 'left' | 'center' | 'right' }): DecodedImage {
  const face = o.bold ? shippedFaces().bold : shippedFaces().regular;
  const px = SLIP_PX * (o.size ?? 1);
  const width = PAPER_DOTS[o.paper];
  return asPrinted(rasterLines(face, wrapDots(face, text, px, width), px, width, o.align ?? 'left'));
}

/**
 * Two texts of one line each, side by side: the left one drawn in the left half of the paper, the
 * right one in the right half, each placed in its half by its own alignment.
 */
export function halvesImage(left: string, right: string, o: { paper: '58' | '80'; bold: boolean; align: ['left' | 'center' | 'right', 'left' | 'center' | 'right'] }): DecodedImage {
  const face = o.bold ? shippedFaces().bold : shippedFaces().regular;
  const half = PAPER_DOTS[o.paper] / 2;
  const l = asPrinted(rasterLines(face, [left], SLIP_PX, half, o.align[0]));
  const r = asPrinted(rasterLines(face, [right], SLIP_PX, half, o.align[1]));
  const height = Math.max(l.height, r.height);
  const row = (im: DecodedImage, y: number) => im.rows[y] ?? '.'.repeat(half);
  return { width: half * 2, height, rows: Array.from({ length: height }, (_, y) => row(l, y) + row(r, y)) };
}
