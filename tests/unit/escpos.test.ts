// Golden tests of the ESC/POS bytes: decoded back as a printer reads them, the Vietnamese text,
// the code-page switches, the QR content and the cut come out as meant, on 58 and 80 mm paper.
import { describe, expect, it } from 'vitest';
import { testDocument, ticketDocument } from '../../src/app/print/documents.js';
import { formBlocks } from '../../src/core/print/form.js';
import { qrBitmap, renderEscPos } from '../../src/core/print/escpos.js';
import { qrMatrix } from '../../src/core/print/qr.js';
import { blockLines, type PrintDocument } from '../../src/core/print/layout.js';
import { translator } from '../../src/i18n/index.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';

const t = translator('vi');
const NAME = 'Nguyễn Thị Hường, xã Mỹ Đức';

const doc: PrintDocument = {
  kind: 'test',
  ref: null,
  title: 'test',
  blocks: [
    { type: 'text', text: NAME, bold: true },
    { type: 'text', text: 'ĐĂNG KÝ KHAI SINH', align: 'center' },
    { type: 'qr', data: '000.00.20.H26-261123-0001' },
    { type: 'barcode', data: 'A012' },
    { type: 'cut' },
  ],
};

describe('ESC/POS rendering', () => {
  it('Vietnamese survives the round trip through TCVN-3, with page switches only where needed', () => {
    const d = decodeEscPos(renderEscPos(doc, { paper: '80', profile: 'tcvn3' }));
    expect(d.unknown).toEqual([]);
    expect(d.lines[0]).toMatchObject({ text: NAME, bold: true });
    expect(d.lines[1]?.text.trim()).toBe('ĐĂNG KÝ KHAI SINH');
    expect(d.lines[1]?.text.startsWith(' '.repeat(15))).toBe(true); // centred on 48 columns
    // lower case (30) for the name, capitals (31) for Đ in "Đức", back for "ức", capitals for the title
    expect(d.pages).toEqual([30, 31, 30, 31]);
    expect(d.qr).toEqual(['000.00.20.H26-261123-0001']);
    expect(d.barcodes).toEqual(['A012']);
    expect(d.cuts).toBe(1);
  });

  it('ascii profile: no code page at all, diacritics removed', () => {
    const d = decodeEscPos(renderEscPos(doc, { paper: '58', profile: 'ascii' }));
    expect(d.pages).toEqual([]);
    expect(d.lines[0]?.text).toBe('Nguyen Thi Huong, xa My Duc');
    expect(d.unknown).toEqual([]);
  });

  it('wraps to the paper: 32 columns on 58 mm, 48 on 80 mm', () => {
    const long = { ...doc, blocks: [{ type: 'text' as const, text: 'Giấy tờ tùy thân (thẻ căn cước/căn cước công dân, hộ chiếu) – xuất trình' }] };
    for (const [paper, width] of [['58', 32], ['80', 48]] as const) {
      const lines = decodeEscPos(renderEscPos(long, { paper, profile: 'tcvn3' })).lines.map((l) => l.text);
      expect(lines.length).toBeGreaterThan(1);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
      expect(lines.join(' ')).toBe(long.blocks[0]?.text.replace('–', '-'));
    }
  });

  it('the ticket: its number as large as the paper takes, the group, the wait', () => {
    const ticket = ticketDocument(t, 'UBND xã Minh Châu', { label: 'A012', group: 'Hộ tịch', priority: 'Người cao tuổi', ahead: 3, wait: '24 phút', issuedAt: new Date(2026, 10, 23, 8, 15).getTime() }, undefined);
    for (const paper of ['58', '80'] as const) {
      const d = decodeEscPos(renderEscPos(ticket, { paper, profile: 'tcvn3' }));
      const big = d.lines.find((l) => l.text.includes('A012'));
      expect(big?.size).toBe(paper === '80' ? 8 : 7);
      expect(big && [...big.text].length * big.size).toBeLessThanOrEqual(paper === '80' ? 48 : 32);
      const all = d.lines.map((l) => l.text.trim()).join(' ');
      expect(all).toContain('Hộ tịch');
      expect(all).toContain('Số người chờ trước: 3 - chờ khoảng 24 phút'); // the dash in ASCII
      // An official paper for elderly villagers: "Ông/Bà", never the familiar "bạn".
      expect(all).toContain('SỐ THỨ TỰ');
      expect(all).toContain('Xin mời Ông/Bà ngồi chờ.');
      expect(all).not.toMatch(/\bbạn\b/i);
      expect(all).toContain('08:15');
      expect(d.unknown).toEqual([]);
    }
  });

  it('a form carries its code as text and QR, and the VietQR when paid by transfer', () => {
    const code = '000.00.20.H26-261123-0001';
    const pay = '00020101021238570010A000000727';
    const doc = formBlocks(
      {
        form: 'receipt', orientation: 'portrait', parent: 'UBND xã Minh Châu', unit: 'Trung tâm Phục vụ hành chính công xã', national: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
        dateLine: 'Minh Châu, ngày 23 tháng 11 năm 2026', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', subtitle: [`Mã hồ sơ: ${code}`], code,
        body: [{ type: 'field', label: 'Tiếp nhận hồ sơ của', value: 'Bà Nguyễn Thị Hường' }, { type: 'payqr', data: pay, caption: 'Quét để nộp phí' }],
        signatures: [{ title: 'NGƯỜI NỘP HỒ SƠ' }, { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ' }], closing: [], continued: '', pageLabel: 'Trang {n}',
      },
      'form',
      'slip',
    );
    const d = decodeEscPos(renderEscPos(doc, { paper: '80', profile: 'tcvn3' }));
    const text = d.lines.map((l) => l.text).join('\n');
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ');
    expect(text).toContain('Bà Nguyễn Thị Hường');
    expect(d.qr).toEqual([code, pay]);
    expect(d.cuts).toBe(1);
  });

  it('the test page prints every Vietnamese letter', () => {
    const d = decodeEscPos(renderEscPos(testDocument(t, 'quay-1', 'tcvn3'), { paper: '80', profile: 'tcvn3' }));
    const text = d.lines.map((l) => l.text).join('\n');
    expect(text).toContain('ỪỬỮỨỰ');
    expect(text).toContain('ờởỡớợ');
    expect(text).not.toContain('?');
  });

  it('for a model without the QR command, the QR goes as an image whose dots are the modules', () => {
    const d = decodeEscPos(renderEscPos(doc, { paper: '80', profile: 'tcvn3', nativeQr: false }));
    expect(d.qr).toEqual([]);
    expect(d.images).toBeGreaterThan(0);
    const data = '000.00.20.H26-261123-0001';
    const m = qrMatrix(data);
    const bm = qrBitmap(data, 576, 6);
    const side = (m.length + 8) * 6;
    const left = Math.floor((576 - side) / 2);
    for (let y = 0; y < m.length; y++) {
      for (let x = 0; x < m.length; x++) {
        const dot = bm.data[(24 + y * 6 + 3) * 576 + left + 24 + x * 6 + 3];
        expect(dot === 1).toBe(m[y]?.[x]);
      }
    }
    expect(bm.height % 8).toBe(0);
  });
});

describe('print events in the operator’s words', () => {
  it('a job that cannot print says why, not a message key', async () => {
    const { describeEvent } = await import('../../src/app/present.js');
    const job = { id: 1, printer: 'quay-1', kind: 'slip', ref: 'X', document: '{}', state: 'failed' as const, attempts: 1, nextAt: 0, reason: null, worker: null, createdAt: 0, updatedAt: 0 };
    expect(describeEvent(t, { kind: 'failed', job, reason: 'err.dossier.notFound', params: { code: 'X' } })).toBe('Không in được Giấy hẹn (in nhiệt) X: Không có hồ sơ mã X.');
    expect(describeEvent(t, { kind: 'problem', job, reason: 'paperOut' })).toBe('Máy in quay-1: hết giấy – Giấy hẹn (in nhiệt) X đang chờ in lại.');
  });
});

describe('text lines on paper', () => {
  it('a line that fits keeps its leading spaces (a two-line table heading over its columns); a longer one wraps', () => {
    const heading = '             Đã       Chờ';
    expect(blockLines({ type: 'text', text: heading }, 48)?.map((l) => l.text)).toEqual([heading]);
    expect(blockLines({ type: 'text', text: `  ${'chữ '.repeat(20).trim()}` }, 32)?.map((l) => l.text)).toEqual(['chữ chữ chữ chữ chữ chữ chữ chữ', 'chữ chữ chữ chữ chữ chữ chữ chữ', 'chữ chữ chữ chữ']);
  });
});
