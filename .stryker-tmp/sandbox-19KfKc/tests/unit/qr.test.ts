// @ts-nocheck
// The QR matrix the A4 slip draws: its size, the fixed patterns every reader looks for, no quiet zone,
// and the same modules for the same text.
import { describe, expect, it } from 'vitest';
import { qrMatrix } from '../../src/core/print/qr.js';
import { buildVietQr } from '../../src/core/vietqr.js';

const VIETQR = buildVietQr({ bin: '970436', account: '0011004123456', amountVnd: 50000, note: '000.00.20.H26-251014-0001' });

/** The 7×7 finder pattern whose top-left module is at (row, col): dark ring, light ring, dark 3×3. */
function isFinder(m: boolean[][], row: number, col: number): boolean {
  for (let r = 0; r < 7; r++) {
    for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      if (m[row + r]?.[col + c] !== (ring !== 2)) return false;
    }
  }
  return true;
}

describe('qrMatrix', () => {
  it('a VietQR payload (136 characters, mixed modes) at level M is a version 5 symbol, 37 modules square', () => {
    expect(VIETQR.length).toBe(136);
    const m = qrMatrix(VIETQR);
    expect(m.length).toBe(37);
    for (const row of m) expect(row.length).toBe(37);
  });

  it('starts at the symbol itself: finder patterns in three corners, timing patterns, the dark module', () => {
    const m = qrMatrix(VIETQR);
    const n = m.length;
    const version = (n - 17) / 4;
    // Without a quiet zone the finders touch the edges; with one, row 0 would be all light.
    expect(isFinder(m, 0, 0)).toBe(true);
    expect(isFinder(m, 0, n - 7)).toBe(true);
    expect(isFinder(m, n - 7, 0)).toBe(true);
    expect(isFinder(m, n - 7, n - 7)).toBe(false);
    for (let i = 8; i < n - 8; i++) {
      expect(m[6]?.[i]).toBe(i % 2 === 0);
      expect(m[i]?.[6]).toBe(i % 2 === 0);
    }
    expect(m[4 * version + 9]?.[8]).toBe(true);
  });

  it('grows with the error-correction level and with the text', () => {
    const sizes = (['L', 'M', 'Q', 'H'] as const).map((l) => qrMatrix(VIETQR, l).length);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes[3]).toBeGreaterThan(sizes[0] ?? 0);
    expect(qrMatrix('000.00.20.H26-261123-0001').length).toBeLessThan(sizes[1] ?? 0);
  });

  it('is deterministic: the same text gives the same modules, a different text different ones', () => {
    expect(qrMatrix(VIETQR)).toEqual(qrMatrix(VIETQR));
    expect(qrMatrix('000.00.20.H26-261123-0001')).not.toEqual(qrMatrix('000.00.20.H26-261123-0002'));
  });
});
