// Closing the trip at the counter (K, then Y) sends the trip's cash statement (biên bản thu lệ phí)
// to the receipt printer for signatures, as issue 15 asks; with no printer for it the status says
// how to print it later. The status line stays within 80 columns. Real database files, the router.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Luudong } from '../../src/app/luudong.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T04:30:00Z');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function morning(): Luudong {
  const { app } = tempApp(() => NOW);
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil', 'welfare', 'land', 'digital'] }] });
  app.citizenFromQr(QR);
  app.issue('civil');
  app.dossiers.receive({ citizenId: '001152012345', procedure: '2.000635', documents: [0, 1], payment: 'cash', returnMethod: 'commune_office' });
  return app;
}

describe('closing the trip at the counter', () => {
  it('queues the cash statement on the receipt printer', () => {
    const app = morning();
    app.printing.addPrinter({ name: 'quay-1', kind: 'file', target: join(mkdtempSync(join(tmpdir(), 'luudong-close-cash-')), 'out.escpos'), paper: '80', profile: 'tcvn3', roles: ['tickets', 'slips'] });
    const before = app.printing.jobs(50).length;
    const d = testDesk(app, 'en', { width: 80, height: 24 });
    d.press('K', 'y');
    expect(app.currentTrip()).toBeUndefined();
    const status = d.desk.state.status?.text ?? '';
    expect(status).toMatch(/^Trip \d+ closed\. .* Cash statement printing\.$/);
    expect([...status].length).toBeLessThanOrEqual(80);
    const jobs = app.printing.jobs(50);
    expect(jobs.length).toBe(before + 1);
    expect(jobs[0]).toMatchObject({ kind: 'cash', printer: 'quay-1', state: 'queued', ref: String(app.lastTrip()?.id) });
  });

  it('with no printer for it, says how to print it later (in Vietnamese by default)', () => {
    const app = morning();
    const d = testDesk(app, 'vi', { width: 80, height: 24 });
    d.press('K', 'y');
    expect(app.currentTrip()).toBeUndefined();
    const status = d.desk.state.status?.text ?? '';
    expect(status).toMatch(/^Đã đóng chuyến \d+\. .* Chưa có máy in: report cash\.$/);
    expect([...status].length).toBeLessThanOrEqual(80);
    expect(app.printing.jobs(50).filter((j) => j.kind === 'cash')).toEqual([]);
  });
});
