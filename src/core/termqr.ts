// A QR code drawn with text, for a phone to scan off the operator's screen (the VietQR of a bank
// transfer): two module rows per text row with the half-block characters ▀ ▄ █, a character cell
// being about twice as tall as it is wide, so the modules come out square. The rows are meant to be
// drawn dark on light (black on a white background), whatever the terminal's own colours, since
// not every banking app reads a code in reverse. Pure: the matrix comes from core/print/qr.ts.
import { qrMatrix, type QrEcLevel } from './print/qr.js';

const FULL = '█';
const UPPER = '▀';
const LOWER = '▄';
const LIGHT = ' ';

/** The light margin around the symbol, in modules: the standard's 4 when there is room, never under 2. */
export const QUIET_ZONES = [4, 3, 2] as const;

/** A module matrix (true: dark) with `quiet` light modules around it, as text rows of half blocks. */
export function halfBlockRows(matrix: readonly (readonly boolean[])[], quiet: number): string[] {
  const n = matrix.length + 2 * quiet;
  const dark = (r: number, c: number) => {
    const rr = r - quiet;
    const cc = c - quiet;
    return rr >= 0 && cc >= 0 && rr < matrix.length && cc < matrix.length && (matrix[rr]?.[cc] ?? false);
  };
  const rows: string[] = [];
  for (let r = 0; r < n; r += 2) {
    let line = '';
    for (let c = 0; c < n; c++) {
      const top = dark(r, c);
      const bottom = r + 1 < n && dark(r + 1, c);
      line += top && bottom ? FULL : top ? UPPER : bottom ? LOWER : LIGHT;
    }
    rows.push(line);
  }
  return rows;
}

/** Text rows back into modules (two per row): what a camera sees of them, for checking. */
export function modulesOfRows(rows: readonly string[]): boolean[][] {
  const out: boolean[][] = [];
  for (const row of rows) {
    const cs = [...row];
    out.push(cs.map((ch) => ch === FULL || ch === UPPER));
    out.push(cs.map((ch) => ch === FULL || ch === LOWER));
  }
  return out;
}

export interface TerminalQr {
  rows: string[];
  /** Columns (= modules across, the quiet zone included). */
  width: number;
  ecLevel: QrEcLevel;
  quiet: number;
  /** The QR version (1-40): 17 + 4 × version modules across. */
  version: number;
}

/**
 * The most robust drawing of `text` that fits `maxCols` × `maxRows` characters: error correction M
 * if it fits, else L; the widest quiet zone that fits. Null when even L with the narrowest margin
 * does not fit: a QR is shown whole or not at all, never cut.
 */
export function terminalQr(text: string, maxCols: number, maxRows: number): TerminalQr | null {
  for (const ecLevel of ['M', 'L'] as const) {
    const m = qrMatrix(text, ecLevel);
    for (const quiet of QUIET_ZONES) {
      const width = m.length + 2 * quiet;
      if (width <= maxCols && Math.ceil(width / 2) <= maxRows) {
        return { rows: halfBlockRows(m, quiet), width, ecLevel, quiet, version: (m.length - 17) / 4 };
      }
    }
  }
  return null;
}
