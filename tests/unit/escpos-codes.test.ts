// The codes on thermal paper, read back from the bytes the printer gets: the queue ticket's Code 128
// barcode within the printable width of 58 and 80 mm paper (the widest bars that fit, its label
// printed under it), as text when no bars fit; the QR command's model, module size and error
// correction; a QR drawn as an image for printers without the QR command, read back module by
// module against the QR matrix; paper feeds.
import { describe, expect, it } from 'vitest';
import { PAPER_DOTS, qrBitmap, renderEscPos } from '../../src/core/print/escpos.js';
import type { Block, PrintDocument } from '../../src/core/print/layout.js';
import { qrMatrix } from '../../src/core/print/qr.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';

const doc = (...blocks: Block[]): PrintDocument => ({ kind: 'test', ref: null, title: 'codes', blocks });
const GS = 0x1d;

/** The argument of each `GS op n` command in the bytes, in order. */
function gsArgs(bytes: Uint8Array, op: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === GS && bytes[i + 1] === op) out.push(bytes[i + 2] as number);
  return out;
}

/** The QR function commands (GS ( k ... cn 0x31): function code and its first parameter. */
function qrFunctions(bytes: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 7 < bytes.length; i++) if (bytes[i] === GS && bytes[i + 1] === 0x28 && bytes[i + 2] === 0x6b && bytes[i + 5] === 0x31) out.push([bytes[i + 6] as number, bytes[i + 7] as number]);
  return out;
}

/** Code 128 width in modules, independently: start, data and check symbols of 11, a stop of 13, quiet zones of 10. */
const code128Modules = (data: string) => 11 * (data.length + 2) + 13 + 2 * 10;

describe('the ticket barcode', () => {
  const label = 'A012.261123';

  for (const [paper, dots] of [['58', 2], ['80', 3]] as const) {
    it(`at ${paper} mm: ${dots} dots a module, the widest bars within ${PAPER_DOTS[paper]} dots, 60 dots high, the label printed under it`, () => {
      const bytes = renderEscPos(doc({ type: 'barcode', data: label }), { paper, profile: 'tcvn3' });
      expect(decodeEscPos(bytes).barcodes).toEqual([label]);
      const [w] = gsArgs(bytes, 0x77);
      expect(w).toBe(dots);
      expect((w as number) * code128Modules(label)).toBeLessThanOrEqual(PAPER_DOTS[paper]);
      expect(gsArgs(bytes, 0x68)).toEqual([60]);
      expect(gsArgs(bytes, 0x48)).toEqual([2]);
    });
  }

  it('a code too long for bars of two dots within the paper is printed as centred text instead', () => {
    const code = '000.00.20.H26-261123-0001';
    expect(2 * code128Modules(code)).toBeGreaterThan(PAPER_DOTS['58']);
    const d = decodeEscPos(renderEscPos(doc({ type: 'barcode', data: code }), { paper: '58', profile: 'tcvn3' }));
    expect(d.barcodes).toEqual([]);
    expect(d.lines.map((l) => l.text)).toEqual([`   ${code}`]);
  });
});

describe('the QR command', () => {
  for (const [paper, size] of [['58', 4], ['80', 6]] as const) {
    it(`at ${paper} mm: model 2, modules of ${size} dots, error correction M, the data as given`, () => {
      const data = 'https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma=000.00.20.H26-261123-0001';
      const bytes = renderEscPos(doc({ type: 'qr', data, caption: 'Tra cứu hồ sơ' }), { paper, profile: 'tcvn3' });
      const d = decodeEscPos(bytes);
      expect(d.qr).toEqual([data]);
      expect(d.images).toBe(0);
      const fns = qrFunctions(bytes);
      expect(fns.find(([fn]) => fn === 0x41)?.[1]).toBe(0x32); // model 2
      expect(fns.find(([fn]) => fn === 0x43)?.[1]).toBe(size);
      expect(fns.find(([fn]) => fn === 0x45)?.[1]).toBe(0x31); // level M
    });
  }
});

describe('a QR drawn as an image', () => {
  /** Read the bitmap back: each module's centre pixel, around the symbol a quiet zone of 4. */
  function readBack(data: string, width: number, dot: number) {
    const bm = qrBitmap(data, width, dot);
    const m = qrMatrix(data, 'M');
    const n = m.length + 8;
    const scale = Math.min(dot, Math.floor(width / n));
    const left = Math.floor((width - n * scale) / 2);
    const px = (x: number, y: number) => bm.data[y * width + x];
    const modules = Array.from({ length: n }, (_, y) => Array.from({ length: n }, (_, x) => px(left + x * scale + (scale >> 1), y * scale + (scale >> 1)) === 1));
    const dark = bm.data.reduce((a, v) => a + v, 0);
    return { bm, m, n, scale, modules, dark };
  }

  it('at 58 mm: modules of 4 dots, centred, the height a whole number of 8-dot bands, every module as the matrix says', () => {
    const data = 'luudong test';
    const { bm, m, n, scale, modules, dark } = readBack(data, PAPER_DOTS['58'], 4);
    expect(scale).toBe(4);
    expect(bm.width).toBe(384);
    expect(bm.height).toBe(Math.ceil((n * 4) / 8) * 8);
    expect(bm.height % 8).toBe(0);
    expect(modules.slice(4, 4 + m.length).map((r) => r.slice(4, 4 + m.length))).toEqual(m);
    // the quiet zone is white, and nothing is drawn but the dark modules' squares
    for (const r of [...modules.slice(0, 4), ...modules.slice(4 + m.length)]) expect(r.every((v) => !v)).toBe(true);
    expect(dark).toBe(m.flat().filter(Boolean).length * scale * scale);
  });

  it('a symbol too wide for the paper at its dot size is drawn with smaller modules, whole', () => {
    const data = 'luudong test'; // 21 modules, 29 with the quiet zone: 4 dots a module would need 116
    const { bm, m, scale, modules, dark } = readBack(data, 100, 4);
    expect(scale).toBe(3);
    expect(bm.width).toBe(100);
    expect(modules.slice(4, 4 + m.length).map((r) => r.slice(4, 4 + m.length))).toEqual(m);
    expect(dark).toBe(m.flat().filter(Boolean).length * 9);
  });

  it('printed without the QR command: an image, no QR command, the caption under it', () => {
    const d = decodeEscPos(renderEscPos(doc({ type: 'qr', data: 'luudong test', caption: 'Tra cứu hồ sơ' }), { paper: '80', profile: 'tcvn3', nativeQr: false }));
    expect(d.qr).toEqual([]);
    expect(d.images).toBeGreaterThan(0);
    expect(d.lines.map((l) => l.text).filter((t) => t.trim())).toEqual([`${' '.repeat(17)}Tra cứu hồ sơ`]);
  });
});

describe('paper feed', () => {
  it('a feed of three lines is three line feeds and nothing else', () => {
    const bytes = renderEscPos(doc({ type: 'feed', lines: 3 }), { paper: '58', profile: 'tcvn3' });
    const d = decodeEscPos(bytes);
    expect(d.lines).toEqual([
      { text: '', bold: false, size: 1 },
      { text: '', bold: false, size: 1 },
      { text: '', bold: false, size: 1 },
    ]);
    expect(d.unknown).toEqual([]);
  });
});

/** The argument of each `ESC op n` command in the bytes, in order. */
function escArgs(bytes: Uint8Array, op: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0x1b && bytes[i + 1] === op) out.push(bytes[i + 2] as number);
  return out;
}

describe('centred by the printer', () => {
  it('the barcode, the QR and the ticket number are centred with ESC a 1, and the alignment set back to the left after each', () => {
    for (const b of [{ type: 'barcode', data: 'A012.261123' }, { type: 'qr', data: 'luudong test' }, { type: 'big', text: 'A012' }] as Block[]) {
      expect(escArgs(renderEscPos(doc(b), { paper: '58', profile: 'tcvn3' }), 0x61)).toEqual([1, 0]);
    }
  });
});

describe('the ticket number', () => {
  for (const [paper, mul] of [['58', 7], ['80', 8]] as const) {
    it(`at ${paper} mm: bold, ${mul} times as wide and as high (at most 8, one character's width to spare), then plain type again`, () => {
      const bytes = renderEscPos(doc({ type: 'big', text: 'A012' }), { paper, profile: 'tcvn3' });
      // GS ! n: width multiplier - 1 in the high nibble, height multiplier - 1 in the low one
      expect(gsArgs(bytes, 0x21)).toEqual([((mul - 1) << 4) | (mul - 1), 0]);
      expect(escArgs(bytes, 0x45)).toEqual([1, 0]);
      expect(decodeEscPos(bytes).lines).toEqual([{ text: 'A012', bold: true, size: mul }]);
    });
  }
});
