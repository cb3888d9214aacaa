// Issue 13 item 8: a result returned at the vehicle's next visit has a due date and a place that
// agree: the next scheduled visit to the trip's place (its date and opening hour) when one is
// scheduled on or after the due date, never a blank place; no receipt at all with no trip open or no
// such visit in the schedule (the reason said).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { receiptForms } from '../../src/app/forms/index.js';
import { Luudong } from '../../src/app/luudong.js';
import { slipModel, slipText } from '../../src/app/slip.js';
import { translator as makeT } from '../../src/i18n/index.js';
import { openDatabase } from '../../src/store/db.js';
import { refusal } from '../helpers/refusal.js';

const data = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
// Mon 2026-11-23 09:00 local
const now = () => new Date(2026, 10, 23, 9, 0).getTime();
const PLACE = { commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng' };
// A procedure taking a few working days, every mandatory paper handed over.
const P = data.procedures.find((p) => p.processingDays >= 3 && p.processingDays <= 5 && p.fee.rule.kind !== 'province') as (typeof data.procedures)[number];
const docs = P.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
const input = { citizenId: '001152012345', procedure: P.code ?? P.name.vi, documents: docs, payment: 'exempt' as const, returnMethod: 'next_visit' as const };

function setup(open = true) {
  const file = join(mkdtempSync(join(tmpdir(), 'luudong-return-visit-')), 'bus.db');
  const app = new Luudong({ db: openDatabase(file), data, now, operator: 'Lan', file });
  if (open) app.openTrip({ ...PLACE, date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }], officeId: 'minh-chau' });
  app.citizenFromQr(QR);
  return app;
}

const plan = (app: Luudong, p: { commune: string; place: string; date: string; start?: string }) =>
  app.schedule.add({ commune: p.commune, place: p.place, date: p.date, start: p.start ?? '08:00', end: '11:00', services: [], note: null });

describe('return at the next visit: the date and the place agree', () => {
  it('is refused with the reason when no trip is open (the place would be blank), and stores nothing', () => {
    const app = setup(false);
    expect(P).toBeTruthy();
    const e = refusal(() => app.dossiers.receive(input));
    expect(e.code).toBe('err.receipt.visitNoTrip');
    expect(makeT('vi')(e.code as never)).toMatch(/Chưa mở chuyến/);
    expect(app.dossiers.find('001152012345')).toEqual([]);
    // Another way of return is still taken.
    expect(app.dossiers.receive({ ...input, returnMethod: 'commune_office' }).returnMethod).toBe('commune_office');
    app.db.close();
  });

  it('takes the first visit to this place on or after the due date: its date and hour, on the slip and the A4 form', () => {
    const app = setup();
    const counted = setup().dossiers.receive({ ...input, returnMethod: 'commune_office' }).dueDate; // the working-day due date
    expect(counted > '2026-11-23').toBe(true);
    expect(counted <= '2026-12-15').toBe(true);
    plan(app, { ...PLACE, date: '2026-11-24' }); // before the due date: too early
    plan(app, { commune: 'Mỹ Đức', place: 'Sân kho thôn Tế Tiêu', date: '2026-12-08' }); // another place
    const cancelled = plan(app, { ...PLACE, date: '2026-12-09' });
    app.schedule.cancel(cancelled.id);
    plan(app, { commune: 'my duc', place: 'NHÀ VĂN HOÁ THÔN ĐỒI DÙNG', date: '2026-12-15', start: '07:30' }); // same place, written otherwise
    plan(app, { ...PLACE, date: '2026-12-22' });
    const d = app.dossiers.receive(input);
    expect(d.dueDate).toBe('2026-12-15');
    expect(d.dueTime).toBe('07:30');
    const t = makeT('vi');
    const slip = slipText(slipModel(t, 'vi', d, app.citizen(d.citizenId), app.offices.ofDossier(d, app.currentTrip()), app.currentTrip()), 200).join('\n');
    expect(slip).toContain('Thời gian trả kết quả: 15/12/2026');
    expect(slip).toContain('điểm phục vụ lưu động Nhà văn hóa thôn Đồi Dùng, Mỹ Đức, lần phục vụ đầu tiên từ ngày 15/12/2026');
    expect(slip).not.toMatch(/kế tiếp|next visit/);
    const form = JSON.stringify(receiptForms(app, d.code, [1])[0]);
    expect(form).toContain('lần phục vụ đầu tiên từ ngày 15/12/2026');
    expect(form).toContain('07 giờ 30 phút, ngày 15/12/2026');
    app.db.close();
  });

  it('with no visit to this place on or after the due date is refused with the reason, and stores nothing', () => {
    const app = setup();
    const counted = setup().dossiers.receive({ ...input, returnMethod: 'commune_office' }).dueDate;
    const due = `${counted.slice(8, 10)}/${counted.slice(5, 7)}/${counted.slice(0, 4)}`;
    // nothing scheduled; then only a visit before the due date, one elsewhere, one cancelled
    for (const step of [
      () => undefined,
      () => plan(app, { ...PLACE, date: '2026-11-24' }),
      () => plan(app, { commune: 'Mỹ Đức', place: 'Sân kho thôn Tế Tiêu', date: '2026-12-21' }),
      () => app.schedule.cancel(plan(app, { ...PLACE, date: '2026-12-22' }).id),
    ]) {
      step();
      const e = refusal(() => app.dossiers.receive(input));
      expect(e.code).toBe('err.receipt.visitNone');
      const said = makeT('vi')(e.code as never, e.params as never);
      expect(said).toContain(`Nhà văn hóa thôn Đồi Dùng, Mỹ Đức từ ngày ${due}`);
      expect(said).toMatch(/UBND xã hoặc qua bưu chính/);
      expect(makeT('en')(e.code as never, e.params as never)).toContain(`on or after ${due}`);
    }
    expect(app.dossiers.find('001152012345')).toEqual([]);
    // once a visit is scheduled on or after the due date, the same receipt is taken for it
    plan(app, { ...PLACE, date: '2026-12-29' });
    expect(app.dossiers.receive(input).dueDate).toBe('2026-12-29');
    app.db.close();
  });
});
