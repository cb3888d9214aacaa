// The citizen board's block lettering at the edges of the screen: text with nothing to draw, and
// text exactly as wide as the screen.
import { describe, expect, it } from 'vitest';
import { BIG_HEIGHT, bigText, bigWidth, fitBig } from '../../src/core/bigtext.js';

describe('fitBig at the edges', () => {
  it('text with no drawable character (empty, or only characters without a glyph) gets no lettering', () => {
    expect(fitBig('', 80, 24)).toBeUndefined();
    expect(fitBig('?!', 80, 24)).toBeUndefined();
    expect(fitBig('', 1, 1)).toBeUndefined();
  });

  it('text exactly as wide as the screen fits at the smallest size, filling every column', () => {
    // "A12": three 5-dot glyphs, two 1-column gaps: 17 columns.
    expect(bigWidth('A12')).toBe(17);
    const fit = fitBig('A12', 17, BIG_HEIGHT);
    expect(fit).toEqual({ sx: 1, sy: 1, lines: bigText('A12') });
    for (const line of fit!.lines) expect(line.length).toBe(17);
    expect(fitBig('A12', 16, BIG_HEIGHT)).toBeUndefined();
  });

  it('exactly twice as wide: the dots double (sx 2 takes 2x15 + 2 gaps of 1 = 32 columns)', () => {
    expect(bigWidth('A12', 2)).toBe(32);
    expect(fitBig('A12', 32, 2 * BIG_HEIGHT)?.sx).toBe(2);
    expect(fitBig('A12', 31, 2 * BIG_HEIGHT)?.sx).toBe(1);
  });
});
