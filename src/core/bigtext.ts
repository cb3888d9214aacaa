// Big block letters for the citizen-facing board (5 dots high, scaled to the screen), readable from
// the back of the room.
// Uses only '█' and spaces, which the Linux text console font has.
const FONT: Record<string, string[]> = {
  '0': ['█████', '█   █', '█   █', '█   █', '█████'],
  '1': ['  █  ', ' ██  ', '  █  ', '  █  ', ' ███ '],
  '2': ['█████', '    █', '█████', '█    ', '█████'],
  '3': ['█████', '    █', ' ████', '    █', '█████'],
  '4': ['█   █', '█   █', '█████', '    █', '    █'],
  '5': ['█████', '█    ', '█████', '    █', '█████'],
  '6': ['█████', '█    ', '█████', '█   █', '█████'],
  '7': ['█████', '    █', '   █ ', '  █  ', '  █  '],
  '8': ['█████', '█   █', '█████', '█   █', '█████'],
  '9': ['█████', '█   █', '█████', '    █', '█████'],
  A: [' ███ ', '█   █', '█████', '█   █', '█   █'],
  B: ['████ ', '█   █', '████ ', '█   █', '████ '],
  C: [' ████', '█    ', '█    ', '█    ', ' ████'],
  D: ['████ ', '█   █', '█   █', '█   █', '████ '],
  E: ['█████', '█    ', '████ ', '█    ', '█████'],
  F: ['█████', '█    ', '████ ', '█    ', '█    '],
  G: [' ████', '█    ', '█  ██', '█   █', ' ████'],
  H: ['█   █', '█   █', '█████', '█   █', '█   █'],
  I: [' ███ ', '  █  ', '  █  ', '  █  ', ' ███ '],
  J: ['  ███', '    █', '    █', '█   █', ' ███ '],
  K: ['█   █', '█  █ ', '███  ', '█  █ ', '█   █'],
  L: ['█    ', '█    ', '█    ', '█    ', '█████'],
  M: ['█   █', '██ ██', '█ █ █', '█   █', '█   █'],
  N: ['█   █', '██  █', '█ █ █', '█  ██', '█   █'],
  O: [' ███ ', '█   █', '█   █', '█   █', ' ███ '],
  P: ['████ ', '█   █', '████ ', '█    ', '█    '],
  Q: [' ███ ', '█   █', '█ █ █', '█  █ ', ' ██ █'],
  R: ['████ ', '█   █', '████ ', '█  █ ', '█   █'],
  S: [' ████', '█    ', ' ███ ', '    █', '████ '],
  T: ['█████', '  █  ', '  █  ', '  █  ', '  █  '],
  U: ['█   █', '█   █', '█   █', '█   █', ' ███ '],
  V: ['█   █', '█   █', '█   █', ' █ █ ', '  █  '],
  W: ['█   █', '█   █', '█ █ █', '██ ██', '█   █'],
  X: ['█   █', ' █ █ ', '  █  ', ' █ █ ', '█   █'],
  Y: ['█   █', ' █ █ ', '  █  ', '  █  ', '  █  '],
  Z: ['█████', '   █ ', '  █  ', ' █   ', '█████'],
  '>': ['█    ', ' ██  ', '   ██', ' ██  ', '█    '],
  ' ': ['   ', '   ', '   ', '   ', '   '],
  '-': ['     ', '     ', '█████', '     ', '     '],
};

export const BIG_HEIGHT = 5;

const gapOf = (sx: number) => Math.ceil(sx / 2);
const glyphsOf = (text: string) => [...text.toUpperCase()].map((ch) => FONT[ch]).filter((g): g is string[] => !!g);

/**
 * Render text as block letters, each dot of the 5-row font `sx` columns wide and `sy` rows high
 * (glyphs half a dot's width apart, rounded up); characters without a glyph are skipped.
 */
export function bigText(text: string, sx = 1, sy = 1): string[] {
  const rows: string[] = [];
  const glyphs = glyphsOf(text);
  for (let r = 0; r < BIG_HEIGHT; r++) {
    const line = glyphs.map((g) => [...(g[r] as string)].map((ch) => ch.repeat(sx)).join('')).join(' '.repeat(gapOf(sx)));
    for (let k = 0; k < sy; k++) rows.push(line);
  }
  return rows;
}

/** The width `bigText(text, sx)` takes, without rendering it. */
export function bigWidth(text: string, sx = 1): number {
  const glyphs = glyphsOf(text);
  if (glyphs.length === 0) return 0;
  return sx * glyphs.reduce((w, g) => w + (g[0] as string).length, 0) + gapOf(sx) * (glyphs.length - 1);
}

/**
 * The largest block lettering of `text` that fits in cols x rows: the widest dots that fit the
 * width and the tallest that fit the height, neither more than twice the other (so the letters
 * stay letters). Undefined when even the smallest does not fit.
 */
export function fitBig(text: string, cols: number, rows: number): { sx: number; sy: number; lines: string[] } | undefined {
  const w1 = bigWidth(text, 1);
  if (w1 === 0 || w1 > cols || rows < BIG_HEIGHT) return undefined;
  let sx = 1;
  while (bigWidth(text, sx + 1) <= cols) sx++;
  let sy = Math.floor(rows / BIG_HEIGHT);
  sx = Math.min(sx, 2 * sy);
  sy = Math.min(sy, 2 * sx);
  return { sx, sy, lines: bigText(text, sx, sy) };
}

export function bigTextWidth(text: string): number {
  return bigWidth(text);
}
