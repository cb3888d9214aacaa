// Dossier receipt on a real database file: codes, checklist, fees and VietQR, return by post, due
// dates, the lifecycle with its events, search, help without a dossier and satisfaction.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { checkCrc, parseEmvTlv } from '../../src/core/vietqr.js';
import { openDatabase } from '../../src/store/db.js';
import { refusal } from '../helpers/refusal.js';

const data = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const QR2 = '036090001234||Trần Văn An|02011990|Nam|Xóm 3, xã Hải Anh, Nam Định|01022022';
// Mon 2026-11-23 09:00 local (tests run with TZ unset = UTC unless the machine says otherwise)
let clock = new Date(2026, 10, 23, 9, 0).getTime();
const now = () => clock;
const fresh = () => join(mkdtempSync(join(tmpdir(), 'luudong-dossiers-')), 'bus.db');
const AGENCY = data.office.agencyCode;

function setup(file = fresh()) {
  clock = new Date(2026, 10, 23, 9, 0).getTime();
  const app = new Luudong({ db: openDatabase(file), data, now, operator: 'Lan', file });
  app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }], officeId: 'minh-chau' });
  app.citizenFromQr(QR);
  return app;
}

const allMandatory = (key: string) =>
  (data.procedures.find((p) => p.code === key)?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));

describe('dossier receipt', () => {
  it('gives codes agency-YYMMDD-0001, 0002… and counts the due date in working days', () => {
    const app = setup();
    const birth = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: allMandatory('1.001193'), payment: 'exempt', returnMethod: 'commune_office' });
    expect(birth.code).toBe(`${AGENCY}-261123-0001`);
    expect(birth.state).toBe('received');
    expect(birth.dueDate).toBe('2026-11-23'); // same day procedure, before the cut-off
    expect(birth.documents.filter((d) => d.received).length).toBe(allMandatory('1.001193').length);
    const second = app.dossiers.receive({ citizenId: '001152012345', procedure: 'Đăng ký khai sinh', documents: allMandatory('1.001193'), payment: 'exempt', returnMethod: 'commune_office' });
    expect(second.code).toBe(`${AGENCY}-261123-0002`);
    expect(app.dossiers.events(birth)).toEqual([{ at: clock, from: null, to: 'received', operator: 'Lan', note: null }]);
    app.db.close();
  });

  it('refuses a dossier missing a mandatory document and stores nothing, not even a number', () => {
    const app = setup();
    const e = refusal(() => app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0], payment: 'exempt', returnMethod: 'commune_office' }));
    expect(e.code).toBe('err.receipt.missingDocuments');
    expect(e.params.numbers).toBe('2, 3');
    const ok = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
    expect(ok.seq).toBe(1);
    app.db.close();
  });

  it('a fee paid by bank transfer carries a VietQR payload for the exact fee with the code as the note', () => {
    const app = setup();
    // the shipped account is a placeholder: no QR for it, until the office confirms its own
    const p0 = data.procedures.find((x) => x.feeVnd > 0) as (typeof data.procedures)[number];
    expect(refusal(() => app.dossiers.receive({ citizenId: '001152012345', procedure: p0.code ?? p0.name.vi, documents: p0.documents.flatMap((d, i) => (d.mandatory ? [i] : [])), payment: 'bank_qr', returnMethod: 'commune_office' })).code).toBe('err.receipt.bankUnverified');
    app.offices.set(data.office.id, { bank: { verified: true } });
    const p = data.procedures.find((x) => x.feeVnd > 0);
    if (!p) throw new Error('the catalogue has no paid procedure');
    const docs = p.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: p.code ?? p.name.vi, documents: docs, payment: 'bank_qr', returnMethod: 'commune_office' });
    expect(d.feeVnd).toBe(p.feeVnd);
    expect(d.vietqr && checkCrc(d.vietqr)).toBe(true);
    const f = parseEmvTlv(d.vietqr as string);
    expect(f.get('54')).toBe(String(p.feeVnd));
    expect(parseEmvTlv(f.get('62') as string).get('08')).toBe(d.code.slice(-25)); // the whole code when it fits
    expect(parseEmvTlv(parseEmvTlv(f.get('38') as string).get('01') as string).get('01')).toBe(data.office.bank?.account);
    // a fee of 0 must be marked exempt, and exempt means nothing to pay
    expect(refusal(() => app.dossiers.receive({ citizenId: '001152012345', procedure: p.code ?? p.name.vi, documents: docs, feeVnd: 0, payment: 'cash', returnMethod: 'commune_office' })).code).toBe('err.receipt.zeroFee');
    const exempt = app.dossiers.receive({ citizenId: '001152012345', procedure: p.code ?? p.name.vi, documents: docs, payment: 'exempt', returnMethod: 'commune_office' });
    expect(exempt.feeVnd).toBe(0);
    expect(exempt.vietqr).toBeNull();
    app.db.close();
  });

  it('with a long agency code the transfer note keeps the date and the day\'s number', () => {
    const office = { ...data.office, agencyCode: '000.00.20.H26.XA.0123', bank: { ...(data.office.bank as NonNullable<typeof data.office.bank>), verified: true } };
    const app = new Luudong({ db: openDatabase(fresh()), data: { ...data, office, offices: [office] }, now, operator: 'Lan' });
    app.citizenFromQr(QR);
    const p = data.procedures.find((x) => x.feeVnd > 0);
    if (!p) throw new Error('the catalogue has no paid procedure');
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: p.code ?? p.name.vi, documents: p.documents.flatMap((x, i) => (x.mandatory ? [i] : [])), payment: 'bank_qr', returnMethod: 'commune_office' });
    const note = parseEmvTlv(parseEmvTlv(d.vietqr as string).get('62') as string).get('08');
    expect(d.code).toBe('000.00.20.H26.XA.0123-261123-0001');
    expect(note).toBe('0.H26.XA.0123-261123-0001');
    expect(note?.endsWith('-261123-0001')).toBe(true);
    app.db.close();
  });

  it('return by post defaults to the card address and the office postal fee; refused where the result may not travel', () => {
    const app = setup();
    const postal = data.procedures.find((x) => x.postalReturn && x.feeVnd === 0);
    if (!postal) throw new Error("no free procedure returned by post");
    const docs = postal.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: postal.code ?? postal.name.vi, documents: docs, payment: 'exempt', returnMethod: 'post' });
    expect(d.postalAddress).toBe('Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội');
    expect(d.postalFeeVnd).toBe(data.office.postalFeeVnd);
    const edited = app.dossiers.receive({ citizenId: '001152012345', procedure: postal.code ?? postal.name.vi, documents: docs, payment: 'exempt', returnMethod: 'post', postalAddress: '  Số 5,  ngõ 2, Hà Đông ', postalFeeVnd: 30000 });
    expect(edited.postalAddress).toBe('Số 5, ngõ 2, Hà Đông');
    const local = data.procedures.find((x) => !x.postalReturn);
    if (local) {
      const ld = local.documents.flatMap((x, i) => (x.mandatory ? [i] : []));
      expect(refusal(() => app.dossiers.receive({ citizenId: '001152012345', procedure: local.code ?? local.name.vi, documents: ld, payment: 'exempt', feeVnd: 0, returnMethod: 'post' })).code).toBe('err.receipt.noPostal');
    }
    app.db.close();
  });

  it('after the afternoon cut-off counting starts the next working day', () => {
    const app = setup();
    const p = data.procedures.find((x) => x.processingDays === 3);
    if (!p) throw new Error('no 3-day procedure');
    clock = new Date(2026, 10, 27, 16, 0).getTime(); // Friday 16:00
    const docs = p.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: p.code ?? p.name.vi, documents: docs, payment: 'exempt', returnMethod: 'commune_office' });
    // starts Mon 30/11, due three working days later: Thu 3/12
    expect(d.dueDate).toBe('2026-12-03');
    expect(d.code).toBe(`${AGENCY}-261127-0001`); // a new day, a new sequence
    app.db.close();
  });

  it('links the dossier to the ticket being served, so its receipt time is measured', () => {
    const app = setup();
    app.issue('civil');
    app.callNext(1);
    app.start(1);
    clock += 4 * 60_000;
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: allMandatory('1.001193'), payment: 'exempt', returnMethod: 'commune_office' }, { counter: 1 });
    expect(d.ticketLabel).toMatch(/^A/);
    const f = app.dossierFigures();
    expect(f.dossiers).toBe(1);
    expect(f.receipt.medianMs).toBe(4 * 60_000);
    expect(f.byProcedure[0]).toMatchObject({ key: '1.001193', n: 1 });
    app.db.close();
  });

  it('moves only along the lifecycle, each change an event; judged early / on time / late', () => {
    const app = setup();
    const p = data.procedures.find((x) => x.processingDays >= 2);
    if (!p) throw new Error('no multi-day procedure');
    const docs = p.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: p.code ?? p.name.vi, documents: docs, payment: 'exempt', returnMethod: 'commune_office' });
    const e = refusal(() => app.dossiers.setState(d.code, 'returned'));
    expect(e.code).toBe('err.dossier.transition');
    app.dossiers.setState(d.code, 'handed_over', 'Sổ bàn giao 12');
    app.dossiers.setState(d.code.toLowerCase(), 'processing');
    clock = new Date(2026, 10, 24, 10, 0).getTime();
    const ready = app.dossiers.setState(d.code, 'result_ready');
    expect(ready.resultOn).toBe('2026-11-24');
    expect(app.dossiers.timeliness(ready)).toBe('early');
    const back = app.dossiers.setState(d.code, 'returned');
    expect(app.dossiers.events(back).map((x) => [x.from, x.to, x.note])).toEqual([
      [null, 'received', null],
      ['received', 'handed_over', 'Sổ bàn giao 12'],
      ['handed_over', 'processing', null],
      ['processing', 'result_ready', null],
      ['result_ready', 'returned', null],
    ]);
    expect(() => app.db.prepare('DELETE FROM dossier_events').run()).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM dossiers').run()).toThrow(/never deleted/);
    app.db.close();
  });

  it('finds by code, by ID number and by name without diacritics', () => {
    const app = setup();
    app.citizenFromQr(QR2);
    const a = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: allMandatory('1.001193'), payment: 'exempt', returnMethod: 'commune_office' });
    clock += 60_000;
    const b = app.dossiers.receive({ citizenId: '036090001234', procedure: '1.001193', documents: allMandatory('1.001193'), payment: 'exempt', returnMethod: 'commune_office' });
    expect(app.dossiers.find(` ${a.code.toLowerCase()} `).map((d) => d.code)).toEqual([a.code]);
    expect(app.dossiers.find('036090001234').map((d) => d.code)).toEqual([b.code]);
    expect(app.dossiers.find('nguyen thi huong').map((d) => d.code)).toEqual([a.code]);
    expect(app.dossiers.find('TRẦN an').map((d) => d.code)).toEqual([b.code]);
    expect(app.dossiers.find('an')).toHaveLength(1); // word starts only: not "Hường", "Trần"
    expect(app.dossiers.find('%')).toEqual([]);
    expect(refusal(() => app.dossiers.get('000.00.20.H26-261123-0099')).code).toBe('err.dossier.notFound');
    expect(refusal(() => app.dossiers.get('hello')).code).toBe('err.dossier.badCode');
    app.db.close();
  });

  it('logs help without a dossier with the citizen of the ticket, and ratings of finished tickets', () => {
    const app = setup();
    app.issue('digital');
    app.callNext(1);
    app.start(1);
    app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: allMandatory('1.001193'), payment: 'exempt', returnMethod: 'commune_office' }, { counter: 1 });
    const h = app.dossiers.logHelp('1', { counter: 1 });
    expect(h).toMatchObject({ kind: 'vneid', citizen: { id: '001152012345' } });
    app.dossiers.logHelp('status_check', null);
    expect(refusal(() => app.dossiers.logHelp('9', null)).code).toBe('err.help.unknown');
    expect(refusal(() => app.dossiers.rate(5, { counter: 1 })).code).toBe('err.rating.none');
    const t = app.finish(1).ticket;
    expect(refusal(() => app.dossiers.rate(6, { counter: 1 })).code).toBe('err.rating.score');
    app.dossiers.rate(4, { counter: 1 });
    app.dossiers.rate(5, { label: t.label }); // a second rating replaces the first
    const f = app.dossierFigures();
    expect(f.help.find((x) => x.code === 'vneid')?.n).toBe(1);
    expect(f.helpTotal).toBe(2);
    expect(f.ratings).toEqual({ n: 1, mean: 5, counts: [0, 0, 0, 0, 1] });
    app.db.close();
  });

  it('keeps the numbering after a restart: a code is never given twice', () => {
    const file = fresh();
    const app = setup(file);
    const a = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: allMandatory('1.001193'), payment: 'exempt', returnMethod: 'commune_office' });
    app.dossiers.setState(a.code, 'cancelled', 'nhầm thủ tục');
    app.db.close();
    const again = new Luudong({ db: openDatabase(file), data, now, file });
    const b = again.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: allMandatory('1.001193'), payment: 'exempt', returnMethod: 'commune_office' });
    expect(b.seq).toBe(2);
    again.db.close();
  });
});
