// A printed document as ESC/POS bytes for a 58 or 80 mm thermal printer. Text goes out in TCVN-3
// (code pages switched as the text needs them) or as ASCII; QR codes, barcodes and the cut come from
// @point-of-sale/receipt-printer-encoder. Pure: bytes in memory, the transport sends them.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { alignLine, blockLines, PAPER_COLUMNS, wrap, type Block, type PrintDocument, type SignatureSlot } from './layout.js';
import { encodeTcvn3, TCVN3_PAGE_NUMBER, toAscii } from './tcvn3.js';
import { qrMatrix } from './qr.js';
import { measure, rasterLines, wrapDots, type Bitmap, type FontFace } from './raster.js';

export interface EscPosOptions {
  paper: '58' | '80';
  /** tcvn3: Vietnamese through the printer's TCVN-3 code pages; raster: text with letters outside
   * ASCII drawn as images with the shipped font; ascii: diacritics removed. */
  profile: 'tcvn3' | 'ascii' | 'raster';
  /** The faces that draw text in the raster profile. */
  fonts?: { regular: FontFace; bold: FontFace };
  /** false: QR codes go as images, for models without the QR command. Default true. */
  nativeQr?: boolean;
}

/** Printable width in dots (8 dots per mm) of each paper. */
export const PAPER_DOTS: Record<'58' | '80', number> = { '58': 384, '80': 576 };
/** Font A is 24 dots high: raster text at the same size keeps the slip's proportions. */
const RASTER_PX = 24;
const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

const ESC = 0x1b;
const GS = 0x1d;

export function renderEscPos(doc: PrintDocument, opts: EscPosOptions): Uint8Array {
  const columns = PAPER_COLUMNS[opts.paper];
  const enc = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, codepageMapping: { cp437: 0 }, feedBeforeCut: 4 });
  enc.initialize();
  let page = -1; // unknown after ESC @: the first Vietnamese letter selects one
  const raw = (bytes: number[]) => enc.raw(bytes);
  const style = (bold: boolean, mul: number) => raw([ESC, 0x45, bold ? 1 : 0, GS, 0x21, ((mul - 1) << 4) | (mul - 1)]);
  const justify = (n: 0 | 1 | 2) => raw([ESC, 0x61, n]);

  const fonts = opts.fonts;
  if (opts.profile === 'raster' && !fonts) throw new Error('the raster profile needs fonts');
  const image = (bm: Bitmap) => {
    const rgba = new Uint8ClampedArray(bm.width * bm.height * 4);
    for (let i = 0; i < bm.data.length; i++) {
      const v = bm.data[i] ? 0 : 255;
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = v;
      rgba[i * 4 + 3] = 255;
    }
    // A plain {data, width, height}: the encoder tells an ImageData by its class name, which a
    // minified bundle does not keep.
    enc.image({ data: rgba, width: bm.width, height: bm.height } as unknown as Parameters<typeof enc.image>[0], bm.width, bm.height, 'threshold');
  };
  /**
   * Raster profile: a run of text lines with letters beyond ASCII goes out as one image (pure ASCII
   * stays printer text, sharper and quicker). Returns false when the text is plain ASCII.
   */
  const rasterText = (text: string, bold: boolean, mul: number, align: 'left' | 'center' | 'right'): boolean => {
    if (opts.profile !== 'raster' || !fonts || isAscii(text)) return false;
    const face = bold ? fonts.bold : fonts.regular;
    const px = RASTER_PX * mul;
    const width = PAPER_DOTS[opts.paper];
    image(rasterLines(face, wrapDots(face, text, px, width), px, width, align));
    return true;
  };
  const line = (text: string) => {
    if (opts.profile === 'ascii' || opts.profile === 'raster') raw([...toAscii(text)].map((c) => c.charCodeAt(0)));
    else {
      for (const seg of encodeTcvn3(text)) {
        const n = seg.page === null ? -1 : TCVN3_PAGE_NUMBER[seg.page];
        if (n !== -1 && n !== page) {
          raw([ESC, 0x74, n]);
          page = n;
        }
        raw(seg.bytes);
      }
    }
    raw([0x0a]);
  };

  /** Raster profile: two texts side by side, each centred (or set to its edge) in its half. */
  const rasterHalves = (left: string, right: string, bold: boolean, align: 'center' | 'edges') => {
    if (!fonts) return;
    const face = bold ? fonts.bold : fonts.regular;
    const width = PAPER_DOTS[opts.paper];
    const half = width / 2;
    const l = rasterLines(face, [left], RASTER_PX, half, align === 'edges' ? 'left' : 'center');
    const r = rasterLines(face, [right], RASTER_PX, half, align === 'edges' ? 'right' : 'center');
    const bm: Bitmap = { width, height: Math.max(l.height, r.height), data: new Uint8Array(width * Math.max(l.height, r.height)) };
    for (let y = 0; y < l.height; y++) bm.data.set(l.data.subarray(y * half, (y + 1) * half), y * width);
    for (let y = 0; y < r.height; y++) bm.data.set(r.data.subarray(y * half, (y + 1) * half), y * width + half);
    image(bm);
  };
  /** Raster profile: does a text fit `dots` with the face at the slip's size? */
  const fitsDots = (text: string, bold: boolean, dots: number) => !fonts || measure(bold ? fonts.bold : fonts.regular, text, RASTER_PX) <= dots;
  const rasterSignatures = (slots: SignatureSlot[], space: number) => {
    const half = PAPER_DOTS[opts.paper] / 2 - 8;
    const sideBySide = slots.length === 2 && slots.every((s) => fitsDots(s.title, true, half) && fitsDots(s.hint ?? '', false, half) && fitsDots(s.name ?? '', true, half));
    const [a, b] = slots as [SignatureSlot, SignatureSlot];
    if (sideBySide) {
      rasterHalves(a.title, b.title, true, 'center');
      if (a.hint || b.hint) rasterHalves(a.hint ?? '', b.hint ?? '', false, 'center');
      for (let i = 0; i < space; i++) raw([0x0a]);
      if (a.name || b.name) rasterHalves(a.name ?? '', b.name ?? '', true, 'center');
      return;
    }
    slots.forEach((s, i) => {
      if (i > 0) raw([0x0a]);
      if (!rasterText(s.title, true, 1, 'center')) textLines([{ text: alignLine(s.title, columns, 'center'), bold: true, size: 1 }]);
      if (s.hint && !rasterText(s.hint, false, 1, 'center')) textLines(wrap(s.hint, columns).map((l) => ({ text: alignLine(l, columns, 'center'), bold: false, size: 1 })));
      for (let k = 0; k < space; k++) raw([0x0a]);
      if (s.name && !rasterText(s.name, true, 1, 'center')) textLines(wrap(s.name, columns).map((l) => ({ text: alignLine(l, columns, 'center'), bold: true, size: 1 })));
    });
  };
  /** Printer text lines, each with its style. */
  const textLines = (lines: { text: string; bold: boolean; size: 1 | 2 }[]) => {
    let cur = '';
    for (const l of lines) {
      const key = `${l.bold}:${l.size}`;
      if (key !== cur) {
        style(l.bold, l.size);
        cur = key;
      }
      line(l.text);
    }
    if (cur !== '' && cur !== 'false:1') style(false, 1);
  };

  const block = (b: Block) => {
    switch (b.type) {
      case 'text':
        if (rasterText(b.text, !!b.bold, b.size ?? 1, b.align ?? 'left')) break;
        textLines(blockLines(b, columns) ?? []);
        break;
      case 'big': {
        // As large as fits: at most 8 times, and the label within the line; a label longer than a
        // line (it never is a ticket number) wraps at the normal size.
        const n = [...b.text].length;
        if (n > columns) {
          textLines(wrap(b.text, columns).map((l) => ({ text: alignLine(l, columns, 'center'), bold: true, size: 1 })));
          break;
        }
        const mul = Math.max(1, Math.min(8, Math.floor(columns / Math.max(1, n)) - 1));
        style(true, mul);
        justify(1); // the printer centres it: padding with spaces would cost a whole wide column each
        line(b.text);
        justify(0);
        style(false, 1);
        break;
      }
      case 'pair':
        if (rasterText(`${b.label}: ${b.value}`, false, 1, 'left')) break;
        textLines(blockLines(b, columns) ?? []);
        break;
      case 'columns': {
        if (opts.profile === 'raster' && !isAscii(b.left + b.right) && fonts) {
          const half = PAPER_DOTS[opts.paper] / 2 - 8;
          // Side by side when each fits its half; else the left one, then the right one at the edge (ASCII as printer text).
          if (fitsDots(b.left, false, half) && fitsDots(b.right, false, half)) rasterHalves(b.left, b.right, false, 'edges');
          else {
            if (!rasterText(b.left, false, 1, 'left')) textLines(wrap(b.left, columns).map((l) => ({ text: l, bold: false, size: 1 })));
            if (!rasterText(b.right, false, 1, 'right')) textLines(wrap(b.right, columns).map((l) => ({ text: alignLine(l, columns, 'right'), bold: false, size: 1 })));
          }
          break;
        }
        textLines(blockLines(b, columns) ?? []);
        break;
      }
      case 'signatures':
        if (opts.profile === 'raster' && fonts && !b.slots.every((s) => isAscii(s.title + (s.hint ?? '') + (s.name ?? '')))) rasterSignatures(b.slots, b.space);
        else textLines(blockLines(b, columns) ?? []);
        break;
      case 'rule':
        line('-'.repeat(columns));
        break;
      case 'qr':
        if (opts.nativeQr === false) image(qrBitmap(b.data, PAPER_DOTS[opts.paper], opts.paper === '80' ? 6 : 4));
        else {
          justify(1);
          enc.qrcode(b.data, { model: 2, size: opts.paper === '80' ? 6 : 4, errorlevel: 'm' });
          justify(0);
        }
        if (b.caption && !rasterText(b.caption, false, 1, 'center')) for (const l of wrap(b.caption, columns)) line(alignLine(l, columns, 'center'));
        break;
      case 'barcode': {
        // Code 128 (set B): 11 modules a character, plus start, check and stop, and a quiet zone of
        // 10 modules each side. The widest bars that fit, in dots a module (GS w: 2 to 3 here; the
        // encoder's `width` option n sends GS w n + 1); printed as text when none do.
        const modules = ([...b.data].length + 3) * 11 + 2 + 20;
        const dots = Math.min(opts.paper === '80' ? 3 : 2, Math.floor(PAPER_DOTS[opts.paper] / modules));
        if (dots < 2) {
          for (const l of wrap(b.data, columns)) line(alignLine(l, columns, 'center'));
          break;
        }
        justify(1);
        enc.barcode(b.data, 'code128', { height: 60, width: dots - 1, text: 'below' });
        justify(0);
        break;
      }
      case 'feed':
        for (let i = 0; i < b.lines; i++) raw([0x0a]);
        break;
      case 'cut':
        enc.cut('partial');
        break;
    }
  };
  for (const b of doc.blocks) block(b);
  return enc.encode();
}

/** A QR code drawn as an image `width` dots wide, centred, `dot` dots per module and its quiet zone. */
export function qrBitmap(data: string, width: number, dot: number): Bitmap {
  const m = qrMatrix(data, 'M');
  const n = m.length + 8; // quiet zone of 4 modules on each side
  const scale = Math.max(1, Math.min(dot, Math.floor(width / n)));
  const side = n * scale;
  const height = Math.ceil(side / 8) * 8;
  const left = Math.floor((width - side) / 2);
  const bm: Bitmap = { width, height, data: new Uint8Array(width * height) };
  m.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) bm.data.fill(1, (4 * scale + y * scale + dy) * width + left + (4 + x) * scale, (4 * scale + y * scale + dy) * width + left + (5 + x) * scale);
    }),
  );
  return bm;
}
