// The thermal layout line by line, at the two papers a citizen takes home: 32 columns (58 mm) and 48
// (80 mm). Exact lines, not only "it fits": where a dossier code breaks, how a label's value hangs
// under it, what stands right and centred, when two texts share a line, how signature places sit
// side by side or one under the other, and what the screen's text preview shows for a whole ticket
// (rules, the big number, the barcode, the QR, the cut).
import { describe, expect, it } from 'vitest';
import { ticketDocument } from '../../src/app/print/documents.js';
import { alignLine, blockLines, columnLines, documentText, signatureLines, splitWord, wrap, type PrintDocument, type TextLine } from '../../src/core/print/layout.js';
import { translator } from '../../src/i18n/index.js';

const t = translator('vi');
const sp = (n: number) => ' '.repeat(n);
const bold = (text: string): TextLine => ({ text, bold: true, size: 1 });
const plain = (text: string): TextLine => ({ text, bold: false, size: 1 });
const cols = (s: string) => [...s].length;

describe('a word longer than the line', () => {
  it('a dossier code breaks after its last dash that keeps the head within the room, not by letters', () => {
    expect(splitWord('000.00.20.H26-261123-0001', 16)).toEqual(['000.00.20.H26-', '261123-0001']);
    expect(splitWord('000.00.20.H26-261123-0001', 12)).toEqual(['000.00.20.', 'H26-261123-0001']);
  });

  it('a break leaving a head of a third of the line is taken; a shorter head is not worth it: cut by letters', () => {
    // room 9: a third is 3 columns, "HN-" is 3
    expect(splitWord('HN-2611230001234', 9)).toEqual(['HN-', '2611230001234']);
    // room 12: a third is 4 columns, "HN-" is 3: the head takes the whole room
    expect(splitWord('HN-2611230001234', 12)).toEqual(['HN-261123000', '1234']);
  });

  it('with no break character it is cut by letters at the room', () => {
    expect(splitWord('0912345678901234', 10)).toEqual(['0912345678', '901234']);
  });

  it('in running text the long code goes to its own lines, broken between its parts', () => {
    expect(wrap('Tra cứu: dichvucong.hanoi.gov.vn/tra-cuu/000.00.20.H26-261123-0001', 32)).toEqual([
      'Tra cứu:',
      'dichvucong.hanoi.gov.vn/tra-cuu/',
      '000.00.20.H26-261123-0001',
    ]);
  });
});

describe('a label and its value', () => {
  const ADDRESS = 'Số 12, ngõ 345 đường Nguyễn Văn Cừ, tổ dân phố Đồi Dùng Thượng, xã Minh Châu, thành phố Hà Nội';

  it('at 58 mm the value hangs two columns in under the label, in plain (not bold) type', () => {
    const lines = blockLines({ type: 'pair', label: 'Địa chỉ', value: ADDRESS }, 32);
    expect(lines).toEqual([
      plain('Địa chỉ: Số 12, ngõ 345 đường'),
      plain('  Nguyễn Văn Cừ, tổ dân phố Đồi'),
      plain('  Dùng Thượng, xã Minh Châu,'),
      plain('  thành phố Hà Nội'),
    ]);
  });

  it('at 80 mm the same, on fewer lines', () => {
    expect(blockLines({ type: 'pair', label: 'Địa chỉ', value: ADDRESS }, 48)?.map((l) => l.text)).toEqual([
      'Địa chỉ: Số 12, ngõ 345 đường Nguyễn Văn Cừ, tổ',
      '  dân phố Đồi Dùng Thượng, xã Minh Châu, thành',
      '  phố Hà Nội',
    ]);
  });
});

describe('alignment', () => {
  it('right puts the text against the right edge, centre splits the room (the odd column on the right)', () => {
    expect(alignLine('A012', 10, 'right')).toBe(`${sp(6)}A012`);
    expect(alignLine('A012', 11, 'center')).toBe(`${sp(3)}A012`);
    expect(alignLine('Hộ tịch', 32, 'center')).toBe(`${sp(12)}Hộ tịch`);
    expect(alignLine('Hộ tịch', 32)).toBe('Hộ tịch');
  });

  it('a line as wide as the paper, or wider, is left as it is', () => {
    const full = 'Xin mời Ông/Bà ngồi chờ số thứ.';
    expect(cols(full)).toBe(31);
    expect(alignLine(full, 31, 'center')).toBe(full);
    expect(alignLine(full, 31, 'right')).toBe(full);
    expect(alignLine(full, 20, 'center')).toBe(full);
    expect(alignLine(full, 20, 'right')).toBe(full);
  });
});

describe('two texts on one line', () => {
  it('the date left and the time right, the room between them filled', () => {
    expect(columnLines('23/11/2026', '08:15', 32)).toEqual([`23/11/2026${sp(17)}08:15`]);
    expect(columnLines('23/11/2026', '08:15', 48)).toEqual([`23/11/2026${sp(33)}08:15`]);
  });

  it('texts that fill the line exactly with one space between stay on one line', () => {
    expect(cols('Đăng ký khai sinh, khai tử')).toBe(26);
    expect(columnLines('Đăng ký khai sinh, khai tử', '08:15', 32)).toEqual(['Đăng ký khai sinh, khai tử 08:15']);
  });

  it('one column too many: the left text, then the right one set to the right edge', () => {
    expect(columnLines('Đăng ký khai sinh, khai tử, kết', '12', 32)).toEqual(['Đăng ký khai sinh, khai tử, kết', `${sp(30)}12`]);
    expect(blockLines({ type: 'columns', left: 'Chứng thực bản sao từ bản chính', right: '1.234.000 đ' }, 32)).toEqual([
      plain('Chứng thực bản sao từ bản chính'),
      plain(`${sp(21)}1.234.000 đ`),
    ]);
  });
});

describe('signature places', () => {
  it('at 58 mm the citizen and the officer sign side by side when each title fits its half', () => {
    // each half is 16 columns; a title may take 15 (one column apart from its neighbour)
    expect(signatureLines([{ title: 'NGƯỜI NỘP HỒ SƠ', name: null }, { title: 'NGƯỜI TIẾP NHẬN', name: 'Nguyễn Thị Lan' }], 3, 32)).toEqual([
      bold('NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN'),
      plain(''),
      plain(''),
      plain(''),
      bold(`${sp(17)}Nguyễn Thị Lan`),
    ]);
  });

  it('at 80 mm a hint under one title only: the hint row, the signing space, the names in bold', () => {
    expect(
      signatureLines([{ title: 'NGƯỜI NỘP HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: 'Công Tôn Nữ Giang' }, { title: 'NGƯỜI TIẾP NHẬN', name: 'Nguyễn Thị Lan' }], 2, 48),
    ).toEqual([
      bold(`${sp(4)}NGƯỜI NỘP HỒ SƠ${sp(9)}NGƯỜI TIẾP NHẬN`),
      plain(` (Ký và ghi rõ họ tên)`),
      plain(''),
      plain(''),
      bold(`${sp(3)}Công Tôn Nữ Giang${sp(9)}Nguyễn Thị Lan`),
    ]);
  });

  it('three places share the line: a third each, the last taking the columns left over', () => {
    // 32 columns: 10, 10 and 12
    expect(signatureLines([{ title: 'NGƯỜI NỘP' }, { title: 'CÁN BỘ' }, { title: 'LÃNH ĐẠO' }], 0, 32)).toEqual([bold(`NGƯỜI NỘP${sp(3)}CÁN BỘ${sp(4)}LÃNH ĐẠO`)]);
  });

  it('a title one column too wide for its half: one place under the other, each centred, a blank line between', () => {
    expect(cols('CÁN BỘ TIẾP NHẬN')).toBe(16);
    expect(signatureLines([{ title: 'NGƯỜI NỘP HỒ SƠ', name: null }, { title: 'CÁN BỘ TIẾP NHẬN', name: 'Nguyễn Thị Lan' }], 2, 32)).toEqual([
      bold(`${sp(8)}NGƯỜI NỘP HỒ SƠ`),
      plain(''),
      plain(''),
      plain(''),
      bold(`${sp(8)}CÁN BỘ TIẾP NHẬN`),
      plain(''),
      plain(''),
      bold(`${sp(9)}Nguyễn Thị Lan`),
    ]);
  });

  it('stacked, a hint too wide for a half goes under its title, centred', () => {
    expect(signatureLines([{ title: 'NGƯỜI NỘP', hint: '(Ký và ghi rõ họ tên)', name: null }, { title: 'CÁN BỘ', name: 'Nguyễn Thị Lan' }], 1, 32)).toEqual([
      bold(`${sp(11)}NGƯỜI NỘP`),
      plain(`${sp(5)}(Ký và ghi rõ họ tên)`),
      plain(''),
      plain(''),
      bold(`${sp(13)}CÁN BỘ`),
      plain(''),
      bold(`${sp(9)}Nguyễn Thị Lan`),
    ]);
  });

  it('one place (the register keeper) is centred on the whole line with its signing space', () => {
    expect(signatureLines([{ title: 'NGƯỜI GIỮ SỔ', hint: '(Ký và ghi rõ họ tên)', name: null }], 1, 32)).toEqual([
      bold(`${sp(10)}NGƯỜI GIỮ SỔ`),
      plain(`${sp(5)}(Ký và ghi rõ họ tên)`),
      plain(''),
    ]);
  });

  it('a form with no signature places prints nothing for them, not a blank signing space', () => {
    expect(signatureLines([], 3, 32)).toEqual([]);
    expect(blockLines({ type: 'signatures', slots: [], space: 3 }, 48)).toEqual([]);
  });
});

describe('a text block', () => {
  it('a table heading exactly as wide as the paper keeps its leading spaces over its columns', () => {
    const heading = `${sp(11)}Nhận  Đã trả  Quá hạn`;
    expect(cols(heading)).toBe(32);
    expect(blockLines({ type: 'text', text: heading }, 32)).toEqual([plain(heading)]);
  });

  it('a rule is a line of dashes the width of the paper; a feed is that many empty lines', () => {
    expect(blockLines({ type: 'rule' }, 32)).toEqual([plain('-'.repeat(32))]);
    expect(blockLines({ type: 'feed', lines: 2 }, 48)).toEqual([plain(''), plain('')]);
    expect(blockLines({ type: 'big', text: 'A012' }, 32)).toBeUndefined();
    expect(blockLines({ type: 'cut' }, 32)).toBeUndefined();
  });
});

describe('the text preview of a whole document', () => {
  const ticket = ticketDocument(
    t,
    'UBND xã Minh Châu',
    { label: 'A012', group: 'Hộ tịch', priority: 'Người cao tuổi', ahead: 3, wait: '24 phút', issuedAt: new Date(2026, 10, 23, 8, 15).getTime() },
    undefined,
  );

  it('a queue ticket at 58 mm, line by line', () => {
    expect(documentText(ticket, 32)).toEqual([
      `${sp(7)}UBND XÃ MINH CHÂU`,
      '-'.repeat(32),
      `${sp(11)}SỐ THỨ TỰ`,
      `${sp(14)}A012`,
      `${sp(12)}Hộ tịch`,
      `${sp(4)}Ưu tiên: Người cao tuổi`,
      `${sp(2)}Số người chờ trước: 3 – chờ`,
      `${sp(9)}khoảng 24 phút`,
      '-'.repeat(32),
      `23/11/2026${sp(17)}08:15`,
      'Xin mời Ông/Bà ngồi chờ. Số thứ',
      ' tự sẽ được gọi qua loa và hiện',
      `${sp(9)}trên màn hình.`,
      `${sp(7)}|| A012.261123 ||`,
      `✂${'-'.repeat(31)}`,
    ]);
  });

  it('the same ticket at 80 mm', () => {
    expect(documentText(ticket, 48)).toEqual([
      `${sp(15)}UBND XÃ MINH CHÂU`,
      '-'.repeat(48),
      `${sp(19)}SỐ THỨ TỰ`,
      `${sp(22)}A012`,
      `${sp(20)}Hộ tịch`,
      `${sp(12)}Ưu tiên: Người cao tuổi`,
      `${sp(3)}Số người chờ trước: 3 – chờ khoảng 24 phút`,
      '-'.repeat(48),
      `23/11/2026${sp(33)}08:15`,
      ' Xin mời Ông/Bà ngồi chờ. Số thứ tự sẽ được gọi',
      `${sp(9)}qua loa và hiện trên màn hình.`,
      `${sp(15)}|| A012.261123 ||`,
      `✂${'-'.repeat(47)}`,
    ]);
  });

  const qrDoc = (data: string, caption?: string): PrintDocument => ({ kind: 'slip', ref: null, title: 'QR', blocks: [{ type: 'qr', data, ...(caption ? { caption } : {}) }, { type: 'feed', lines: 1 }] });

  it('a QR stands as its data in brackets, whole while it fits the line with a column to spare', () => {
    const data = 'https://dvc.hanoi.gov.vn/tc'; // 27 columns: "[QR " + data + "]" is 32
    expect(cols(data)).toBe(27);
    expect(documentText(qrDoc(data.slice(0, 26), 'Quét để tra cứu hồ sơ'), 32)).toEqual([`[QR ${data.slice(0, 26)}]`, `${sp(5)}Quét để tra cứu hồ sơ`, '']);
  });

  it('longer data is cut with an ellipsis so the bracket still fits', () => {
    const vietqr = '00020101021238570010A000000727012700069704180113012345678900208QRIBFTTA53037045405120005802VN6304ABCD';
    expect(documentText(qrDoc(vietqr), 32)).toEqual([`[QR ${vietqr.slice(0, 25)}…]`, '']);
    expect(documentText(qrDoc(vietqr), 48)).toEqual([`[QR ${vietqr.slice(0, 41)}…]`, '']);
    expect(documentText(qrDoc('https://dvc.hanoi.gov.vn/tc'), 32)).toEqual(['[QR https://dvc.hanoi.gov.vn/…]', '']);
  });
});
