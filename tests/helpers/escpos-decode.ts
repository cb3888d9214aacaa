// A decoder for the ESC/POS bytes we send, so golden tests can read a print job back as a printer
// would: text lines (through the selected TCVN-3 page), styles, QR and barcode contents, cuts, the
// images' dots, and the commands in the order they come. Anything it does not know is reported, so a
// stray control byte cannot hide in the text.
import { decodeTcvn3, type Tcvn3Page } from '../../src/core/print/tcvn3.js';

export interface DecodedLine {
  text: string;
  bold: boolean;
  /** GS ! width multiplier */
  size: number;
}

/** An image as the printer puts it on paper: rows top to bottom, '#' a black dot, '.' a white one. */
export interface DecodedImage {
  width: number;
  /** In ESC * column mode, a whole number of 24-dot bands (the rows below the image are white). */
  height: number;
  rows: string[];
}

export interface Decoded {
  lines: DecodedLine[];
  qr: string[];
  barcodes: string[];
  cuts: number;
  /** Bit-image commands (ESC * bands or GS v 0 rasters) */
  images: number;
  /** The images, each band or chunk joined to the one just before it (nothing else between them) */
  bitmaps: DecodedImage[];
  /**
   * Every command and text run in order: `ESC E 1`, `GS ! 17`, `ESC t 30`, `ESC a 1`, `LF`,
   * `text <the run as read>`, `image <width>x<height>` (once an image, at its end), ...
   */
  commands: string[];
  /** ESC t values in order */
  pages: number[];
  unknown: string[];
}

const PAGES: Record<number, Tcvn3Page> = { 30: 'lower', 31: 'upper' };

export function decodeEscPos(input: Uint8Array): Decoded {
  const b = input;
  const out: Decoded = { lines: [], qr: [], barcodes: [], cuts: 0, images: 0, bitmaps: [], commands: [], pages: [], unknown: [] };
  let page: Tcvn3Page | null = null;
  let bold = false;
  let size = 1;
  let text = '';
  let run: number[] = [];
  // the image being read: ESC * bands or GS v 0 chunks that follow each other make one image
  let img: DecodedImage | null = null;
  const closeImage = () => {
    if (img) out.commands.push(`image ${img.width}x${img.height}`);
    img = null;
  };
  const addRows = (width: number, rows: string[]) => {
    if (!img || img.width !== width) {
      closeImage();
      img = { width, height: 0, rows: [] };
      out.bitmaps.push(img);
    }
    img.rows.push(...rows);
    img.height = img.rows.length;
  };
  const cmd = (c: string) => {
    closeImage();
    out.commands.push(c);
  };
  const flushRun = () => {
    if (run.length) cmd(`text ${decodeTcvn3(run, page)}`);
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
      cmd('LF');
      i++;
    } else if (c === 0x0d) i++;
    else if (c === 0x1b) {
      flushRun();
      const op = b[i + 1];
      if (op === 0x40 || op === 0x32) cmd(`ESC ${String.fromCharCode(op)}`);
      else if (op === 0x74 || op === 0x45 || op === 0x4d || op === 0x61 || op === 0x64 || op === 0x21 || op === 0x33) cmd(`ESC ${String.fromCharCode(op)} ${b[i + 2]}`);
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
        const per = m >= 32 ? 3 : 1;
        const rows = Array.from({ length: per * 8 }, (_, y) => Array.from({ length: n }, (_, x) => ((b[i + 5 + x * per + (y >> 3)] as number) >> (7 - (y & 7))) & 1 ? '#' : '.').join(''));
        addRows(n, rows);
        i += 5 + n * per;
        if (b[i] === 0x0a) {
          // the band's own line feed, which moves the paper to the next band (and leaves the image open)
          endLine();
          i++;
        }
      }
      else {
        out.unknown.push(`ESC ${op}`);
        i += 2;
      }
    } else if (c === 0x1c && b[i + 1] === 0x2e) i += 2;
    else if (c === 0x1d) {
      flushRun();
      const op = b[i + 1];
      if (op === 0x21 || op === 0x68 || op === 0x77 || op === 0x48 || op === 0x66) cmd(`GS ${String.fromCharCode(op)} ${b[i + 2]}`);
      if (op === 0x21) {
        size = ((b[i + 2] as number) >> 4) + 1;
        i += 3;
      } else if (op === 0x28 && b[i + 2] === 0x6b) {
        const len = (b[i + 3] as number) + 256 * (b[i + 4] as number);
        const cn = b[i + 5];
        const fn = b[i + 6];
        if (cn === 0x31 && fn === 0x50) {
          out.qr.push(Buffer.from(b.subarray(i + 8, i + 5 + len)).toString('utf8'));
          cmd(`qr ${out.qr[out.qr.length - 1]}`);
        }
        i += 5 + len;
      } else if (op === 0x68 || op === 0x77 || op === 0x48 || op === 0x66) i += 3;
      else if (op === 0x76 && b[i + 2] === 0x30) {
        // GS v 0 m xL xH yL yH: a raster of x bytes by y dots
        const x = (b[i + 4] as number) + 256 * (b[i + 5] as number);
        const y = (b[i + 6] as number) + 256 * (b[i + 7] as number);
        out.images++;
        const at = i + 8;
        const rows = Array.from({ length: y }, (_, r) => Array.from({ length: x * 8 }, (_, d) => ((b[at + r * x + (d >> 3)] as number) >> (7 - (d & 7))) & 1 ? '#' : '.').join(''));
        addRows(x * 8, rows);
        i += 8 + x * y;
      }
      else if (op === 0x6b) {
        const m = b[i + 2] as number;
        if (m >= 65) {
          const n = b[i + 3] as number;
          out.barcodes.push(Buffer.from(b.subarray(i + 4, i + 4 + n)).toString('latin1').replace(/^\{[ABC]/, ''));
          cmd(`barcode ${out.barcodes[out.barcodes.length - 1]}`);
          i += 4 + n;
        } else {
          let j = i + 3;
          while (j < b.length && b[j] !== 0) j++;
          out.barcodes.push(Buffer.from(b.subarray(i + 3, j)).toString('latin1'));
          cmd(`barcode ${out.barcodes[out.barcodes.length - 1]}`);
          i = j + 1;
        }
      } else if (op === 0x56) {
        out.cuts++;
        cmd('cut');
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
  closeImage();
  return out;
}

/** The bands ESC * prints an image in (the encoder's column mode, 24 dots a band). */
export const BAND = 24;

/**
 * A bitmap (one byte a dot, 1 = black) as the decoder reads it back from the printer's bytes: rows
 * of '#' and '.', with white rows down to a whole number of 24-dot bands as ESC * prints it.
 */
export function asPrinted(bm: { width: number; height: number; data: Uint8Array }): DecodedImage {
  const height = Math.ceil(bm.height / BAND) * BAND;
  const rows = Array.from({ length: height }, (_, y) => (y < bm.height ? Array.from(bm.data.subarray(y * bm.width, (y + 1) * bm.width), (v) => (v ? '#' : '.')).join('') : '.'.repeat(bm.width)));
  return { width: bm.width, height, rows };
}
