// The receipt flow driven key by key through the router on a real database file, the paths the tmux
// test does not take: a typed-in citizen, an ID already known, editing the fee, going back, refusals.
import { describe, expect, it } from 'vitest';
import type { ReceiptFlow } from '../../src/ui/screens/receipt.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const clock = () => new Date(2026, 10, 23, 9, 0).getTime();
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const LEFT = '\x1b[D';
const HOME = '\x1b[H';
const DEL = '\x1b[3~';

/** The receipt screen opened from the main screen (H). */
function receipt(app: Parameters<typeof testDesk>[0], height = 20) {
  const d = testDesk(app, 'en', { width: 80, height });
  d.press('h');
  expect(d.top().screen.id).toBe('receipt');
  return { ...d, flow: () => d.top().state as ReceiptFlow };
}

describe('receipt flow', () => {
  it('an unknown ID number opens the form; the typed citizen is checked and carried on', () => {
    const { app } = tempApp(clock);
    const d = receipt(app);
    d.press('036090001234', '\r');
    expect(d.flow().step).toBe('manual');
    expect(d.flow().manual.id.text).toBe('036090001234');
    // year 1991 does not match the number (1990): refused with the reason, nothing stored
    d.press('Trần Văn An', '\r', '02/01/1991', '\r', 'Nam', '\r', 'Xóm 3, xã Hải Anh', '\r', '\r');
    expect(d.flow().step).toBe('manual');
    expect(d.flow().error).toContain('1991');
    expect(app.citizen('036090001234')).toBeUndefined();
    d.press(UP, UP, UP, '\x7f', '0', '\r', '\r', '\r', '\r');
    expect(d.flow().step).toBe('procedure');
    expect(d.flow().citizen?.fullName).toBe('Trần Văn An');
    // the next time, the number alone finds the citizen
    const again = receipt(app);
    again.press('036090001234\r');
    expect(again.flow().step).toBe('procedure');
    expect(again.flow().citizen?.dob).toBe('1990-01-02');
  });

  it('fields edit at the cursor: ←/→, Home/End, Delete, Backspace, Ctrl+U', () => {
    const { app } = tempApp(clock);
    const d = receipt(app);
    d.press('03609001234'); // one digit short
    d.press(LEFT, LEFT, LEFT, LEFT, '0');
    expect(d.flow().scan).toEqual({ text: '036090001234', at: 8 });
    expect(d.text()).toContain('> 036090001234');
    d.press(HOME, DEL, '9');
    expect(d.flow().scan).toEqual({ text: '936090001234', at: 1 });
    d.press('\x1b[F', '\x7f');
    expect(d.flow().scan).toEqual({ text: '93609000123', at: 11 });
    expect(d.text()).toContain('> 93609000123_');
    d.press('\x15');
    expect(d.flow().scan).toEqual({ text: '', at: 0 });
  });

  it('fee edited, paid by bank QR; Esc steps back without losing the choices; the dossier is received', () => {
    const { app } = tempApp(clock);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const d = receipt(app, 40);
    d.press('001152012345\r', '2.000884', '\r');
    expect(d.flow().step).toBe('documents');
    expect(d.flow().procedure?.feeVnd).toBeGreaterThan(0);
    d.press('a', '\r');
    expect(d.flow().step).toBe('fee');
    d.press('\x7f'.repeat(8), '20000', DOWN, '\r');
    // above the catalogue's 10.000 đ: said, and taken with a second Enter
    expect(d.flow().step).toBe('fee');
    expect(d.flow().error).toBe('The fee 20.000 đ is above the catalogue’s 10.000 đ. Press Enter again to charge this sum, or correct it.');
    d.press('\r');
    expect(d.flow().payment).toBe('bank_qr');
    expect(d.flow().step).toBe('return');
    d.press('\x1b');
    expect(d.flow().step).toBe('fee');
    expect(d.flow().fee.text).toBe('20000');
    d.press('\r', '\r');
    expect(d.flow().step).toBe('details');
    // nothing on the step is cut at 80 columns (the box's inner width is 76)
    for (const l of d.view().lines) expect([...(typeof l === 'string' ? l : l.text)].length).toBeLessThanOrEqual(76);
    d.press('\r');
    expect(d.flow().step).toBe('confirm');
    expect(d.text()).toContain('20.000 đ – bank transfer (QR)');
    d.press('y');
    expect(d.flow().step).toBe('slip');
    expect(d.flow().dossier?.feeVnd).toBe(20000);
    expect(d.flow().dossier?.vietqr).toMatch(/^000201/);
    expect(d.text()).toContain('Pay the fee by bank transfer');
    const code = d.flow().dossier?.code;
    d.press('\r');
    expect(d.top().screen.id).toBe('main');
    expect(d.desk.state.status).toEqual({ kind: 'ok', text: `Dossier ${code} received, result due 23/11/2026.` });
  });

  it('a zero fee must be marked exempt; Esc on the first step leaves the flow', () => {
    const { app } = tempApp(clock);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const d = receipt(app);
    d.press('001152012345\r', '2.000884', '\r', 'a', '\r', '\x7f'.repeat(8), '\r');
    expect(d.flow().step).toBe('fee');
    expect(d.flow().error).toContain('nothing to pay');
    d.press(DOWN, DOWN, DOWN, '\r');
    expect(d.flow().payment).toBe('exempt');
    expect(d.flow().step).toBe('return');
    const e = receipt(app);
    const before = e.desk.state.status;
    e.press('\x1b');
    expect(e.top().screen.id).toBe('main');
    expect(e.desk.state.status).toBe(before);
  });

  it('exempt is 0 and takes no digits; back to cash the field shows the catalogue fee, never what was typed unseen (item 2)', () => {
    const { app } = tempApp(clock);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const d = receipt(app);
    d.press('001152012345\r', '2.000884', '\r', 'a', '\r');
    d.press(DOWN, DOWN, DOWN);
    expect(d.flow().payment).toBe('exempt');
    d.press('10000');
    expect(d.flow().fee.text).toBe('10000');
    expect(d.flow().error).toContain('the fee is 0 đ');
    expect(d.text()).toContain('Fee charged (exempt): 0 đ');
    d.press(UP, UP, UP);
    expect(d.flow().payment).toBe('cash');
    expect(d.text()).toContain('Fee charged (type digits to change): 10000_ đ');
    // the field holds at most 9 digits: 1.000.010.000 đ cannot be typed
    d.press('\x15', '1000010000');
    expect(d.flow().fee.text).toBe('100001000');
    d.press('\x15', '10000', '\r');
    expect(d.flow().step).toBe('return');
  });

  it('the receipt carries the phone, email, whose record it is, the exemption confirmed, and an incomplete dossier’s reason', () => {
    const { app } = tempApp(clock);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const d = receipt(app, 30);
    d.press('001152012345\r', '1.001193', '\r');
    // papers 1 and 2 handed over, 3 missing: F4 receives it incomplete, with the reason
    d.press('1', '2', '\r');
    expect(d.flow().error).toContain('F4');
    d.press('\x1bOS', 'Thiếu giấy chứng sinh', '\r');
    expect(d.flow().step).toBe('fee');
    // exempt, with the exemption confirmed (←/→)
    d.press(DOWN, DOWN, DOWN, '\x1b[C');
    expect(d.flow().exemption).toBe('birth_in_time');
    expect(d.text()).toContain('Exemption: Birth registered on time');
    d.press('\r', '\r');
    expect(d.flow().step).toBe('details');
    // nothing on the step is cut at 80 columns (the box's inner width is 76)
    for (const l of d.view().lines) expect([...(typeof l === 'string' ? l : l.text)].length).toBeLessThanOrEqual(76);
    d.press('0912 345 67', '\r');
    expect(d.flow().error).toContain('0912 345 67');
    d.press('8', '\t', 'hường@example', '\r');
    expect(d.flow().step).toBe('details');
    d.press('.vn', '\t', 'Trần Văn Bình', '\t', '01/11/2026', '\r');
    expect(d.flow().step).toBe('confirm');
    expect(d.text()).toContain('Contact: 0912 345 678 · hường@example.vn');
    d.press('y');
    const got = d.flow().dossier;
    expect(got?.state).toBe('supplement_requested');
    expect([got?.phone, got?.email, got?.subject?.name, got?.subject?.date, got?.feeDetail.exemption?.code, got?.feeVnd]).toEqual(['0912345678', 'hường@example.vn', 'Trần Văn Bình', '2026-11-01', 'birth_in_time', 0]);
    expect(app.dossiers.events(got!).at(-1)?.note).toBe('Thiếu giấy chứng sinh');
  });

  it('the fee follows the catalogue from the pages and copies typed, or the channel; the receipt records them', () => {
    const { app } = tempApp(clock);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const d = receipt(app, 30);
    d.press('001152012345\r', '2.000815', '\r', 'a', '\r');
    expect(d.flow().step).toBe('fee');
    // 5 pages a copy (2 × 2.000 + 3 × 1.000 = 7.000 đ), 3 copies: 21.000 đ
    d.press('\t', '5', '\t', '3');
    expect(d.flow().fee.text).toBe('21000');
    expect(d.text()).toContain('> Copies: 3_');
    d.press('\r', '\r', '\r', 'y');
    const got = d.flow().dossier;
    expect([got?.feeVnd, got?.feeDetail.pages, got?.feeDetail.units, got?.feeDetail.override]).toEqual([21000, 5, 3, false]);

    const e = receipt(app, 30);
    e.press('001152012345\r', '1.004222', '\r', 'a', '\r');
    expect(e.flow().fee.text).toBe('20000');
    e.press('o');
    expect(e.flow().fee.text).toBe('10000');
    expect(e.text()).toContain('Filed: online');
    e.press('\r', '\r', '\r', 'y');
    expect([e.flow().dossier?.feeVnd, e.flow().dossier?.feeDetail.channel]).toEqual([10000, 'online']);
  });

  it('the receipt is written only when decided: Y echoed from a burst receives nothing until it is typed', () => {
    const { app } = tempApp(clock);
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức' });
    const d = receipt(app);
    d.press('001152012345\r', '1.001193', '\r', 'a', '\r', '\r', '\r', '\r');
    expect(d.flow().step).toBe('confirm');
    d.echo('y');
    expect(app.dossiers.find('001152012345')).toEqual([]);
    expect(d.flow().step).toBe('confirm');
    d.desk.typed();
    expect(d.flow().step).toBe('slip');
    expect(app.dossiers.find('001152012345')).toHaveLength(1);
  });
});

describe('fields like fields (issue 13, item 20)', () => {
  it('a date of birth typed as 2/1/1990 is taken as 02/01/1990', () => {
    const { app } = tempApp(clock);
    const d = receipt(app);
    d.press('036090001234', '\r');
    d.press('Trần Văn An', '\r', '2/1/1990', '\r', 'Nam', '\r', 'Xóm 3, xã Hải Anh', '\r', '\r');
    expect(d.flow().error).toBeNull();
    expect(d.flow().step).toBe('procedure');
    expect(d.flow().citizen?.dob).toBe('1990-01-02');
  });

  it('a mistyped ID stays in the field for correction, with the reason', () => {
    const { app } = tempApp(clock);
    const d = receipt(app);
    d.press('03609000123', '\r'); // one digit short
    expect(d.flow().error).not.toBeNull();
    expect(d.flow().scan.text).toBe('03609000123');
    d.press('4', '\r');
    expect(d.flow().step).toBe('manual');
    expect(d.flow().manual.id.text).toBe('036090001234');
  });

  it('the trip form offers and takes its date as dd/mm/yyyy (1/9/2026 too)', () => {
    const { app } = tempApp(clock);
    const d = testDesk(app, 'en', { width: 80, height: 24 });
    d.press('o');
    expect(d.top().screen.id).toBe('openTrip');
    expect(d.text()).toContain('23/11/2026');
    expect(d.text()).not.toContain('2026-11-23');
    d.press('Xã Mỹ Đức', '\t', 'Nhà văn hóa thôn Đồi Dùng', '\t', '\x15', '1/9/2026', '\t', '\t', '\t', 'Lan', '\r', '\r');
    expect((d.top().state as { error: string | null }).error ?? null).toBeNull();
    expect(app.currentTrip()?.date).toBe('2026-09-01');
  });
});
