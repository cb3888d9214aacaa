// A printed document as ESC/POS bytes for a 58 or 80 mm thermal printer. Text goes out in TCVN-3
// (code pages switched as the text needs them) or as ASCII; QR codes, barcodes and the cut come from
// @point-of-sale/receipt-printer-encoder. Pure: bytes in memory, the transport sends them.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { alignLine, PAPER_COLUMNS, wrap, type Block, type PrintDocument } from './layout.js';
import { encodeTcvn3, TCVN3_PAGE_NUMBER, toAscii } from './tcvn3.js';

export interface EscPosOptions {
  paper: '58' | '80';
  /** tcvn3: Vietnamese through the printer's TCVN-3 code pages; ascii: diacritics removed. */
  profile: 'tcvn3' | 'ascii';
}

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

  const line = (text: string) => {
    if (opts.profile === 'ascii') raw([...toAscii(text)].map((c) => c.charCodeAt(0)));
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

  const block = (b: Block) => {
    switch (b.type) {
      case 'text': {
        const mul = b.size ?? 1;
        const width = Math.floor(columns / mul);
        style(!!b.bold, mul);
        for (const l of wrap(b.text, width)) line(alignLine(l, width, b.align));
        style(false, 1);
        break;
      }
      case 'big': {
        // As large as fits: at most 8 times, and the label within the line.
        const mul = Math.max(1, Math.min(8, Math.floor(columns / Math.max(1, [...b.text].length)) - 1));
        style(true, mul);
        justify(1); // the printer centres it: padding with spaces would cost a whole wide column each
        line(b.text);
        justify(0);
        style(false, 1);
        break;
      }
      case 'pair':
        for (const l of wrap(`${b.label}: ${b.value}`, columns, 2)) line(l);
        break;
      case 'columns': {
        const gap = Math.max(1, columns - [...b.left].length - [...b.right].length);
        line(b.left + ' '.repeat(gap) + b.right);
        break;
      }
      case 'rule':
        line('-'.repeat(columns));
        break;
      case 'qr':
        justify(1);
        enc.qrcode(b.data, { model: 2, size: opts.paper === '80' ? 6 : 4, errorlevel: 'm' });
        justify(0);
        if (b.caption) for (const l of wrap(b.caption, columns)) line(alignLine(l, columns, 'center'));
        break;
      case 'barcode':
        justify(1);
        enc.barcode(b.data, 'code128', { height: 60, width: opts.paper === '80' ? 3 : 2, text: 'below' });
        justify(0);
        break;
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
