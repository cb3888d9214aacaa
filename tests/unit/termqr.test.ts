// The QR code drawn as text on the operator's screen (core/termqr.ts): the half blocks of small
// matrices worked out by hand, the modules read back from text rows, and the choice of error
// correction and margin at the exact sizes where each stops fitting, read back by a real decoder
// (jsQR) as a phone's camera would.
import { describe, expect, it } from 'vitest';
import { qrMatrix } from '../../src/core/print/qr.js';
import { QUIET_ZONES, halfBlockRows, modulesOfRows, terminalQr } from '../../src/core/termqr.js';
import { forAll, same } from '../helpers/property.js';
import { decodeModules } from '../helpers/qr-decode.js';

const T = true;
const F = false;

describe('halfBlockRows', () => {
  it('draws each pair of module rows as one text row: █ both dark, ▀ top only, ▄ bottom only, space neither', () => {
    const m = [
      [T, T, F, F],
      [T, F, T, F],
      [F, T, T, F],
      [F, F, F, T],
    ];
    expect(halfBlockRows(m, 0)).toEqual(['█▀▄ ', ' ▀▀▄']);
  });

  it('puts the quiet zone around the symbol, and a light lower half under an odd last row', () => {
    const m = [
      [T, F, T],
      [F, T, F],
      [T, T, F],
    ];
    // 5 × 5 with the margin of 1: rows (0,1), (2,3) and (4, nothing)
    expect(halfBlockRows(m, 1)).toEqual([' ▄ ▄ ', ' ▄█  ', '     ']);
    // a margin of 2: 7 × 7, rows (0,1) light, (2,3), (4,5), (6, nothing) light
    expect(halfBlockRows(m, 2)).toEqual(['       ', '  ▀▄▀  ', '  ▀▀   ', '       ']);
  });

  it('takes a matrix as square, as tall as it has rows: a longer row is cut there, a shorter one is light past its end', () => {
    // two rows: columns 0-1 drawn; the first row's columns 2-3 are not, the second row's column 1 is missing
    const m = [[F, F, T, T], [T]];
    expect(halfBlockRows(m, 1)).toEqual(['    ', ' ▀  ']);
  });

  it('an empty matrix is its quiet zone alone', () => {
    expect(halfBlockRows([], 2)).toEqual(['    ', '    ']);
    expect(halfBlockRows([], 0)).toEqual([]);
  });
});

describe('modulesOfRows', () => {
  it('reads two module rows from each text row; any other character is light', () => {
    expect(modulesOfRows(['█▀▄ ', 'x▄▀█'])).toEqual([
      [T, T, F, F],
      [T, F, T, F],
      [F, F, T, T],
      [F, T, F, T],
    ]);
    expect(modulesOfRows([])).toEqual([]);
  });

  it('gives back every matrix halfBlockRows drew, inside its margin (and a light row under an odd one)', () => {
    forAll(
      'half blocks read back',
      {
        seed: 0x7e4a,
        runs: 400,
        gen: (r) => {
          const n = r.int(1, 9);
          return { m: Array.from({ length: n }, () => Array.from({ length: n }, () => r.chance(0.5))), quiet: r.int(0, 4) };
        },
      },
      ({ m, quiet }) => {
        const n = m.length + 2 * quiet;
        const light = (k: number): boolean[] => Array<boolean>(k).fill(false);
        const padded = [...Array.from({ length: quiet }, () => light(n)), ...m.map((row) => [...light(quiet), ...row, ...light(quiet)]), ...Array.from({ length: quiet }, () => light(n))];
        if (n % 2 === 1) padded.push(light(n));
        const rows = halfBlockRows(m, quiet);
        same(rows.length, Math.ceil(n / 2), 'rows');
        for (const row of rows) same([...row].length, n, 'columns');
        same(modulesOfRows(rows), padded, 'modules');
      },
    );
  });
});

describe('terminalQr', () => {
  // 22 alphanumeric characters: version 2 (25 modules) at level M, version 1 (21 modules) at level L
  const TEXT = 'A'.repeat(22);
  const M = qrMatrix(TEXT, 'M');
  const L = qrMatrix(TEXT, 'L');

  it('the text chosen: 25 modules at M, 21 at L', () => {
    expect([M.length, L.length]).toEqual([25, 21]);
    expect(QUIET_ZONES).toEqual([4, 3, 2]);
  });

  it('takes level M with the standard margin of 4 when it fits exactly (33 columns, 17 rows)', () => {
    const q = terminalQr(TEXT, 33, 17);
    expect(q).toEqual({ rows: halfBlockRows(M, 4), width: 33, ecLevel: 'M', quiet: 4, version: 2 });
    expect(decodeModules(modulesOfRows(q?.rows ?? []))).toBe(TEXT);
  });

  it('narrows the margin to 3, then 2, when a column or a row short', () => {
    expect(terminalQr(TEXT, 32, 17)).toEqual({ rows: halfBlockRows(M, 3), width: 31, ecLevel: 'M', quiet: 3, version: 2 });
    // 33 columns fit, but 33 modules take 17 rows
    expect(terminalQr(TEXT, 33, 16)).toEqual({ rows: halfBlockRows(M, 3), width: 31, ecLevel: 'M', quiet: 3, version: 2 });
    expect(terminalQr(TEXT, 30, 16)).toEqual({ rows: halfBlockRows(M, 2), width: 29, ecLevel: 'M', quiet: 2, version: 2 });
    expect(terminalQr(TEXT, 31, 15)).toEqual({ rows: halfBlockRows(M, 2), width: 29, ecLevel: 'M', quiet: 2, version: 2 });
  });

  it('falls back to level L, with the widest margin that fits, when M does not fit even with a margin of 2', () => {
    const q = terminalQr(TEXT, 29, 14);
    expect(q).toEqual({ rows: halfBlockRows(L, 3), width: 27, ecLevel: 'L', quiet: 3, version: 1 });
    expect(decodeModules(modulesOfRows(q?.rows ?? []))).toBe(TEXT);
    expect(terminalQr(TEXT, 28, 15)).toEqual({ rows: halfBlockRows(L, 3), width: 27, ecLevel: 'L', quiet: 3, version: 1 });
    const last = terminalQr(TEXT, 26, 13);
    expect(last).toEqual({ rows: halfBlockRows(L, 2), width: 25, ecLevel: 'L', quiet: 2, version: 1 });
    expect(decodeModules(modulesOfRows(last?.rows ?? []))).toBe(TEXT);
    // 370 characters: version 12 (65 modules) at M, version 10 (57) at L; L with a margin of 4 is
    // 65 columns and 33 rows, M with a margin of 2 would be 69 and 35
    const long = 'A'.repeat(370);
    const big = terminalQr(long, 65, 33);
    expect(big).toEqual({ rows: halfBlockRows(qrMatrix(long, 'L'), 4), width: 65, ecLevel: 'L', quiet: 4, version: 10 });
    expect(decodeModules(modulesOfRows(big?.rows ?? []))).toBe(long);
    expect(terminalQr(long, 69, 35)).toMatchObject({ width: 69, ecLevel: 'M', quiet: 2, version: 12 });
  });

  it('is null, never cut, a column or a row short of the smallest drawing', () => {
    expect(terminalQr(TEXT, 24, 13)).toBeNull();
    expect(terminalQr(TEXT, 25, 12)).toBeNull();
    expect(terminalQr(TEXT, 0, 0)).toBeNull();
  });
});
