// A font face with glyphs drawn by hand, for the raster tests: FontFace is the boundary with the font
// engine (fontkit in the app), so a face whose outlines are a few known squares, triangles and
// curves gives bitmaps that can be worked out by hand. Units are font units, y up, as fontkit's.
import { rasterLines, type Bitmap, type FontFace, type PathCommand } from '../../src/core/print/raster.js';

export interface TestGlyph {
  advance: number;
  path: PathCommand[];
  xOffset?: number;
  yOffset?: number;
}

export interface TestMetrics {
  unitsPerEm: number;
  ascent: number;
  descent: number;
}

/**
 * A face that lays out one glyph per character (code point) of the text, with no kerning: the
 * glyph of `glyphs`, or `other` for a character not listed (an error when there is none).
 */
export function testFace(glyphs: Record<string, TestGlyph>, metrics: TestMetrics, other?: TestGlyph): FontFace {
  return {
    ...metrics,
    layout(text: string) {
      const run = [...text].map((c) => {
        const g = glyphs[c] ?? other;
        if (!g) throw new Error(`the test face has no glyph for ${JSON.stringify(c)}`);
        return g;
      });
      return {
        glyphs: run.map((g) => ({ path: { commands: g.path } })),
        positions: run.map((g) => ({ xAdvance: g.advance, xOffset: g.xOffset ?? 0, yOffset: g.yOffset ?? 0 })),
      };
    },
  };
}

export const moveTo = (x: number, y: number): PathCommand => ({ command: 'moveTo', args: [x, y] });
export const lineTo = (x: number, y: number): PathCommand => ({ command: 'lineTo', args: [x, y] });
export const quadTo = (cx: number, cy: number, x: number, y: number): PathCommand => ({ command: 'quadraticCurveTo', args: [cx, cy, x, y] });
export const cubicTo = (c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): PathCommand => ({
  command: 'bezierCurveTo',
  args: [c1x, c1y, c2x, c2y, x, y],
});
export const closePath = (): PathCommand => ({ command: 'closePath', args: [] });

/** A path through `points`, in that order: moveTo the first, lineTo the others, and no closePath. */
export const openPolygon = (points: [number, number][]): PathCommand[] => {
  const [first, ...rest] = points as [[number, number], ...[number, number][]];
  return [moveTo(...first), ...rest.map(([x, y]) => lineTo(x, y))];
};

/** A closed polygon through `points`, in that order: moveTo the first, lineTo the others, closePath. */
export const polygon = (points: [number, number][]): PathCommand[] => [...openPolygon(points), closePath()];

/** The bitmap's rows, top to bottom, '#' for a black dot and '.' for a white one. */
export function bitmapRows(bm: Bitmap): string[] {
  const out: string[] = [];
  for (let y = 0; y < bm.height; y++) out.push([...bm.data.subarray(y * bm.width, (y + 1) * bm.width)].map((d) => (d ? '#' : '.')).join(''));
  return out;
}

/**
 * The metrics the shape tests draw with: 16 units to the em at 16 px, so one unit is one dot, and the
 * baseline 16 dots down (ascent 16, descent 0): a line is 16 dots high.
 */
export const DOT_FACE: TestMetrics = { unitsPerEm: 16, ascent: 16, descent: 0 };

/** Points written as dots (x right, y down from the top of the line) in the font units of DOT_FACE (y up). */
export const fromTop = (points: [number, number][]): [number, number][] => points.map(([x, y]) => [x, 16 - y]);

/** One glyph drawn with DOT_FACE at 16 px (one unit a dot) into a bitmap `width` dots wide, as rows. */
export const drawGlyph = (path: PathCommand[], width = 8): string[] => bitmapRows(rasterLines(testFace({ g: { advance: 16, path } }, DOT_FACE), ['g'], 16, width));

/** Rows written as a block of text, one row a line (indentation and blank lines around it ignored). */
export const picture = (text: string): string[] =>
  text
    .trim()
    .split('\n')
    .map((l) => l.trim());
