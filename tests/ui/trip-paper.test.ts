// Issue 13 item 24: the end of a trip on paper from the counter screen, each by a key of the main
// screen's one binding table: the trip report on A4 through the spool (read back with pdftotext), the
// signed handover bundle (a supervisor's PIN through the approval dialog; written to a folder the
// screen names, verified after), and the schedule of coming trips with its announcements
// (loudspeaker text on screen, the poster as a PDF file, under the trip's own office). Real SQLite
// file, the real router.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDataDir, loadDomainData } from '../../src/app/data.js';
import { verifyHandover } from '../../src/app/handover.js';
import { Luudong } from '../../src/app/luudong.js';
import { formsOf } from '../../src/app/print/jobDocument.js';
import { renderFormsPdf } from '../../src/app/print/formPdf.js';
import { openDatabase } from '../../src/store/db.js';
import { keyBar } from '../../src/ui/bindings.js';
import { testDesk } from '../helpers/desk.js';

const data = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function setup(opts: { operators?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-trip-paper-'));
  const file = join(dir, 'data', 'bus.db');
  let clock = new Date(2026, 10, 23, 8, 0).getTime();
  const app = new Luudong({ db: openDatabase(file), data, now: () => clock, operator: 'Lan', file });
  if (opts.operators) {
    const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
    app.operators.add('Lan', 'operator', '1357', admin);
    app.operators.add('Mai', 'supervisor', '8642', admin);
    app.login('Lan', '1357');
  }
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }] });
  app.issue('civil');
  app.callNext(1);
  app.start(1);
  clock += 5 * 60_000;
  app.citizenFromQr(QR);
  const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' }, { counter: 1 });
  clock += 2 * 60_000;
  app.finish(1);
  app.closeTrip();
  return { dir, file, app, d, tick: (min: number) => (clock += min * 60_000) };
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('the end of the trip on paper, from the counter screen', () => {
  it('I prints the closed trip report on A4 through the spool: the office heading, the figures as tables, the signatures', async () => {
    const { dir, app } = setup();
    const desk = testDesk(app, 'vi');
    // with no A4 printer, it says so (nothing queued)
    desk.press('i');
    expect(desk.desk.state.status).toMatchObject({ kind: 'error' });
    app.printing.addPrinter({ name: 'a4', kind: 'cups', target: 'PDF', paper: 'a4', profile: 'tcvn3', roles: ['a4'] });
    desk.press('I');
    expect(desk.desk.state.status?.text).toBe('Đã gửi lệnh in Báo cáo chuyến A4 1 tới a4.');
    const [job] = app.printing.jobs();
    expect(job).toMatchObject({ kind: 'figures_a4', ref: '1', printer: 'a4', state: 'queued' });
    // what the worker prints for it, drawn as the A4 PDF and read back
    const spec = JSON.parse(app.db.prepare('SELECT document FROM print_jobs WHERE id = ?').pluck().get(job!.id) as string);
    expect(spec).toMatchObject({ kind: 'figures_a4', tripId: 1 });
    const pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, await renderFormsPdf(formsOf(app, spec), join(findDataDir(), 'fonts'), { createdAt: new Date(app.now()) }));
    const text = pdfText(pdf);
    expect(text).toContain('UBND XÃ MỸ ĐỨC');
    expect(text).toContain('BÁO CÁO CHUYẾN 1');
    expect(text).toContain('Nhà văn hóa thôn Đồi Dùng, Xã Mỹ Đức · 23/11/2026 07:30–11:30');
    expect(text).toMatch(/Tổng cộng\s+1\s+1\s+0\s+0/);
    expect(text).toMatch(/khai sinh/i);
    expect(text).toContain('NGƯỜI LẬP BÁO CÁO');
    expect(text).toContain('NGƯỜI KIỂM TRA');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, join(dir, 'report')]);
    expect(existsSync(join(dir, 'report-1.png'))).toBe(true);
    app.db.close();
  });

  it('D writes the handover bundle after a supervisor PIN, where the screen says; Esc on the PIN writes nothing', async () => {
    const { file, app, d } = setup({ operators: true });
    const desk = testDesk(app, 'en');
    // after K: the keys of the end of the trip are in the bar
    const bar = keyBar(desk.top(), desk.env(), 200);
    expect(bar).toContain('I Print A4 report');
    expect(bar).toContain('D Handover');
    expect(bar).toContain('M Schedule');
    desk.press('d');
    expect(desk.top().screen.id).toBe('handover');
    const suggested = join(dirname(file), 'ban-giao-chuyen-1-20261123');
    expect(desk.text()).toContain(suggested);
    expect(desk.text()).toContain('No USB stick found');
    // the operator's own PIN is not enough: the supervisor's is asked
    desk.press('\r');
    expect(desk.top().screen.id).toBe('approve');
    desk.press('\x1b');
    expect(desk.top().screen.id).toBe('handover');
    expect(existsSync(suggested)).toBe(false);
    // a wrong PIN stays on the dialog; the right one writes the bundle
    desk.press('\r', 'Mai', '\r', '1111', '\r');
    expect(desk.top().screen.id).toBe('approve');
    desk.press('\x15', 'Mai', '\r', '8642', '\r');
    await desk.desk.settled();
    expect(desk.top().screen.id).toBe('handover');
    expect(desk.text().replace(/\s+/g, ' ')).toContain(`Handover bundle written (1 dossiers, 0 attachments) to ${suggested}`);
    const v = await verifyHandover(suggested, {});
    expect(v.ok).toBe(true);
    expect(app.dossiers.get(d.code).state).toBe('handed_over');
    // written once: Enter again refuses, naming the folder
    desk.press('\r');
    expect(desk.desk.state.status?.text).toBe(`Already written to ${suggested}.`);
    app.db.close();
  });

  it('M shows the coming trips; 1 gives the loudspeaker text under the trip\'s own office, 3 writes the poster and says where', async () => {
    const { file, app } = setup();
    app.schedule.add({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-30', start: '07:30', end: '11:30', services: [], note: null });
    app.schedule.add({ commune: 'Xã An Phú', place: 'Trường tiểu học', date: '2026-12-02', start: '13:30', end: '16:00', services: [], note: null });
    const desk = testDesk(app, 'vi');
    desk.press('m');
    expect(desk.top().screen.id).toBe('schedule');
    expect(desk.text()).toContain('> 1. 30/11/2026 07:30–11:30  Nhà văn hóa thôn Đồi Dùng, Xã Mỹ Đức');
    expect(desk.text()).toContain('2. 02/12/2026 13:30–16:00  Trường tiểu học, Xã An Phú');
    desk.press('1');
    expect(desk.text().replace(/\s+/g, ' ')).toContain('Kính thưa bà con! Xe Dịch vụ công lưu động của Ủy ban nhân dân xã Mỹ Đức sẽ đến Nhà văn hóa thôn Đồi Dùng, Xã Mỹ Đức');
    expect(app.schedule.get(1).announcedAt).not.toBeNull();
    // Esc closes the text, then the screen
    desk.press('\x1b');
    expect(desk.text()).not.toContain('Kính thưa');
    desk.press('3');
    await desk.desk.settled();
    const poster = join(dirname(file), 'thong-bao', 'thong-bao-chuyen-1-20261130.pdf');
    expect(desk.desk.state.status?.text).toBe(`Đã lưu áp phích vào ${poster}.`);
    const text = pdfText(poster);
    expect(text).toContain('UBND XÃ MỸ ĐỨC');
    expect(text).not.toContain('MINH CHÂU');
    // the other trip: no office for An Phú, the default one
    desk.press('\x1b[B', '2');
    expect(desk.text()).toContain('> 2. 02/12/2026');
    expect(desk.text()).toContain('📢 DỊCH VỤ CÔNG LƯU ĐỘNG – Xã An Phú');
    desk.press('1');
    expect(desk.text().replace(/\s+/g, ' ')).toContain('Ủy ban nhân dân xã Minh Châu sẽ đến Trường tiểu học, Xã An Phú');
    desk.press('\x1b', '\x1b');
    expect(desk.top().screen.id).toBe('main');
    app.db.close();
  });
});
