// The one-stop forms on thermal paper (formBlocks), as the citizen takes them home: a small receipt
// slip of real shape rendered to ESC/POS at 58 and 80 mm in the TCVN-3 profile and decoded back as
// the printer reads it. The heading in its faces (the unit, the country and the title bold), the
// table of papers as numbered records "1. name; Bản chính: 1" with the empty and "–" cells left
// out, a bold centred paragraph kept bold and centred, the lines wrapped within the paper.
import { describe, expect, it } from 'vitest';
import { renderEscPos } from '../../src/core/print/escpos.js';
import { formBlocks, type FormDoc } from '../../src/core/print/form.js';
import { PAPER_COLUMNS } from '../../src/core/print/layout.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';

const slip: FormDoc = {
  form: 'receipt',
  orientation: 'portrait',
  parent: 'Ubnd xã Minh Châu',
  unit: 'Trung tâm phục vụ hành chính công',
  national: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  dateLine: 'Minh Châu, ngày 23 tháng 11 năm 2026',
  title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  subtitle: ['Mã hồ sơ: H01.23-261123-0001'],
  code: 'H01.23-261123-0001',
  body: [
    { type: 'field', label: 'Tiếp nhận hồ sơ của', value: 'Bà Công Tôn Nữ Thị Thanh Hương Giang' },
    { type: 'para', text: '1. Thành phần hồ sơ nộp gồm:', bold: true, align: 'center' },
    {
      type: 'table',
      columns: [
        { title: 'STT', share: 0.07 },
        { title: 'Tên loại giấy tờ', share: 0.51 },
        { title: 'Bản chính', share: 0.1 },
        { title: 'Bản sao', share: 0.13 },
        { title: 'Số lượng', share: 0.1 },
      ],
      rows: [
        ['1', 'Tờ khai đăng ký khai sinh', '1', '–', ''],
        ['2', 'Giấy chứng sinh', '', '1', '2'],
      ],
    },
    { type: 'para', text: 'Lý do: thiếu giấy tờ' },
  ],
  signatures: [{ title: 'NGƯỜI NỘP HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: 'Công Tôn Nữ Thị Thanh Hương Giang' }],
  closing: [],
  continued: 'Mã hồ sơ: H01.23-261123-0001 (tiếp theo)',
  pageLabel: 'Trang {n}',
};

const printed = (doc: FormDoc, paper: '58' | '80') => decodeEscPos(renderEscPos(formBlocks(doc, 'form', 'Giấy tiếp nhận'), { paper, profile: 'tcvn3' }));

// [text, bold] of each printed line, up to the rule before the signatures
const B = true;
const R = false;
const want: Record<'58' | '80', [string, boolean][]> = {
  '58': [
    ['       UBND XÃ MINH CHÂU', R],
    ['  TRUNG TÂM PHỤC VỤ HÀNH CHÍNH', B],
    ['              CÔNG', B],
    [' CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT', B],
    ['              NAM', B],
    ['  Độc lập - Tự do - Hạnh phúc', R],
    ['-'.repeat(32), R],
    [' Minh Châu, ngày 23 tháng 11 năm', R],
    ['                            2026', R],
    ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ', B],
    ['            KẾT QUẢ', B],
    ['  Mã hồ sơ: H01.23-261123-0001', R],
    ['', R],
    ['Tiếp nhận hồ sơ của: Bà Công Tôn', R],
    ['  Nữ Thị Thanh Hương Giang', R],
    ['  1. Thành phần hồ sơ nộp gồm:', B],
    ['1. Tờ khai đăng ký khai sinh;', R],
    ['Bản chính: 1', R],
    ['2. Giấy chứng sinh; Bản sao: 1;', R],
    ['Số lượng: 2', R],
    ['Lý do: thiếu giấy tờ', R],
    ['-'.repeat(32), R],
  ],
  '80': [
    ['               UBND XÃ MINH CHÂU', R],
    ['       TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG', B],
    ['       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', B],
    ['          Độc lập - Tự do - Hạnh phúc', R],
    ['-'.repeat(48), R],
    ['            Minh Châu, ngày 23 tháng 11 năm 2026', R],
    ['    GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', B],
    ['          Mã hồ sơ: H01.23-261123-0001', R],
    ['', R],
    ['Tiếp nhận hồ sơ của: Bà Công Tôn Nữ Thị Thanh', R],
    ['  Hương Giang', R],
    ['          1. Thành phần hồ sơ nộp gồm:', B],
    ['1. Tờ khai đăng ký khai sinh; Bản chính: 1', R],
    ['2. Giấy chứng sinh; Bản sao: 1; Số lượng: 2', R],
    ['Lý do: thiếu giấy tờ', R],
    ['-'.repeat(48), R],
  ],
};

describe('a receipt slip on thermal paper, decoded back', () => {
  for (const paper of ['58', '80'] as const) {
    it(`${paper} mm: the heading in capitals and its faces, the date to the right, each paper a numbered record, exact lines`, () => {
      const d = printed(slip, paper);
      const head = d.lines.slice(0, want[paper].length).map((l) => [l.text, l.bold]);
      expect(head).toEqual(want[paper]);
      for (const l of d.lines) expect([...l.text].length).toBeLessThanOrEqual(PAPER_COLUMNS[paper]);
      expect(d.qr).toEqual(['H01.23-261123-0001']);
      expect(d.cuts).toBe(1);
    });
  }

  it('a form with no date line prints none, and a paragraph with no face or alignment prints regular, from the left', () => {
    const d = printed({ ...slip, dateLine: null, body: [{ type: 'para', text: 'Xin thông báo để Bà được biết.' }] }, '80');
    expect(d.lines.some((l) => l.text.includes('ngày 23 tháng 11'))).toBe(false);
    expect(d.lines.find((l) => l.text.includes('Xin thông báo'))).toEqual({ text: 'Xin thông báo để Bà được biết.', bold: false, size: 1 });
  });

  it('a row whose papers all are "–" or empty is its number and name alone', () => {
    const table = slip.body[2] as Extract<FormDoc['body'][number], { type: 'table' }>;
    const d = printed({ ...slip, body: [{ ...table, rows: [['3', 'Sổ hộ khẩu', '–', '', '–']] }] }, '80');
    expect(d.lines.filter((l) => l.text.startsWith('3.')).map((l) => l.text)).toEqual(['3. Sổ hộ khẩu']);
  });

  it('a row shorter or longer than its columns loses no value and invents no text', () => {
    const table = slip.body[2] as Extract<FormDoc['body'][number], { type: 'table' }>;
    const d = printed({ ...slip, body: [{ ...table, rows: [['3'], ['4', 'Sổ hộ khẩu', '1', '', '', 'ghi chú']] }] }, '80');
    expect(d.lines.filter((l) => /^[34]\./.test(l.text)).map((l) => l.text.trimEnd())).toEqual(['3.', '4. Sổ hộ khẩu; Bản chính: 1; : ghi chú']);
  });
});
