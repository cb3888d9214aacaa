// Issue 13, the screens' items: the office of the trip, minutes that never go below 0, the status
// line that expires, the trip form's help (office, planned trip, operator, date, group letters).
// The real router on real database files (tests/helpers/desk.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { jobDocument } from '../../src/app/print/jobDocument.js';
import { runDoctor } from '../../src/cli/doctor.js';
import { documentText } from '../../src/core/print/layout.js';
import { officeForCommune } from '../../src/core/office.js';
import { minutes } from '../../src/core/time.js';
import { openDatabase } from '../../src/store/db.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T01:30:00Z'); // a Monday, 08:30 in Hà Nội
const ESC = '\x1b';
const F3 = '\x1bOR';
const TRIP = { place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil', 'welfare'] }] };

/** An app as shipped: the offices of data/offices.json as they are (examples, verified: false). */
function shippedApp(now = () => NOW) {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-screens-'));
  const file = join(dir, 'bus.db');
  return { app: new Luudong({ db: openDatabase(file), data: loadDomainData(), now, file }), file };
}

describe('the office follows the trip\'s commune (item 6)', () => {
  it('a trip at Xã Mỹ Đức is opened for the office of Mỹ Đức, not the first one', () => {
    const { app } = shippedApp();
    const trip = app.openTrip({ commune: 'Xã Mỹ Đức', ...TRIP });
    expect(trip.officeId).toBe('my-duc');
    expect(app.offices.ofTrip(trip).agencyCode).toBe('H26.107');
  });

  it('matches by place or parent agency, any case or accents; an unknown commune takes the first office', () => {
    const offices = loadDomainData().offices;
    expect(officeForCommune(offices, 'xa phuc lam')?.id).toBe('phuc-lam');
    expect(officeForCommune(offices, 'UBND xã Minh Châu')?.id).toBe('minh-chau');
    expect(officeForCommune(offices, 'Phường Mỹ Đức')?.id).toBe('my-duc');
    expect(officeForCommune(offices, 'Xã Mỹ Đức, Hà Nội')?.id).toBe('my-duc');
    expect(officeForCommune(offices, 'Xã Đông Sơn')).toBeNull();
    const { app } = shippedApp();
    expect(app.openTrip({ commune: 'Xã Đông Sơn', ...TRIP }).officeId).toBe('minh-chau');
  });

  it('the trip form shows the commune\'s office, warns while it is an example, F3 chooses another, and the trip keeps it', () => {
    const { app } = shippedApp();
    const d = testDesk(app, 'vi', { width: 80, height: 21 });
    d.press('o', 'Xã Mỹ Đức');
    expect(d.text()).toMatch(/Cơ quan\s+Bộ phận tiếp nhận và trả kết quả\s+\(H26\.107\)/);
    expect(d.text()).toContain('Cơ quan còn là mẫu chưa xác nhận');
    // The key that fixes it is named, whole, within 80 columns (the warning wraps).
    expect(d.text().replace(/\s+/g, ' ')).toContain('mở chuyến rồi bấm F12 ở màn hình chính để khai báo (hoặc luudong office set my-duc)');
    const warning = d.text().split('\n').filter((l) => /còn là mẫu|F12|my-duc\)/.test(l));
    expect(warning.length).toBeGreaterThan(1);
    expect(warning.every((l) => [...l].length <= 80)).toBe(true);
    d.press(F3);
    expect(d.text()).toMatch(/xã Phúc\s+Lâm \(H01\.151\.01\)/);
    d.press('\t', TRIP.place, '\t\t\t\t', 'Lan', '\r', '\r');
    expect(app.currentTrip()?.officeId).toBe('phuc-lam');
    // opened for an example office: said in red on the status line
    expect(d.desk.state.status?.kind).toBe('error');
    expect(d.desk.state.status?.text).toContain('còn là mẫu');
  });

  it('no warning once the office and its account are confirmed', () => {
    const { app } = shippedApp();
    app.offices.set('my-duc', { verified: true });
    const d = testDesk(app, 'en', { width: 80, height: 21 });
    d.press('o', 'Xã Mỹ Đức');
    expect(d.text()).not.toContain('example');
  });

  it('doctor warns while an office or its bank account is an example', async () => {
    const { app, file } = shippedApp();
    const offices = (await runDoctor(app, file)).filter((c) => c.what === 'dr.check.office');
    expect(offices.map((c) => [c.params?.id, c.level, c.detail])).toEqual([
      ['minh-chau', 'warn', 'dr.officeBankPlaceholder'],
      ['my-duc', 'warn', 'dr.officePlaceholder'],
      ['phuc-lam', 'warn', 'dr.officeBankPlaceholder'],
    ]);
    app.offices.set('my-duc', { verified: true });
    const after = (await runDoctor(app, file)).find((c) => c.what === 'dr.check.office' && c.params?.id === 'my-duc');
    expect(after?.level).toBe('ok');
  });
});

describe('minutes on screen (item 10)', () => {
  it('never below 0', () => {
    expect(minutes(-40_000)).toBe(0);
    expect(minutes(-5 * 60_000)).toBe(0);
    expect(minutes(20_000)).toBe(0);
    expect(minutes(90_000)).toBe(2);
  });

  it('a call stamped by a clock 40 s ahead shows 0 min, not -1', () => {
    let now = NOW + 40_000;
    const { app } = tempApp(() => now);
    app.openTrip({ commune: 'Xã Mỹ Đức', ...TRIP });
    app.issue('civil');
    app.callNext(1);
    now = NOW;
    const d = testDesk(app, 'vi');
    expect(d.text()).toMatch(/A001 .* 0 phút/);
    expect(d.text()).not.toContain('-1');
  });
});

describe('the status line (item 13)', () => {
  it('a message goes once the next action starts: the welcome is gone on the trip form, a refusal is gone on the receipt', () => {
    const { app } = tempApp(() => NOW);
    const d = testDesk(app, 'vi');
    expect(d.desk.state.status?.text).toContain('Chọn quầy');
    d.press('o');
    expect(d.desk.state.status).toBeNull();
    d.press(ESC);
    app.openTrip({ commune: 'Xã Mỹ Đức', ...TRIP });
    d.press('c'); // nobody waiting: refused
    expect(d.desk.state.status?.kind).toBe('error');
    d.press('h');
    expect(d.top().screen.id).toBe('receipt');
    expect(d.desk.state.status).toBeNull();
  });
});

describe('the trip form (item 23)', () => {
  it('offers the next planned trip, the operator logged in, the group letters, and warns of a weekend', () => {
    const { app } = tempApp(() => NOW);
    app.operators.add('Trần Hùng', 'admin', '2468', null);
    app.login('Trần Hùng', '2468');
    app.schedule.add({ commune: 'Xã Phúc Lâm', place: 'Sân kho HTX', date: '2026-11-28', start: '08:00', end: '11:00', services: [], note: null });
    const d = testDesk(app, 'vi', { width: 80, height: 21 });
    d.press('o');
    const text = d.text();
    expect(text).toContain('Theo lịch đã lên');
    expect(text).toMatch(/Xã\/phường\s+Xã Phúc Lâm/);
    expect(text).toMatch(/Địa điểm\s+Sân kho HTX/);
    expect(text).toMatch(/Ngày\s+28\/11\/2026/);
    expect(text).toMatch(/Cán bộ \(cách nhau dấu phẩy\)\s+Trần Hùng/);
    expect(text).toContain('28/11/2026 là thứ Bảy');
    expect(text).toContain('A=Hộ tịch');
    expect(text).toContain('K=Tư vấn pháp luật');
  });

  it('warns of a public holiday, not of a working day', () => {
    const { app } = tempApp(() => NOW);
    const d = testDesk(app, 'en', { width: 80, height: 21 });
    d.press('o', '\t\t', '\x15', '2026-09-02');
    expect(d.text()).toContain('02/09/2026 (Wednesday) is a public holiday');
    d.press('\x15', '2026-09-03');
    expect(d.text()).not.toContain('holiday');
  });
});

describe('search finds what the lists show (item 11)', () => {
  const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
  it('by the short code "YYMMDD-NNNN", without the dash, and by the day\'s number; the box opens empty', () => {
    const { app } = tempApp(() => NOW);
    app.openTrip({ commune: 'Xã Mỹ Đức', ...TRIP });
    app.citizenFromQr(QR);
    const receive = () => app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
    receive();
    const second = receive();
    const short = second.code.slice(-11);
    expect(short).toBe('261123-0002');
    const d = testDesk(app, 'vi');
    d.press('/');
    expect((d.top().state as { query: { text: string } }).query.text).toBe('');
    for (const q of [short, '2611230002', '0002', '2']) {
      d.press('\x15', q);
      const rows = d.view().lines.map((l) => (typeof l === 'string' ? l : l.text)).filter((l) => /^[> ] \d{6}-\d{4} /.test(l));
      expect([q, rows.length, rows[0]?.includes(short)], d.text()).toEqual([q, 1, true]);
    }
    d.press('\x15', '1');
    expect(d.text()).toContain('261123-0001');
    expect(d.text()).not.toContain('261123-0002');
  });
});

describe('paper is Vietnamese whatever the desk speaks (item 7)', () => {
  it('a ticket printed from an English desk is in Vietnamese, under the trip\'s office', () => {
    const { app } = shippedApp();
    app.openTrip({ commune: 'Xã Mỹ Đức', ...TRIP });
    const tk = app.issue('civil', 'elderly').ticket;
    const text = documentText(jobDocument(app, { kind: 'ticket', ticketId: tk.id, lang: 'en' }, { name: 'pos', kind: 'file', target: '/dev/null', paper: '80', roles: ['tickets'], profile: 'generic' } as never), 42).join('\n');
    expect(text).toContain('UBND XÃ MỸ ĐỨC');
    expect(text).toContain('Hộ tịch');
    expect(text).toContain('Người cao tuổi');
    expect(text).not.toMatch(/Civil status|Elderly|Minh Châu/i);
  });
});

describe('no internal names on screen (item 12)', () => {
  it('print jobs say what they print, and a job kept as a PDF is not "printed"', () => {
    const { app } = tempApp(() => NOW);
    app.openTrip({ commune: 'Xã Mỹ Đức', ...TRIP });
    app.citizenFromQr('001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021');
    const dossier = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
    const jobs = app.printing.jobs(10);
    expect(jobs.map((j) => [j.kind, j.printer])).toEqual([['slip_a4', '']]); // no printer set up: the A4 slip is kept as a PDF
    const taken = app.printing.claim(); // the print worker takes it and keeps the PDF
    app.printing.done(taken!);
    for (const lang of ['vi', 'en'] as const) {
      const d = testDesk(app, lang);
      d.press('j');
      const text = d.text();
      expect(text).toContain(`${lang === 'vi' ? 'Giấy hẹn A4' : 'Receipt slip A4'} ${dossier.code}`);
      expect(text).toContain(lang === 'vi' ? 'đã lưu PDF' : 'PDF kept');
      expect(text).not.toContain('slip_a4');
      expect(text).not.toMatch(/đã in|printed/);
    }
  });

  it('walk-in offers only the groups the counter serves', () => {
    const { app } = tempApp(() => NOW);
    app.openTrip({ commune: 'Xã Mỹ Đức', ...TRIP }); // counter 1: civil (A), welfare (E)
    const d = testDesk(app, 'vi');
    d.press('w');
    const text = d.text();
    expect(text).toContain('A   Hộ tịch');
    expect(text).toContain('E   Bảo trợ xã hội');
    expect(text).not.toContain('Hỗ trợ số');
    d.press('h'); // digital: not served here, nothing happens
    expect(d.top().screen.id).toBe('pickGroup');
    expect(app.queueState().currentAt(1)).toBeUndefined();
    d.press('e');
    expect(app.queueState().currentAt(1)?.label).toBe('E001');
  });
});

describe('schedule changes from another process reach the screen (item 25)', () => {
  it('a trip planned by the CLI (another connection) moves the revision the screen redraws on, and the main screen shows it', () => {
    const { app, file } = shippedApp();
    const cli = new Luudong({ db: openDatabase(file), data: loadDomainData(), now: () => NOW, file });
    app.refresh(); // caught up
    const before = app.revision;
    cli.schedule.add({ commune: 'Xã Phúc Lâm', place: 'Sân kho hợp tác xã', date: '2026-11-30', start: '07:30', end: '11:30', services: [], note: null });
    expect(app.refresh()).toBe(true);
    expect(app.revision).toBeGreaterThan(before);
    expect(testDesk(app, 'vi').text()).toContain('Sân kho hợp tác xã');
    expect(app.refresh()).toBe(false); // nothing new since
  });
});
