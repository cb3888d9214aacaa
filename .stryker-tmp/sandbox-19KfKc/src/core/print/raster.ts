// @ts-nocheck
// Text drawn as a bitmap for the `raster` profile: for thermal printers without the TCVN-3 code
// pages, every Vietnamese letter comes out right because the shipped font draws it. Glyph outlines
// (from a font engine the caller passes in) are flattened and filled scanline by scanline with the
// non-zero rule. Pure: no I/O, the font is handed over.

export interface PathCommand {
  command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
  args: number[];
}

/** What is needed of a font engine (fontkit's Font fits). Units are font units, y up. */
export interface FontFace {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  layout(text: string): { glyphs: { path: { commands: PathCommand[] } }[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] };
}

/** One byte per dot, 1 = black, rows top to bottom. */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

type Edge = [x0: number, y0: number, x1: number, y1: number];

/** The width of a text in dots at `px` dots per em. */
export function measure(font: FontFace, text: string, px: number): number {
  const run = font.layout(text);
  return run.positions.reduce((w, p) => w + p.xAdvance, 0) * (px / font.unitsPerEm);
}

/** Height of one line in dots: ascent to descent, room for the stacked marks of Vietnamese capitals. */
export function lineHeight(font: FontFace, px: number): number {
  return Math.ceil(((font.ascent - font.descent) * px) / font.unitsPerEm);
}

/** Word-wrap by measured width (a word wider than the line is cut by letters). */
export function wrapDots(font: FontFace, text: string, px: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (!line || measure(font, next, px) <= width) {
      line = next;
    } else {
      out.push(line);
      line = word;
    }
    while (measure(font, line, px) > width && [...line].length > 1) {
      const chars = [...line];
      let n = chars.length - 1;
      while (n > 1 && measure(font, chars.slice(0, n).join(''), px) > width) n--;
      out.push(chars.slice(0, n).join(''));
      line = chars.slice(n).join('');
    }
  }
  out.push(line);
  return out;
}

function flatten(commands: PathCommand[], tx: (x: number) => number, ty: (y: number) => number, edges: Edge[]): void {
  let sx = 0;
  let sy = 0;
  let cx = 0;
  let cy = 0;
  const line = (x: number, y: number) => {
    if (y !== cy) edges.push([cx, cy, x, y]);
    cx = x;
    cy = y;
  };
  for (const { command, args } of commands) {
    const a = args;
    if (command === 'moveTo') {
      if (cx !== sx || cy !== sy) line(sx, sy);
      sx = cx = tx(a[0] as number);
      sy = cy = ty(a[1] as number);
    } else if (command === 'lineTo') line(tx(a[0] as number), ty(a[1] as number));
    else if (command === 'quadraticCurveTo') {
      const [x0, y0, x1, y1, x2, y2] = [cx, cy, tx(a[0] as number), ty(a[1] as number), tx(a[2] as number), ty(a[3] as number)];
      for (let i = 1; i <= 8; i++) {
        const t = i / 8;
        const u = 1 - t;
        line(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2);
      }
    } else if (command === 'bezierCurveTo') {
      const [x0, y0] = [cx, cy];
      const [x1, y1, x2, y2, x3, y3] = [tx(a[0] as number), ty(a[1] as number), tx(a[2] as number), ty(a[3] as number), tx(a[4] as number), ty(a[5] as number)];
      for (let i = 1; i <= 12; i++) {
        const t = i / 12;
        const u = 1 - t;
        line(u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3, u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3);
      }
    } else if (command === 'closePath') line(sx, sy);
  }
  if (cx !== sx || cy !== sy) line(sx, sy);
}

/**
 * Fill the edges into `bm` with the non-zero winding rule, sampling at dot centres. Edges are
 * sorted by their top and kept in an active list, so each row looks only at the edges crossing it.
 */
function fill(edges: Edge[], bm: Bitmap): void {
  const sorted = edges.map(([x0, y0, x1, y1]) => ({ top: Math.min(y0, y1), bottom: Math.max(y0, y1), x0, y0, x1, y1, dir: y1 > y0 ? 1 : -1 })).sort((a, b) => a.top - b.top);
  let next = 0;
  let active: typeof sorted = [];
  const xs: { x: number; dir: number }[] = [];
  for (let row = 0; row < bm.height; row++) {
    const y = row + 0.5;
    while (next < sorted.length && (sorted[next] as { top: number }).top <= y) active.push(sorted[next++] as (typeof sorted)[number]);
    active = active.filter((e) => e.bottom > y);
    if (active.length === 0) continue;
    xs.length = 0;
    for (const e of active) if (e.top <= y) xs.push({ x: e.x0 + ((y - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.dir });
    xs.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let i = 0; i < xs.length - 1; i++) {
      winding += (xs[i] as { dir: number }).dir;
      if (winding === 0) continue;
      const from = Math.max(0, Math.round((xs[i] as { x: number }).x));
      const to = Math.min(bm.width, Math.round((xs[i + 1] as { x: number }).x));
      bm.data.fill(1, row * bm.width + from, row * bm.width + Math.max(from, to));
    }
  }
}

/**
 * Draw lines of text, each `px` dots per em, into a bitmap `width` dots wide (a multiple of 8, as
 * printers take images in bytes). `align` places each line.
 */
export function rasterLines(font: FontFace, lines: string[], px: number, width: number, align: 'left' | 'center' | 'right' = 'left'): Bitmap {
  const lh = lineHeight(font, px);
  const height = Math.ceil((lh * lines.length) / 8) * 8;
  const bm: Bitmap = { width, height, data: new Uint8Array(width * height) };
  const scale = px / font.unitsPerEm;
  const edges: Edge[] = [];
  lines.forEach((text, i) => {
    const run = font.layout(text);
    const w = run.positions.reduce((s, p) => s + p.xAdvance, 0) * scale;
    let pen = align === 'left' ? 0 : align === 'right' ? width - w : (width - w) / 2;
    const baseline = i * lh + font.ascent * scale;
    run.glyphs.forEach((g, k) => {
      const p = run.positions[k] as { xAdvance: number; xOffset: number; yOffset: number };
      const ox = pen + p.xOffset * scale;
      const oy = baseline - p.yOffset * scale;
      flatten(g.path.commands, (x) => ox + x * scale, (y) => oy - y * scale, edges);
      pen += p.xAdvance * scale;
    });
  });
  fill(edges, bm);
  return bm;
}
