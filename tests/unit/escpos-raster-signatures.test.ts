// Signature places on a raster printer, read back dot by dot: side by side (each text centred in its
// half, titles and names bold) when every title, hint and name fits its half of the paper less 8
// dots, measured in the face it prints in; else one under the other across the paper, each text
// centred, an ASCII one as printer text. The signing space is blank lines between hint and name.
import { describe, expect, it } from 'vitest';
import { PAPER_DOTS, renderEscPos } from '../../src/core/print/escpos.js';
import { alignLine, type SignatureSlot } from '../../src/core/print/layout.js';
import { measure, type FontFace } from '../../src/core/print/raster.js';
import { decodeEscPos, type DecodedImage } from '../helpers/escpos-decode.js';
import { halvesImage, shippedFaces, SLIP_PX, textImage } from '../helpers/raster-faces.js';

const fonts = shippedFaces();
const sign = (paper: '58' | '80', slots: SignatureSlot[], space: number) =>
  decodeEscPos(renderEscPos({ kind: 'form', ref: null, title: 'signatures', blocks: [{ type: 'signatures', slots, space }] }, { paper, profile: 'raster', fonts }));
const START = ['ESC @', 'ESC M 0'];
const IMG = (im: DecodedImage) => ['ESC 3 24', `image ${im.width}x${im.height}`, 'ESC 2', 'LF'];
const LF = (n: number) => Array.from({ length: n }, () => 'LF');
const width = (text: string, bold: boolean) => measure(bold ? fonts.bold : fonts.regular, text, SLIP_PX);
const HALF = { '58': PAPER_DOTS['58'] / 2 - 8, '80': PAPER_DOTS['80'] / 2 - 8 };
const centred = { center: ['center', 'center'] as ['center', 'center'] };
const titles = (a: string, b: string, paper: '58' | '80') => halvesImage(a, b, { paper, bold: true, align: centred.center });
const hints = (a: string, b: string, paper: '58' | '80') => halvesImage(a, b, { paper, bold: false, align: centred.center });
const names = titles;

describe('side by side', () => {
  it('58 mm: the titles in bold, the hints, the signing space, the names in bold, each centred in its half', () => {
    const slots = [
      { title: 'KẾ TOÁN', hint: '(Ký, họ tên)', name: 'Trần Văn An' },
      { title: 'THỦ QUỸ', hint: '(Ký, họ tên)', name: 'Lê Văn Bình' },
    ];
    const want = [titles('KẾ TOÁN', 'THỦ QUỸ', '58'), hints('(Ký, họ tên)', '(Ký, họ tên)', '58'), names('Trần Văn An', 'Lê Văn Bình', '58')] as const;
    const d = sign('58', slots, 3);
    expect(d.bitmaps).toEqual(want);
    expect(d.commands).toEqual([...START, ...IMG(want[0]), ...IMG(want[1]), ...LF(3), ...IMG(want[2])]);
  });

  it('80 mm: halves of 288 dots; the receiving officer’s title fits there', () => {
    const slots = [
      { title: 'NGƯỜI NỘP HỒ SƠ', name: 'Trần Văn An' },
      { title: 'NGƯỜI NHẬN', name: 'Nguyễn Thị Lan' },
    ];
    const want = [titles('NGƯỜI NỘP HỒ SƠ', 'NGƯỜI NHẬN', '80'), names('Trần Văn An', 'Nguyễn Thị Lan', '80')] as const;
    const d = sign('80', slots, 2);
    expect(d.bitmaps).toEqual(want);
    expect(d.commands).toEqual([...START, ...IMG(want[0]), ...LF(2), ...IMG(want[1])]);
  });

  it('places without hints or names: only the titles, then the signing space, nothing drawn for what is missing', () => {
    const d = sign('58', [{ title: 'KẾ TOÁN' }, { title: 'THỦ QUỸ' }], 3);
    const want = titles('KẾ TOÁN', 'THỦ QUỸ', '58');
    expect(d.bitmaps).toEqual([want]);
    expect(d.commands).toEqual([...START, ...IMG(want), ...LF(3)]);
  });

  it('a place with no hint or no name leaves its half of that line blank', () => {
    const a = sign('58', [{ title: 'KẾ TOÁN', hint: '(Ký, họ tên)' }, { title: 'THỦ QUỸ', name: 'Lê Văn Bình' }], 1);
    expect(a.bitmaps).toEqual([titles('KẾ TOÁN', 'THỦ QUỸ', '58'), hints('(Ký, họ tên)', '', '58'), names('', 'Lê Văn Bình', '58')]);
    const b = sign('58', [{ title: 'KẾ TOÁN', name: 'Trần Văn An' }, { title: 'THỦ QUỸ', hint: '(Ký, họ tên)' }], 1);
    expect(b.bitmaps).toEqual([titles('KẾ TOÁN', 'THỦ QUỸ', '58'), hints('', '(Ký, họ tên)', '58'), names('Trần Văn An', '', '58')]);
  });

  it('drawn when any text has a letter beyond ASCII: only a hint, only a name, or only one place', () => {
    expect(sign('58', [{ title: 'KE TOAN', hint: '(Ký)' }, { title: 'THU QUY', hint: '(Ký)' }], 0).bitmaps).toEqual([titles('KE TOAN', 'THU QUY', '58'), hints('(Ký)', '(Ký)', '58')]);
    expect(sign('58', [{ title: 'KE TOAN', name: 'Trần Văn An' }, { title: 'THU QUY' }], 0).bitmaps).toEqual([titles('KE TOAN', 'THU QUY', '58'), names('Trần Văn An', '', '58')]);
    expect(sign('58', [{ title: 'KE TOAN' }, { title: 'THỦ QUỸ' }], 0).bitmaps).toEqual([titles('KE TOAN', 'THỦ QUỸ', '58')]);
  });

  it('all in ASCII: printer text, side by side in the two halves of the line, titles bold', () => {
    const d = sign('58', [{ title: 'KE TOAN' }, { title: 'THU QUY' }], 1);
    expect(d.bitmaps).toEqual([]);
    expect(d.commands).toEqual([...START, 'ESC E 1', 'GS ! 0', `text     KE TOAN${' '.repeat(9)}THU QUY`, 'LF', 'ESC E 0', 'GS ! 0', 'LF']);
  });
});

describe('one under the other when a text does not fit its half', () => {
  it('58 mm: each place across the paper, centred: a Vietnamese text as an image, an ASCII one as printer text; a blank line between the places', () => {
    const slots = [
      { title: 'NGƯỜI NỘP HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: 'Công Tôn Nữ Thị Thanh Hương Giang' },
      { title: 'CAN BO', hint: '(Ky ten)', name: 'Tran Van An' },
    ];
    const a = [
      textImage('NGƯỜI NỘP HỒ SƠ', { paper: '58', bold: true, align: 'center' }),
      textImage('(Ký và ghi rõ họ tên)', { paper: '58', align: 'center' }),
      textImage('Công Tôn Nữ Thị Thanh Hương Giang', { paper: '58', bold: true, align: 'center' }),
    ] as const;
    expect(a[2].height).toBeGreaterThan(48); // the long name takes two lines
    const d = sign('58', slots, 2);
    expect(d.bitmaps).toEqual(a);
    const c = (s: string) => `text ${alignLine(s, 32, 'center')}`;
    expect(d.commands).toEqual([
      ...START,
      ...IMG(a[0]), ...IMG(a[1]), ...LF(2), ...IMG(a[2]),
      'LF',
      'ESC E 1', 'GS ! 0', c('CAN BO'), 'LF', 'ESC E 0', 'GS ! 0',
      'ESC E 0', 'GS ! 0', c('(Ky ten)'), 'LF',
      ...LF(2),
      'ESC E 1', 'GS ! 0', c('Tran Van An'), 'LF', 'ESC E 0', 'GS ! 0',
    ]);
  });

  it('the room is half the paper less 8 dots: a bold name of 193 dots on 58 mm, or of 285 on 80 mm, stacks', () => {
    for (const [paper, name] of [['58', 'Lê Thị Ngọc Ánh'], ['80', 'Hoàng Thị Minh Nguyệt']] as const) {
      expect(width(name, true)).toBeGreaterThan(HALF[paper]);
      expect(width(name, true)).toBeLessThan(HALF[paper] + 16);
      const d = sign(paper, [{ title: 'KẾ TOÁN', name }, { title: 'THỦ QUỸ' }], 0);
      expect(d.bitmaps).toEqual([textImage('KẾ TOÁN', { paper, bold: true, align: 'center' }), textImage(name, { paper, bold: true, align: 'center' }), textImage('THỦ QUỸ', { paper, bold: true, align: 'center' })]);
    }
  });

  it('titles and names are measured in bold, hints in the regular face: each as it prints', () => {
    const img = (text: string, bold: boolean) => textImage(text, { paper: '58', bold, align: 'center' });
    // a title only the regular face fits in the half: it prints bold, so the places stack
    expect([width('Nguyễn Thị Lan', false) <= HALF['58'], width('Nguyễn Thị Lan', true) > HALF['58']]).toEqual([true, true]);
    expect(sign('58', [{ title: 'Nguyễn Thị Lan', hint: '(Ký)' }, { title: 'THỦ QUỸ' }], 0).bitmaps).toEqual([img('Nguyễn Thị Lan', true), img('(Ký)', false), img('THỦ QUỸ', true)]);
    // the same for a name
    expect(sign('58', [{ title: 'KẾ TOÁN', name: 'Nguyễn Thị Lan' }, { title: 'THỦ QUỸ' }], 0).bitmaps).toEqual([img('KẾ TOÁN', true), img('Nguyễn Thị Lan', true), img('THỦ QUỸ', true)]);
    // a hint the regular face fits stays side by side, though the bold face would not fit it
    const hint = '(Ký, ghi ngày ký)';
    expect([width(hint, false) <= HALF['58'], width(hint, true) > HALF['58']]).toEqual([true, true]);
    const d = sign('58', [{ title: 'KẾ TOÁN', hint }, { title: 'THỦ QUỸ', hint }], 0);
    expect(d.bitmaps).toEqual([titles('KẾ TOÁN', 'THỦ QUỸ', '58'), hints(hint, hint, '58')]);
  });

  it('one place too wide is enough to stack both; a wide hint alone too', () => {
    const both = sign('58', [{ title: 'KẾ TOÁN', hint: '(Ký và ghi rõ họ tên)' }, { title: 'THỦ QUỸ' }], 0);
    expect(both.bitmaps).toEqual([
      textImage('KẾ TOÁN', { paper: '58', bold: true, align: 'center' }),
      textImage('(Ký và ghi rõ họ tên)', { paper: '58', align: 'center' }),
      textImage('THỦ QUỸ', { paper: '58', bold: true, align: 'center' }),
    ]);
  });
});

describe('a text exactly as wide as its room', () => {
  /** A face of square letters 46 dots apart at the slip's size (24 units to the em, so a unit is a dot). */
  const squares: FontFace = {
    unitsPerEm: 24,
    ascent: 20,
    descent: -4,
    layout: (text: string) => {
      const n = [...text].length;
      const square = { commands: [{ command: 'moveTo' as const, args: [2, 0] }, { command: 'lineTo' as const, args: [20, 0] }, { command: 'lineTo' as const, args: [20, 18] }, { command: 'lineTo' as const, args: [2, 18] }, { command: 'closePath' as const, args: [] }] };
      return { glyphs: Array.from({ length: n }, () => ({ path: square })), positions: Array.from({ length: n }, () => ({ xAdvance: 46, xOffset: 0, yOffset: 0 })) };
    },
  };

  it('fits: four letters of 46 dots, 184 in all, go side by side on 58 mm (half the paper less 8 dots)', () => {
    expect(measure(squares, 'ĐĐĐĐ', SLIP_PX)).toBe(HALF['58']);
    const d = decodeEscPos(renderEscPos({ kind: 'form', ref: null, title: 's', blocks: [{ type: 'signatures', slots: [{ title: 'ĐĐĐĐ' }, { title: 'ĐĐ' }], space: 0 }] }, { paper: '58', profile: 'raster', fonts: { regular: squares, bold: squares } }));
    expect(d.commands).toEqual([...START, 'ESC 3 24', 'image 384x24', 'ESC 2', 'LF']);
  });
});
