// @ts-nocheck
// A decoder for the ESC/POS bytes we send, so golden tests can read a print job back as a printer
// would: text lines (through the selected TCVN-3 page), styles, QR and barcode contents, cuts.
// Anything it does not know is reported, so a stray control byte cannot hide in the text.
import { decodeTcvn3, type Tcvn3Page } from '../../src/core/print/tcvn3.js';

export interface DecodedLine {
  text: string;
  bold: boolean;
  /** GS ! width multiplier */
  size: number;
}

export interface Decoded {
  lines: DecodedLine[];
  qr: string[];
  barcodes: string[];
  cuts: number;
  /** Bit-image commands (ESC * bands or GS v 0 rasters) */
  images: number;
  /** ESC t values in order */
  pages: number[];
  unknown: string[];
}

const PAGES: Record<number, Tcvn3Page> = { 30: 'lower', 31: 'upper' };

export function decodeEscPos(input: Uint8Array): Decoded {
  const b = input;
  const out: Decoded = { lines: [], qr: [], barcodes: [], cuts: 0, images: 0, pages: [], unknown: [] };
  let page: Tcvn3Page | null = null;
  let bold = false;
  let size = 1;
  let text = '';
  let run: number[] = [];
  const flushRun = () => {
    text += decodeTcvn3(run, page);
    run = [];
  };
  const endLine = () => {
    flushRun();
    out.lines.push({ text, bold, size });
    text = '';
  };
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c === 0x0a) {
      endLine();
      i++;
    } else if (c === 0x0d) i++;
    else if (c === 0x1b) {
      flushRun();
      const op = b[i + 1];
      if (op === 0x40) i += 2;
      else if (op === 0x74) {
        const n = b[i + 2] as number;
        out.pages.push(n);
        page = PAGES[n] ?? null;
        i += 3;
      } else if (op === 0x45) {
        bold = b[i + 2] === 1;
        i += 3;
      } else if (op === 0x4d || op === 0x61 || op === 0x64 || op === 0x21 || op === 0x33) i += 3;
      else if (op === 0x32) i += 2;
      else if (op === 0x2a) {
        // ESC * m nL nH: a band of n columns, 1 byte per column (8-dot modes) or 3 (24-dot modes)
        const m = b[i + 2] as number;
        const n = (b[i + 3] as number) + 256 * (b[i + 4] as number);
        out.images++;
        i += 5 + n * (m >= 32 ? 3 : 1);
      }
      else {
        out.unknown.push(`ESC ${op}`);
        i += 2;
      }
    } else if (c === 0x1c && b[i + 1] === 0x2e) i += 2;
    else if (c === 0x1d) {
      flushRun();
      const op = b[i + 1];
      if (op === 0x21) {
        size = ((b[i + 2] as number) >> 4) + 1;
        i += 3;
      } else if (op === 0x28 && b[i + 2] === 0x6b) {
        const len = (b[i + 3] as number) + 256 * (b[i + 4] as number);
        const cn = b[i + 5];
        const fn = b[i + 6];
        if (cn === 0x31 && fn === 0x50) out.qr.push(Buffer.from(b.subarray(i + 8, i + 5 + len)).toString('utf8'));
        i += 5 + len;
      } else if (op === 0x68 || op === 0x77 || op === 0x48 || op === 0x66) i += 3;
      else if (op === 0x76 && b[i + 2] === 0x30) {
        // GS v 0 m xL xH yL yH: a raster of x bytes by y dots
        const x = (b[i + 4] as number) + 256 * (b[i + 5] as number);
        const y = (b[i + 6] as number) + 256 * (b[i + 7] as number);
        out.images++;
        i += 8 + x * y;
      }
      else if (op === 0x6b) {
        const m = b[i + 2] as number;
        if (m >= 65) {
          const n = b[i + 3] as number;
          out.barcodes.push(Buffer.from(b.subarray(i + 4, i + 4 + n)).toString('latin1').replace(/^\{[ABC]/, ''));
          i += 4 + n;
        } else {
          let j = i + 3;
          while (j < b.length && b[j] !== 0) j++;
          out.barcodes.push(Buffer.from(b.subarray(i + 3, j)).toString('latin1'));
          i = j + 1;
        }
      } else if (op === 0x56) {
        out.cuts++;
        i += b[i + 2] === 65 || b[i + 2] === 66 ? 4 : 3;
      } else {
        out.unknown.push(`GS ${op}`);
        i += 2;
      }
    } else if (c < 0x20 || c === 0x7f) {
      out.unknown.push(`control ${c}`);
      i++;
    } else {
      run.push(c);
      i++;
    }
  }
  if (run.length || text) endLine();
  return out;
}
