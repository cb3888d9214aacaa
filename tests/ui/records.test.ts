// Records that one key could make wrong (issue 13): the counter screen driven through its real router
// on a real database file, as an operator presses keys.
import { describe, expect, it } from 'vitest';
import type { Luudong } from '../../src/app/luudong.js';
import { STATE_KEYS } from '../../src/core/lifecycle.js';
import { keyBar } from '../../src/ui/bindings.js';
import type { FindState } from '../../src/ui/screens/find.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T01:30:00Z');
const ESC = '\x1b';
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const ids = (d: ReturnType<typeof testDesk>) => d.desk.state.stack.map((f) => f.screen.id);
const lines = (d: ReturnType<typeof testDesk>) => d.view().lines.map((l) => (typeof l === 'string' ? l : l.text));

function withDossier(): { app: Luudong; code: string } {
  const { app } = tempApp(() => NOW);
  app.citizenFromQr(QR);
  const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
  return { app, code: d.code };
}

describe('dossier state keys (item 1)', () => {
  it('each state has a fixed key: after a move the digits keep their meaning, a key that is no move from here moves nothing', () => {
    const { app, code } = withDossier();
    const d = testDesk(app);
    d.press('/', code, '\r');
    expect((d.top().state as FindState).open?.code).toBe(code);
    d.press(STATE_KEYS.processing);
    expect(app.dossiers.get(code).state).toBe('processing');
    // "3" was "result ready" in the old numbering after "processing": now it is always "supplement requested"
    d.press(STATE_KEYS.result_ready);
    expect(app.dossiers.get(code).state).toBe('result_ready');
    d.press(STATE_KEYS.refused);
    expect(app.dossiers.get(code).state).toBe('result_ready');
    expect(ids(d)).toEqual(['main', 'find']);
    expect((d.top().state as FindState).message).toBe('Cannot move from “Result ready” to “Refused”. Allowed: 5 Returned.');
  });

  it('every allowed move is on screen at 80x24, wrapped not cut, in both languages', () => {
    const { app, code } = withDossier();
    for (const lang of ['vi', 'en'] as const) {
      const d = testDesk(app, lang, { width: 80, height: 20 });
      d.press('/', code, '\r');
      const text = lines(d).join(' ').replace(/\s+/g, ' ');
      for (const l of lines(d)) expect([...l].length).toBeLessThanOrEqual(80);
      for (const st of ['handed_over', 'processing', 'supplement_requested', 'result_ready', 'refused', 'cancelled'] as const) {
        expect(text).toContain(`${STATE_KEYS[st]} ${d.env().t(`dossier.${st}`)}`);
      }
    }
  });

  it('refusing asks for the reason; Esc leaves the dossier as it was; Enter records it with that reason', () => {
    const { app, code } = withDossier();
    const d = testDesk(app);
    d.press('/', code, '\r', STATE_KEYS.refused);
    expect(ids(d)).toEqual(['main', 'find', 'moveDossier']);
    expect(d.text()).toContain('from “Received” to “Refused');
    d.press('ab', '\r');
    expect(ids(d)).toEqual(['main', 'find', 'moveDossier']);
    expect(d.text()).toContain('Give the reason (at least 3 characters)');
    d.press(ESC);
    expect(ids(d)).toEqual(['main', 'find']);
    expect(app.dossiers.get(code).state).toBe('received');
    d.press(STATE_KEYS.refused, 'Thiếu giấy khai sinh bản chính', '\r');
    expect(ids(d)).toEqual(['main', 'find']);
    const dossier = app.dossiers.get(code);
    expect(dossier.state).toBe('refused');
    expect(app.dossiers.events(dossier).at(-1)?.note).toBe('Thiếu giấy khai sinh bản chính');
  });

  it('a request to supplement asks for the reason and records it', () => {
    const { app, code } = withDossier();
    const d = testDesk(app);
    d.press('/', code, '\r', STATE_KEYS.supplement_requested);
    expect(ids(d)).toEqual(['main', 'find', 'moveDossier']);
    d.press('Mang bản sao CCCD có chứng thực', '\r');
    const dossier = app.dossiers.get(code);
    expect(dossier.state).toBe('supplement_requested');
    expect(app.dossiers.events(dossier).at(-1)?.note).toBe('Mang bản sao CCCD có chứng thực');
  });

  it('the supervisor’s PIN dialog offers Esc to go back and no way to quit', () => {
    const { app, code } = withDossier();
    const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
    app.operators.add('Lan', 'operator', '1357', admin);
    const d = testDesk(app, 'vi');
    d.press('Lan', '\r', '1357', '\r', '/', code, '\r', STATE_KEYS.cancelled, 'Công dân rút hồ sơ', '\r');
    expect(ids(d)).toEqual(['main', 'find', 'approve']);
    const bar = keyBar(d.top(), d.env(), 80);
    expect(bar).toContain('Esc Quay lại');
    expect(bar).not.toMatch(/Ctrl\+C|Thoát/);
  });
});

describe('a slip scanned and the idle lock keep the operator where they were (items 21, 22)', () => {
  it('Esc after opening a dossier by its slip goes back to the screen the operator was on, not to a filled search box', () => {
    const { app, code } = withDossier();
    const d = testDesk(app);
    d.press('/', 'hu');
    expect(ids(d)).toEqual(['main', 'find']);
    d.desk.portScan(code, 'test');
    expect(ids(d)).toEqual(['main', 'find', 'find']);
    expect((d.top().state as FindState).open?.code).toBe(code);
    d.press(ESC);
    expect(ids(d)).toEqual(['main', 'find']);
    expect((d.top().state as FindState).query.text).toBe('hu');
    d.press(ESC);
    expect(ids(d)).toEqual(['main']);
    // from the main screen: back to it
    d.desk.portScan(code, 'test');
    expect(ids(d)).toEqual(['main', 'find']);
    d.press(ESC);
    expect(ids(d)).toEqual(['main']);
  });

  it('after the idle lock the same operator is back on the same step with what was typed; another operator starts from the main screen', () => {
    const { app } = tempApp(() => NOW);
    app.citizenFromQr(QR);
    const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
    app.operators.add('Lan', 'operator', '1357', admin);
    const d = testDesk(app);
    d.press('Lan', '\r', '1357', '\r', 'h', '001152012345', '\r', 'khai sinh');
    expect(ids(d)).toEqual(['main', 'receipt']);
    const before = d.top().state;
    d.desk.lock();
    expect(ids(d)).toEqual(['main', 'receipt', 'locked']);
    // the work is hidden while locked: only the lock is drawn
    expect(d.text()).not.toContain('Hường');
    d.press('1357', '\r');
    expect(ids(d)).toEqual(['main', 'receipt']);
    expect(d.top().state).toBe(before);
    expect(d.text()).toContain('khai sinh');
    // another operator unlocking does not inherit the first one's work
    d.desk.lock();
    d.press('\t', '\x15', 'Trần Hùng', '\t', '2468', '\r');
    expect(ids(d)).toEqual(['main']);
  });
});

function morning(): Luudong {
  const { app } = tempApp(() => NOW);
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil', 'welfare'] }, { no: 2, groups: ['land', 'digital'] }] });
  return app;
}

describe('tickets out of the line, and closing the trip (items 17, 5)', () => {
  it('F7 asks before marking a no-show; anything but Y leaves the ticket called', () => {
    const app = morning();
    app.issue('civil');
    app.callNext(1);
    const d = testDesk(app);
    d.press('\x1b[18~'); // F7
    expect(ids(d)).toEqual(['main', 'confirm']);
    expect(d.text()).toContain('Mark ticket A001 as a no-show?');
    d.press('n');
    expect(ids(d)).toEqual(['main']);
    expect(app.queueState().currentAt(1)?.status).toBe('called');
    d.press('x', 'y');
    expect(app.queueState().byStatus('no_show').map((t) => t.label)).toEqual(['A001']);
  });

  it('the main screen counts the tickets set aside and the no-shows who may come back, with the keys that take them up', () => {
    const app = morning();
    for (let i = 0; i < 3; i++) app.issue('civil');
    app.callNext(1);
    app.noShow(1);
    app.callNext(1);
    app.start(1);
    app.park(1);
    for (const lang of ['vi', 'en'] as const) {
      const d = testDesk(app, lang);
      const title = lines(d).find((l) => l.includes(lang === 'vi' ? 'Hàng chờ' : 'Waiting')) ?? '';
      expect(title).toContain(lang === 'vi' ? 'tạm dừng 1 (U) · vắng 1 (B)' : 'parked 1 (U) · no-shows 1 (B)');
      expect([...title].length).toBeLessThanOrEqual(80);
    }
  });

  it('closing the trip states every ticket’s outcome before it asks, and they add up to the tickets issued', () => {
    const app = morning();
    for (let i = 0; i < 6; i++) app.issue('civil');
    app.callNext(1);
    app.start(1);
    app.finish(1); // 1 done
    app.callNext(1);
    app.noShow(1); // 1 absent
    app.callNext(1);
    app.start(1);
    app.park(1); // 1 set aside
    app.callNext(1);
    app.start(1); // 1 being served; 2 waiting
    const d = testDesk(app);
    d.press('K');
    expect(ids(d)).toEqual(['main', 'confirm']);
    const text = lines(d).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Tickets issued: 6; done 1, no-shows 1, waiting 2, parked 1, called or being served 1.');
    for (const l of lines(d)) expect([...l].length).toBeLessThanOrEqual(76);
    d.press('y');
    expect(app.currentTrip()).toBeUndefined();
    expect(d.desk.state.status?.text).toMatch(/^Trip \d+ closed\. 1 of 6 tickets done, 4 not served\./);
  });
});

describe('a keyboard-mode re-scan never unmarks a name (item 4)', () => {
  const WEDGE = '001152012345|012345678|NGUYEN THI HUONG|15031952|Nu|Thon Doi Dung, xa My Duc, Ha Noi|10082021';

  it('a known citizen re-scanned through the wedge is the stored, marked citizen; nothing is saved over it', () => {
    const { app } = tempApp(() => NOW);
    app.citizenFromInput({ id: '001152012345', oldId: '012345678', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội' });
    const d = testDesk(app);
    d.desk.wedgeScan(WEDGE, 'wedge');
    expect(ids(d)).toEqual(['main', 'receipt']);
    expect(d.text()).toContain('Nguyễn Thị Hường');
    const c = app.citizen('001152012345');
    expect([c?.fullName, c?.address, c?.oldId]).toEqual(['Nguyễn Thị Hường', 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', '012345678']);
    expect(app.citizenHistory('001152012345')).toEqual([]);
  });

  it('whatever path saves it (the form typed without marks, a scan with an empty field), the marked text and the old number stay', () => {
    const { app } = tempApp(() => NOW);
    app.citizenFromInput({ id: '001152012345', oldId: '012345678', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội' });
    app.citizenFromInput({ id: '001152012345', fullName: 'NGUYEN THI HUONG', dob: '15/03/1952', gender: 'Nữ', address: 'Thon Doi Dung, xa My Duc, Ha Noi' });
    let c = app.citizen('001152012345');
    expect([c?.fullName, c?.address, c?.oldId]).toEqual(['Nguyễn Thị Hường', 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', '012345678']);
    // a real change (another address) is still taken, and kept in the history
    app.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Xóm 2, xã Mỹ Đức, Hà Nội' });
    c = app.citizen('001152012345');
    expect(c?.address).toBe('Xóm 2, xã Mỹ Đức, Hà Nội');
    expect(app.citizenHistory('001152012345').map((h) => h.field)).toEqual(['address']);
  });

  it('a new citizen scanned through the wedge keeps the card’s old number through the form', () => {
    const { app } = tempApp(() => NOW);
    const d = testDesk(app);
    d.desk.wedgeScan(WEDGE, 'wedge');
    expect((d.top().state as { step: string }).step).toBe('manual');
    d.press('\x15', 'Nguyễn Thị Hường', '\r', '\r', '\r', '\x15', 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', '\r', '\r');
    const c = app.citizen('001152012345');
    expect([c?.fullName, c?.oldId]).toEqual(['Nguyễn Thị Hường', '012345678']);
  });
});
