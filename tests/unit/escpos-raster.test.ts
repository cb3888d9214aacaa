// The raster profile read back from the printer's bytes, dot by dot: for printers without the TCVN-3
// code pages, every line with a Vietnamese letter is an image of the shipped Noto Sans, wrapped by
// the width of its letters and placed as the block says; plain ASCII stays printer text. Two texts
// on a line share the paper in halves; a QR without the QR command is an image, its caption under it.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { PAPER_DOTS, qrBitmap, renderEscPos, type EscPosOptions } from '../../src/core/print/escpos.js';
import { alignLine, type Block, type PrintDocument } from '../../src/core/print/layout.js';
import { measure } from '../../src/core/print/raster.js';
import { asPrinted, decodeEscPos, type DecodedImage } from '../helpers/escpos-decode.js';
import { halvesImage, shippedFaces, SLIP_PX, textImage } from '../helpers/raster-faces.js';

const doc = (...blocks: Block[]): PrintDocument => ({ kind: 'test', ref: null, title: 'raster', blocks });
const fonts = shippedFaces();
const raster = (paper: '58' | '80', more: Partial<EscPosOptions> = {}): EscPosOptions => ({ paper, profile: 'raster', fonts, ...more });
const read = (o: EscPosOptions, ...blocks: Block[]) => decodeEscPos(renderEscPos(doc(...blocks), o));
/** ESC @ and the encoder's font A: every job starts so. */
const START = ['ESC @', 'ESC M 0'];
/** An image as the encoder sends it: line spacing of one 24-dot band, the bands, spacing back, a line feed. */
const IMG = (im: DecodedImage) => ['ESC 3 24', `image ${im.width}x${im.height}`, 'ESC 2', 'LF'];
const width = (text: string, bold = false) => measure(bold ? fonts.bold : fonts.regular, text, SLIP_PX);
/** Half the paper less 8 dots between the halves: the room each of two texts side by side has. */
const HALF = { '58': PAPER_DOTS['58'] / 2 - 8, '80': PAPER_DOTS['80'] / 2 - 8 };

describe('a raster printer needs its faces', () => {
  it('asked to render the raster profile without faces, it refuses with a developer error', () => {
    expect(() => renderEscPos(doc({ type: 'text', text: 'Hồ sơ' }), { paper: '58', profile: 'raster' })).toThrow(new Error('the raster profile needs fonts'));
  });
});

describe('text with Vietnamese letters is an image of the shipped font', () => {
  it('58 mm: a long line wraps by the width of its letters into one image 384 dots wide, left, in the regular face', () => {
    const text = 'Giấy tờ tùy thân (thẻ căn cước/căn cước công dân, hộ chiếu) – xuất trình';
    const want = textImage(text, { paper: '58' });
    expect(want.height).toBeGreaterThan(48); // more than one line of text
    const d = read(raster('58'), { type: 'text', text });
    expect(d.bitmaps).toEqual([want]);
    expect(d.commands).toEqual([...START, ...IMG(want)]);
  });

  it('80 mm: a bold, centred, double-size title in the bold face at 48 dots to the em across 576 dots', () => {
    const text = 'GIẤY TIẾP NHẬN HỒ SƠ';
    const want = textImage(text, { paper: '80', bold: true, size: 2, align: 'center' });
    const d = read(raster('80'), { type: 'text', text, bold: true, align: 'center', size: 2 });
    expect(d.bitmaps).toEqual([want]);
    expect(d.commands).toEqual([...START, ...IMG(want)]);
  });

  it('a label and its value are one image, "label: value", in the regular face from the left', () => {
    const want = textImage('Lệ phí: 10.000 đồng', { paper: '58' });
    const d = read(raster('58'), { type: 'pair', label: 'Lệ phí', value: '10.000 đồng' });
    expect(d.bitmaps).toEqual([want]);
    expect(d.commands).toEqual([...START, ...IMG(want)]);
  });

  it('a line of plain ASCII stays printer text (sharper and quicker): no image, no code page', () => {
    const d = read(raster('58'), { type: 'text', text: 'Quay 2 - 08:15' });
    expect(d.bitmaps).toEqual([]);
    expect(d.commands).toEqual([...START, 'ESC E 0', 'GS ! 0', 'text Quay 2 - 08:15', 'LF']);
  });

  it('the ticket number is printer text even here: a letter beyond ASCII loses its marks, no code page is selected', () => {
    const d = read(raster('58'), { type: 'big', text: 'SỐ 5' });
    expect(d.bitmaps).toEqual([]);
    expect(d.pages).toEqual([]);
    expect(d.lines).toEqual([{ text: 'SO 5', bold: true, size: 7 }]);
  });

  it('faces handed to the TCVN-3 profile are not used: text, two columns and signatures go through the code pages', () => {
    const blocks: Block[] = [
      { type: 'text', text: 'Hồ sơ' },
      { type: 'columns', left: 'Quầy 2', right: '08:15' },
      { type: 'signatures', slots: [{ title: 'KẾ TOÁN' }, { title: 'THỦ QUỸ' }], space: 0 },
    ];
    const d = read({ paper: '58', profile: 'tcvn3', fonts }, ...blocks);
    expect(d.bitmaps).toEqual([]);
    expect(d.lines.map((l) => l.text)).toEqual(['Hồ sơ', `Quầy 2${' '.repeat(21)}08:15`, `    KẾ TOÁN${' '.repeat(9)}THỦ QUỸ`]);
  });
});

describe('two texts on a line share the paper in halves', () => {
  for (const paper of ['58', '80'] as const) {
    it(`${paper} mm: both fit their half, so one image: the left text at the left edge, the right one at the right edge of ${PAPER_DOTS[paper]} dots`, () => {
      const want = halvesImage('Quầy 2', '08:15', { paper, bold: false, align: ['left', 'right'] });
      const d = read(raster(paper), { type: 'columns', left: 'Quầy 2', right: '08:15' });
      expect(d.bitmaps).toEqual([want]);
      expect(d.commands).toEqual([...START, ...IMG(want)]);
    });
  }

  it('two lines of ASCII stay printer text, set to the edges of the line', () => {
    const d = read(raster('58'), { type: 'columns', left: 'Quay 2', right: '08:15' });
    expect(d.bitmaps).toEqual([]);
    expect(d.lines).toEqual([{ text: `Quay 2${' '.repeat(21)}08:15`, bold: false, size: 1 }]);
  });

  it('a left text wider than its half: the left one across the paper, then the right one at the right edge, both in the regular face', () => {
    const left = 'Phí, lệ phí: 10.000 đồng';
    const right = 'đã thu';
    expect(width(left)).toBeGreaterThan(HALF['58']);
    expect(width(right)).toBeLessThanOrEqual(HALF['58']);
    const want = [textImage(left, { paper: '58' }), textImage(right, { paper: '58', align: 'right' })];
    const d = read(raster('58'), { type: 'columns', left, right });
    expect(d.bitmaps).toEqual(want);
    expect(d.commands).toEqual([...START, ...want.flatMap(IMG)]);
  });

  it('the room of each half is half the paper less 8 dots: a text of 193 dots on 58 mm does not go side by side', () => {
    const left = 'Ngày 23/11/2026';
    expect(width(left)).toBeGreaterThan(HALF['58']);
    expect(width(left)).toBeLessThan(HALF['58'] + 16);
    const d = read(raster('58'), { type: 'columns', left, right: 'Quầy 2' });
    expect(d.bitmaps).toEqual([textImage(left, { paper: '58' }), textImage('Quầy 2', { paper: '58', align: 'right' })]);
  });

  it('the texts are measured in the regular face they print in: a text only the bold face would overflow stays side by side', () => {
    const name = 'Nguyễn Thị Lan';
    expect(width(name)).toBeLessThanOrEqual(HALF['58']);
    expect(width(name, true)).toBeGreaterThan(HALF['58']);
    expect(read(raster('58'), { type: 'columns', left: name, right: 'Quầy 2' }).bitmaps).toEqual([halvesImage(name, 'Quầy 2', { paper: '58', bold: false, align: ['left', 'right'] })]);
    expect(read(raster('58'), { type: 'columns', left: 'Quầy 2', right: name }).bitmaps).toEqual([halvesImage('Quầy 2', name, { paper: '58', bold: false, align: ['left', 'right'] })]);
  });

  it("the help summary: a kind of help too long for half the paper keeps its count, printed at the line's right edge", () => {
    // the centre's report counts each kind of help given without a dossier (src/app/print/documents.ts)
    const vneid = loadDomainData().helpServices.find((h) => h.code === 'vneid')?.name.vi as string;
    expect(vneid).toBe('Kích hoạt tài khoản định danh điện tử (VNeID)');
    expect(width(vneid)).toBeGreaterThan(HALF['58']);
    const want = textImage(vneid, { paper: '58' });
    const d = read(raster('58'), { type: 'columns', left: vneid, right: '12' });
    expect(d.bitmaps).toEqual([want]);
    expect(d.commands).toEqual([...START, ...IMG(want), 'ESC E 0', 'GS ! 0', `text ${alignLine('12', 32, 'right')}`, 'LF']);
  });

  it('stacked with an ASCII text on the left: that one is printer text from the left, the Vietnamese one an image at the right edge', () => {
    const right = 'Chuẩn hóa thông tin thuê bao di động';
    const want = textImage(right, { paper: '58', align: 'right' });
    const d = read(raster('58'), { type: 'columns', left: 'Total', right });
    expect(d.bitmaps).toEqual([want]);
    expect(d.commands).toEqual([...START, 'ESC E 0', 'GS ! 0', 'text Total', 'LF', ...IMG(want)]);
  });
});

describe('a QR code for a printer without the QR command', () => {
  const data = '000.00.20.H26-261123-0001';
  it('58 mm: an image of modules of 4 dots across 384 dots, the Vietnamese caption an image centred under it', () => {
    const qr = asPrinted(qrBitmap(data, 384, 4));
    const caption = textImage('Tra cứu hồ sơ', { paper: '58', align: 'center' });
    const d = read(raster('58', { nativeQr: false }), { type: 'qr', data, caption: 'Tra cứu hồ sơ' });
    expect(d.qr).toEqual([]);
    expect(d.bitmaps).toEqual([qr, caption]);
    expect(d.commands).toEqual([...START, ...IMG(qr), ...IMG(caption)]);
  });

  it('80 mm: modules of 6 dots across 576 dots; an ASCII caption is printer text, centred', () => {
    const qr = asPrinted(qrBitmap(data, 576, 6));
    const d = read(raster('80', { nativeQr: false }), { type: 'qr', data, caption: 'dichvucong.gov.vn' });
    expect(d.bitmaps).toEqual([qr]);
    expect(d.commands).toEqual([...START, ...IMG(qr), `text ${alignLine('dichvucong.gov.vn', 48, 'center')}`, 'LF']);
  });

  it('in the TCVN-3 profile too the image has the paper’s module size: 4 dots on 58 mm', () => {
    const d = read({ paper: '58', profile: 'tcvn3', nativeQr: false }, { type: 'qr', data });
    expect(d.bitmaps).toEqual([asPrinted(qrBitmap(data, 384, 4))]);
  });
});
