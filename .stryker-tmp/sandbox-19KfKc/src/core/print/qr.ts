// @ts-nocheck
// A QR code as a matrix of modules, for renderers that draw it themselves (the A4 PDF draws filled
// squares, so the code stays vector and sharp at any printer resolution). Pure: the qrcode package's
// encoder only, none of its canvas or file output.
import { create } from 'qrcode';

export type QrEcLevel = 'L' | 'M' | 'Q' | 'H';

/**
 * The modules of the smallest QR code that holds `text`, row by row, true for a dark module. The
 * quiet zone (4 light modules around the symbol) is not included: the renderer leaves that margin.
 */
export function qrMatrix(text: string, ecLevel: QrEcLevel = 'M'): boolean[][] {
  const { modules } = create(text, { errorCorrectionLevel: ecLevel });
  const n = modules.size;
  return Array.from({ length: n }, (_, row) => Array.from({ length: n }, (_, col) => modules.data[row * n + col] === 1));
}
