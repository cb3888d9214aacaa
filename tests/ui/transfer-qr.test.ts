// A fee paid by bank transfer, on the counter screen (issue 13 item 3): the dossier's VietQR drawn
// full screen in half blocks for the citizen's banking app, read back here by a real QR decoder
// (jsQR) from the very rows the screen draws; T on the dossier confirms the money arrived, asking
// first; K lists the trip's transfers still awaited before the close question. Real database files,
// the real router. Transfers go to Minh Châu's account (Mỹ Đức's office has none).
import { describe, expect, it } from 'vitest';
import type { Luudong } from '../../src/app/luudong.js';
import { halfBlockRows, modulesOfRows, terminalQr } from '../../src/core/termqr.js';
import { qrMatrix } from '../../src/core/print/qr.js';
import { fmtVnd } from '../../src/core/receipt.js';
import { checkCrc, parseEmvTlv } from '../../src/core/vietqr.js';
import type { FindState } from '../../src/ui/screens/find.js';
import { recentAudit } from '../../src/store/audit.js';
import { testDesk } from '../helpers/desk.js';
import { decodeModules } from '../helpers/qr-decode.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T02:30:00Z');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const ESC = '\x1b';

/** Text rows of a QR code as a camera would see them. */
const decodeRows = (rows: readonly string[]) => decodeModules(modulesOfRows(rows));

function morning(): { app: Luudong; code: string } {
  const { app } = tempApp(() => NOW);
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil', 'welfare', 'land', 'digital'] }], officeId: 'minh-chau' });
  app.citizenFromQr(QR);
  const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '2.000635', documents: [0, 1], payment: 'bank_qr', returnMethod: 'commune_office' });
  return { app, code: d.code };
}

describe('the terminal QR', () => {
  it('draws two module rows per text row, and reads back as the same code', () => {
    const m = qrMatrix('LUUDONG-TEST', 'M');
    const rows = halfBlockRows(m, 4);
    expect(rows.length).toBe(Math.ceil((m.length + 8) / 2));
    expect(modulesOfRows(rows).slice(4, 4 + m.length).map((r) => r.slice(4, 4 + m.length))).toEqual(m);
    expect(decodeRows(rows)).toBe('LUUDONG-TEST');
  });

  it('is drawn whole or not at all: the margin narrows, then the error correction, then nothing', () => {
    const text = 'X'.repeat(120);
    const big = terminalQr(text, 80, 30);
    expect(big).toMatchObject({ ecLevel: 'M', quiet: 4 });
    const tight = terminalQr(text, 80, Math.ceil(((big?.width ?? 0) - 4) / 2));
    expect(tight?.quiet).toBeLessThan(4);
    expect(terminalQr(text, 80, 10)).toBeNull();
  });
});

describe('a bank transfer at the counter', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`${lang}: Q on the dossier shows its VietQR full screen at 80x24, and a decoder reads the dossier's payload from it`, () => {
      const { app, code } = morning();
      const d = testDesk(app, lang, { width: 80, height: 20 });
      d.press('/', code, '\r');
      expect(d.text()).toContain(lang === 'vi' ? 'chờ xác nhận đã nhận tiền' : 'awaiting confirmation of receipt');
      d.press('q');
      const v = d.view();
      expect(v.frame).toBe('full');
      const rows = v.qr ?? [];
      // the whole terminal but one line (as App draws it): 23 rows, and room for the caption beside
      expect(rows.length).toBeLessThanOrEqual(23);
      expect(Math.max(...rows.map((r) => [...r].length))).toBeLessThanOrEqual(60);
      const payload = decodeRows(rows);
      expect(payload).toBe(app.dossiers.get(code).vietqr);
      expect(checkCrc(payload as string)).toBe(true);
      expect(parseEmvTlv(payload as string).get('54')).toBe(String(app.dossiers.get(code).feeVnd));
      const caption = v.lines.map((l) => (typeof l === 'string' ? l : l.text)).join('\n');
      expect(caption).toContain(code);
      expect(caption).toContain('VietinBank 113000001234');
      d.press(ESC);
      expect(d.top().screen.id).toBe('find');
    });
  }

  it('Q on the slip just received shows the VietQR while the citizen is still at the counter', () => {
    const { app } = tempApp(() => NOW);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const d = testDesk(app, 'en', { width: 80, height: 20 });
    // as receipt-flow.test.ts: the procedure with a fee, every paper, the fee 20.000 đ by bank QR
    d.press('h', '001152012345\r', '2.000884', '\r', 'a', '\r', '\x7f'.repeat(8), '20000', '\x1b[B', '\r', '\r', '\r', '\r', '\r', 'y');
    const flow = d.top().state as { step: string; dossier: { code: string; vietqr: string } | null };
    expect(flow.step).toBe('slip');
    d.press('q');
    const v = d.view();
    expect(v.frame).toBe('full');
    expect(decodeRows(v.qr ?? [])).toBe(flow.dossier?.vietqr);
    d.press(ESC);
    expect(d.top().screen.id).toBe('receipt');
  });

  it('T asks first, with the bank’s reference (optional, checked); Enter records the transfer as received, once; the reference shows with the dossier', () => {
    const { app, code } = morning();
    const d = testDesk(app, 'en', { width: 80, height: 20 });
    d.press('/', code, '\r', 't');
    expect(d.top().screen.id).toBe('paid');
    expect(d.text().replace(/\s+/g, ' ')).toContain(`Confirm that the transfer of ${fmtVnd(app.dossiers.get(code).feeVnd)} for dossier ${code}`);
    expect(d.text()).toContain('Transaction ref.: _');
    // Esc: nothing recorded
    d.press(ESC);
    expect(d.top().screen.id).toBe('find');
    expect(app.dossiers.get(code).paidAt).toBeNull();
    // the field takes 40 characters at most; a character that does not print (a zero-width space
    // pasted from a banking app) is refused on the dialog, the text kept for correction
    d.press('t', 'FT2633' + '7'.repeat(40));
    expect(d.text()).toContain('Transaction ref.: FT2633' + '7'.repeat(34) + '_');
    d.press('\x15', 'FT26\u200b337', '\r');
    expect(d.top().screen.id).toBe('paid');
    expect(d.text().replace(/\s+/g, ' ')).toContain('The transaction reference takes printable letters, digits and signs only');
    expect(app.dossiers.get(code).paidAt).toBeNull();
    // NFC at the input: a name typed with combining marks is stored composed
    d.press('\x15', 'FT26337 0042 Hu\u031bo\u031b\u0300ng  ', '\r');
    expect(d.top().screen.id).toBe('find');
    const paid = app.dossiers.get(code);
    expect(paid.paidAt).toBe(NOW);
    expect(paid.paidRef).toBe('FT26337 0042 Hường');
    expect((d.top().state as FindState).open?.paidRef).toBe('FT26337 0042 Hường');
    expect(d.text()).toContain('Bank reference: FT26337 0042 Hường');
    expect(d.text().replace(/\s+/g, ' ')).toContain('reference FT26337 0042 Hường');
    // in the audit log's entry of the confirmation
    expect(recentAudit(app.db, 20).map((e) => e.kind)).toContain(`payment.confirmed ${code} ref FT26337 0042 Hường`);
    // twice: refused, with the reason
    d.press('t');
    expect(d.desk.state.status?.text).toBe(`The transfer for dossier ${code} is already confirmed.`);
    expect(d.top().screen.id).toBe('find');
  });

  it('a reference is optional: Enter on an empty field records the transfer without one', () => {
    const { app, code } = morning();
    const d = testDesk(app, 'vi', { width: 80, height: 20 });
    d.press('/', code, '\r', 't');
    expect(d.text()).toContain('Mã giao dịch: _');
    d.press('\r');
    expect(app.dossiers.get(code)).toMatchObject({ paidAt: NOW, paidRef: null });
    expect(d.text()).not.toContain('Mã giao dịch ngân hàng');
  });

  it('T on a dossier paid in cash says there is nothing to confirm', () => {
    const { app } = morning();
    const cash = app.dossiers.receive({ citizenId: '001152012345', procedure: '2.000635', documents: [0, 1], payment: 'cash', returnMethod: 'commune_office' });
    const d = testDesk(app, 'en', { width: 80, height: 20 });
    d.press('/', cash.code, '\r', 't');
    expect(d.top().screen.id).toBe('find');
    expect(d.desk.state.status?.text).toContain('was not paid by bank transfer');
    d.press('q');
    expect(d.top().screen.id).toBe('find');
  });

  it('K lists the transfers still awaited: T confirms one there, K goes on to the close question', () => {
    const { app, code } = morning();
    const second = app.dossiers.receive({ citizenId: '001152012345', procedure: '2.000635', documents: [0, 1], payment: 'bank_qr', returnMethod: 'commune_office' });
    const d = testDesk(app, 'vi', { width: 80, height: 20 });
    d.press('K');
    expect(d.top().screen.id).toBe('awaited');
    expect(d.text()).toContain('Chuyển khoản chưa xác nhận (2)');
    expect(d.text()).toContain(code.slice(-11));
    expect(d.text()).toContain(second.code.slice(-11));
    d.press('t');
    expect(d.top().screen.id).toBe('paid');
    d.press('FT111', '\r');
    expect(d.top().screen.id).toBe('awaited');
    expect(app.dossiers.get(code).paidRef).toBe('FT111');
    expect(app.dossiers.get(code).paidAt).toBe(NOW);
    expect(d.text()).toContain('Chuyển khoản chưa xác nhận (1)');
    expect(d.text()).not.toMatch(new RegExp(`^. ${code.slice(-11)}`, 'm'));
    d.press('K');
    expect(d.top().screen.id).toBe('confirm');
    expect(d.text()).toContain('Đóng chuyến');
    d.press('y');
    expect(app.currentTrip()).toBeUndefined();
    expect(app.dossiers.get(second.code).paidAt).toBeNull();
  });

  it('with nothing awaited, K asks the close question at once', () => {
    const { app, code } = morning();
    app.dossiers.confirmPayment(code);
    const d = testDesk(app, 'en', { width: 80, height: 20 });
    d.press('K');
    expect(d.top().screen.id).toBe('confirm');
  });
});
