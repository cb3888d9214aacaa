// The office set from the counter screen (issue 13 item 6): while the counter's office (the open
// trip's, else the default) or its bank account is still the shipped example, the main screen says
// so on one line with the key (F12), and the work goes on; F12 opens the office form, filled with what
// the office holds; saving needs a supervisor's PIN in the approval dialog, goes through the use case
// the CLI's `office set` uses (logged, with who approved), and the office is then the office's own:
// no warning, a VietQR for its account. Real database files, the real router.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { payableAccount } from '../../src/core/office.js';
import { openDatabase } from '../../src/store/db.js';
import { keyBar } from '../../src/ui/bindings.js';
import type { OfficeFormState } from '../../src/ui/screens/office.js';
import { testDesk } from '../helpers/desk.js';
import { refusal } from '../helpers/refusal.js';

const data = loadDomainData();
const NOW = new Date(2026, 10, 23, 8, 0).getTime();
const F12 = '\x1b[24~';
const F2 = '\x1bOQ';
const CLEAR = '\x15'; // Ctrl+U
const ESC = '\x1b';
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function fresh(opts: { operators?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-office-form-'));
  const file = join(dir, 'bus.db');
  const app = new Luudong({ db: openDatabase(file), data, now: () => NOW, file });
  if (opts.operators) {
    const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
    app.operators.add('Lan', 'operator', '1357', admin);
    app.operators.add('Mai', 'supervisor', '8642', admin);
    app.login('Lan', '1357');
  }
  return app;
}

/** The office of Mỹ Đức as the commune gives it (its own words, not the example's; no English names). */
const MY_DUC = ['UBND xã Mỹ Đức', 'Bộ phận Một cửa xã Mỹ Đức', 'Mỹ Đức', 'H26.107.2', '', '', '970436', 'Vietcombank', '0451000123999', 'UBND XA MY DUC'];

/** Each field cleared and typed anew (an empty one left empty), Enter after each (the last Enter saves). */
const fill = (values: readonly string[]) => values.flatMap((v) => (v ? [CLEAR, v, '\r'] : [CLEAR, '\r']));

const mainText = (d: ReturnType<typeof testDesk>) => d.text();

describe('the office set from the counter screen', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`${lang}: the main screen warns with the key while the office is an example, with a trip open or not; a morning still goes on`, () => {
      const app = fresh();
      const d = testDesk(app, lang);
      const warn = lang === 'vi' ? 'Cơ quan minh-chau còn là mẫu, phiếu in sẽ sai: F12 để khai báo.' : 'Office minh-chau is an example, printouts would be wrong: F12 to set it.';
      expect(mainText(d).replace(/\s+/g, ' ')).toContain(warn);
      // one line at 80 columns (wrapped when narrower, never cut)
      expect(d.view().lines.filter((l) => typeof l !== 'string' && l.color === 'yellow').length).toBe(1);
      // the trip opens and tickets are called as ever: the warning is no modal
      app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }], officeId: 'minh-chau' });
      app.issue('civil');
      d.press('c');
      expect(d.desk.state.status?.kind).toBe('ok');
      expect(d.top().screen.id).toBe('main');
      expect(mainText(d).replace(/\s+/g, ' ')).toContain(warn);
      const narrow = testDesk(app, lang, { width: 40, height: 20 });
      const rows = narrow.view().lines.filter((l) => typeof l !== 'string' && l.color === 'yellow').map((l) => (l as { text: string }).text);
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.every((r) => [...r].length <= 40)).toBe(true);
      expect(rows.join(' ').replace(/\s+/g, ' ')).toContain('F12');
      app.db.close();
    });
  }

  it('F12 opens the form filled with the office as it is; typing edits it as every field; Esc leaves it unchanged', () => {
    const app = fresh();
    const d = testDesk(app, 'vi');
    d.press(F12);
    expect(d.top().screen.id).toBe('office');
    const text = d.text();
    expect(text).toContain('Khai báo cơ quan minh-chau');
    expect(text).toContain('UBND xã Minh Châu');
    expect(text).toContain('000.00.20.H26');
    expect(text).toContain('113000001234');
    expect(text).toContain('Tên, mã cơ quan và tài khoản ngân hàng còn là mẫu.');
    // a long name is broken over rows, never cut at 80 columns
    expect(d.view().lines.every((l) => [...(typeof l === 'string' ? l : l.text)].length <= 74)).toBe(true);
    expect(text.replace(/\s+/g, '')).toContain('TrungtâmPhụcvụhànhchínhcôngxãMinhChâu');
    // the shared line editor: Home, typing at the cursor, End
    d.press('\x1b[H', 'Số 1 ');
    expect((d.top().state as OfficeFormState).values.agency.text).toBe('Số 1 UBND xã Minh Châu');
    // a name longer than the row: broken over rows, every character shown, the cursor on its row
    d.press('\x1b[F', ' – ' + 'Thôn Đồi Dùng '.repeat(8));
    const rows = d.view().lines.map((l) => (typeof l === 'string' ? l : l.text));
    expect(rows.every((l) => [...l].length <= 74)).toBe(true);
    expect(rows.join('').replace(/\s+/g, '')).toContain(('Số 1 UBND xã Minh Châu – ' + 'Thôn Đồi Dùng '.repeat(8)).replace(/\s+/g, ''));
    expect(d.view().lines.filter((l) => typeof l === 'string' && l.endsWith('_')).length).toBe(1);
    d.press(ESC);
    expect(d.top().screen.id).toBe('main');
    expect(app.offices.get('minh-chau').agencyName.vi).toBe('UBND xã Minh Châu');
    expect(app.offices.list()[0]?.source).toBe('data');
    app.db.close();
  });

  it('saving needs a supervisor: the approval dialog; an operator’s PIN is refused, Esc saves nothing, a supervisor’s saves through the use case', () => {
    const app = fresh({ operators: true });
    const d = testDesk(app, 'vi');
    // Lan (an operator) is logged in
    d.press(F12, ...fill(MY_DUC));
    expect(d.top().screen.id).toBe('approve');
    expect(d.text()).toContain('Cần trưởng nhóm xác nhận: khai báo cơ quan minh-chau');
    // Esc: back on the form with what was typed, nothing saved
    d.press(ESC);
    expect(d.top().screen.id).toBe('office');
    expect((d.top().state as OfficeFormState).values.code.text).toBe('H26.107.2');
    expect(app.offices.get('minh-chau').verified).toBe(false);
    // the operator's own PIN is not a supervisor's
    d.press(F2, 'Lan', '\r', '1357', '\r');
    expect(d.top().screen.id).toBe('approve');
    expect(d.text()).toMatch(/trưởng nhóm/);
    expect(app.offices.get('minh-chau').verified).toBe(false);
    d.press(CLEAR, '\t', CLEAR, 'Mai', '\r', '8642', '\r');
    expect(d.top().screen.id).toBe('main');
    expect(d.desk.state.status).toEqual({ kind: 'ok', text: 'Đã lưu cơ quan: Bộ phận Một cửa xã Mỹ Đức (H26.107.2).' });
    const o = app.offices.get('minh-chau');
    expect(o).toMatchObject({
      agencyCode: 'H26.107.2',
      agencyName: { vi: 'UBND xã Mỹ Đức', en: 'UBND xã Mỹ Đức' },
      unitName: { vi: 'Bộ phận Một cửa xã Mỹ Đức', en: 'Bộ phận Một cửa xã Mỹ Đức' },
      placeName: 'Mỹ Đức',
      bank: { bin: '970436', bankName: 'Vietcombank', account: '0451000123999', accountName: 'UBND XA MY DUC', verified: true },
      verified: true,
    });
    // logged as `office set` logs it, by the operator at the desk, with who approved
    const note = app.db.prepare("SELECT operator, payload FROM audit_notes WHERE kind = 'office.set'").get() as { operator: string; payload: string };
    expect(note.operator).toBe('Lan');
    expect(JSON.parse(note.payload)).toEqual(['offices', 'minh-chau', 'H26.107.2', { approvedBy: 'Mai' }]);
    // the warning is gone, and so is the key from the bar (F12 still opens the form: the help lists it)
    expect(d.text()).not.toMatch(/còn là mẫu/);
    expect(keyBar(d.top(), d.env(), 200)).not.toContain('F12');
    // a transfer now gets its VietQR: the account is the office's own
    expect(payableAccount(o)?.account).toBe('0451000123999');
    app.citizenFromQr(QR);
    const dossier = app.dossiers.receive({ citizenId: '001152012345', procedure: '2.000635', documents: [0, 1], payment: 'bank_qr', returnMethod: 'commune_office' });
    expect(dossier.code.startsWith('H26.107.2-')).toBe(true);
    expect(dossier.vietqr).toContain('0451000123999');
    app.db.close();
  });

  it('the use case refuses an operator without a supervisor’s approval, as the CLI does', () => {
    const app = fresh({ operators: true });
    expect(refusal(() => app.offices.set('minh-chau', { verified: true })).code).toBe('err.auth.forbidden');
    expect(app.offices.get('minh-chau').verified).toBe(false);
    app.db.close();
  });

  it('says what is wrong before any PIN, on the field: an empty name, half a bank account, a bad code or BIN; four empty bank fields mean no transfers', () => {
    const app = fresh();
    const d = testDesk(app, 'en');
    d.press(F12, '\t', CLEAR, F2);
    let s = d.top().state as OfficeFormState;
    expect(s.error).toBe('“One-stop unit” is empty.');
    expect(s.focus).toBe(1);
    d.press('Bộ phận Một cửa', '\t', '\t', CLEAR, 'h26..1', F2);
    s = d.top().state as OfficeFormState;
    expect(s.error).toBe('Agency code “h26..1” is not valid (e.g. 000.00.20.H26).');
    expect(s.focus).toBe(3);
    d.press(CLEAR, 'H26.108', '\t', '\t', '\t', CLEAR, '97041', F2);
    s = d.top().state as OfficeFormState;
    expect(s.error).toBe('Bank BIN “97041” must be 6 digits.');
    expect(s.focus).toBe(6);
    // letters never land in the BIN field
    d.press('x5');
    expect((d.top().state as OfficeFormState).values.bin.text).toBe('970415');
    d.press('\t', '\t', CLEAR, F2);
    s = d.top().state as OfficeFormState;
    expect(s.error).toBe('“Account number” is empty: fill in all 4 bank fields, or leave all 4 empty.');
    expect(s.focus).toBe(8);
    expect(app.offices.get('minh-chau').verified).toBe(false);
    // all four bank fields empty: no bank transfer (so no example account left either)
    d.press('\t', CLEAR, '\x1b[Z', '\x1b[Z', CLEAR, '\x1b[Z', CLEAR, F2);
    expect(d.top().screen.id).toBe('main');
    const o = app.offices.get('minh-chau');
    expect(o.bank).toBeNull();
    expect(o).toMatchObject({ verified: true, agencyCode: 'H26.108', unitName: { vi: 'Bộ phận Một cửa' }, agencyName: { vi: 'UBND xã Minh Châu', en: "Minh Chau Commune People's Committee" } });
    expect(d.text()).not.toMatch(/example/);
    app.db.close();
  });

  it('the names in English: shown and typed on the form; emptied when the Vietnamese name changes under them; empty is the Vietnamese name', () => {
    const app = fresh();
    const d = testDesk(app, 'en');
    d.press(F12);
    // (long names are broken over rows: compared without the breaks)
    const flat = () => d.text().replace(/\s+/g, '');
    const squeeze = (x: string) => x.replace(/\s+/g, '');
    const text = d.text().replace(/\s+/g, ' ');
    expect(text).toContain('Names in English, for the English screen (empty: the Vietnamese name)');
    expect(flat()).toContain(squeeze("Minh Chau Commune People's Committee"));
    expect(flat()).toContain(squeeze('Minh Chau Commune Public Administrative Service Centre'));
    // the agency renamed: its English name, the example's, is emptied at once (the unit's stays)
    d.press(CLEAR, 'UBND xã Mỹ Đức');
    let s = d.top().state as OfficeFormState;
    expect(s.values.agencyEn.text).toBe('');
    expect(s.values.unitEn.text).toBe('Minh Chau Commune Public Administrative Service Centre');
    expect(flat()).not.toContain(squeeze("Minh Chau Commune People's Committee"));
    // its English name typed; the unit's English name emptied by hand: the Vietnamese one is saved
    d.press('\t', '\t', '\t', '\t', CLEAR, "My Duc Commune People's Committee", '\t', CLEAR, F2);
    expect(d.top().screen.id).toBe('main');
    expect(app.offices.get('minh-chau')).toMatchObject({
      agencyName: { vi: 'UBND xã Mỹ Đức', en: "My Duc Commune People's Committee" },
      unitName: { vi: 'Trung tâm Phục vụ hành chính công xã Minh Châu', en: 'Trung tâm Phục vụ hành chính công xã Minh Châu' },
      verified: true,
    });
    // the form again: what was saved, the English names in their fields
    d.press(F12);
    s = d.top().state as OfficeFormState;
    expect(s.values.agencyEn.text).toBe("My Duc Commune People's Committee");
    expect(flat()).toContain(squeeze("My Duc Commune People's Committee"));
    // an English name changed alone is saved alone
    d.press('\t', '\t', '\t', '\t', '\t', CLEAR, 'My Duc Public Service Centre', F2);
    expect(app.offices.get('minh-chau').unitName).toEqual({ vi: 'Trung tâm Phục vụ hành chính công xã Minh Châu', en: 'My Duc Public Service Centre' });
    app.db.close();
  });

  for (const lang of ['vi', 'en'] as const) {
    it(`${lang}: the whole form fits 80x24 with its English names and an error, nothing cut`, () => {
      const app = fresh();
      const d = testDesk(app, lang, { width: 80, height: 24 });
      d.press(F12, '\t', CLEAR, F2);
      const lines = d.view().lines.map((l) => (typeof l === 'string' ? l : l.text));
      expect(lines.length).toBeLessThanOrEqual(22);
      expect(lines.every((l) => [...l].length <= 74 && !l.trimEnd().endsWith('…'))).toBe(true);
      const text = lines.join('\n');
      for (const label of lang === 'vi' ? ['Cơ quan (tiếng Anh)', 'Bộ phận (tiếng Anh)', 'Chủ tài khoản'] : ['Agency in English', 'Unit in English', 'Account holder']) expect(text).toContain(label);
      expect((d.top().state as OfficeFormState).error).not.toBeNull();
      app.db.close();
    });
  }

  it('edits the open trip’s office, not the first listed; the bank account alone still an example is said so', () => {
    const app = fresh();
    app.offices.set('my-duc', { verified: true, bank: { bin: '970415', bankName: 'VietinBank', account: '1130009999', accountName: 'UBND XA MY DUC' } });
    app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil'] }], officeId: 'my-duc' });
    const d = testDesk(app, 'en');
    expect(d.text().replace(/\s+/g, ' ')).toContain('The bank account of my-duc is still an example, no VietQR: F12 to set it.');
    expect(d.text()).not.toContain('minh-chau');
    d.press(F12);
    expect(d.text()).toContain('Set office my-duc');
    expect(d.text()).toContain('The bank account is still an example: no VietQR is printed.');
    expect(d.text()).toContain('1130009999');
    d.press(F2);
    expect(d.top().screen.id).toBe('main');
    expect(app.offices.get('my-duc').bank?.verified).toBe(true);
    expect(app.offices.get('minh-chau').verified).toBe(false);
    expect(d.text()).not.toMatch(/example/);
    app.db.close();
  });
});
