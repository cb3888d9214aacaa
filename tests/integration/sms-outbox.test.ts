// The text-message outbox on a real database file (issue 18): each message is queued in the
// transaction of what causes it, once per kind and cause; nothing is queued without a modem or for
// a refused action; no ID number or name goes into a text; a dead sender's messages are queued again
// or held for the operator, never sent twice on their own; the daily cap; old numbers are erased.
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { openDatabase } from '../../src/store/db.js';
import { refusal } from '../helpers/refusal.js';

const data = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
let clock = new Date(2026, 10, 23, 9, 0).getTime();
const now = () => clock;
const fresh = () => join(mkdtempSync(join(tmpdir(), `luudong-sms-${process.pid}-`)), 'bus.db');
const docs = (key: string) => (data.procedures.find((p) => p.code === key)?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));

function setup(opts: { modem?: boolean } = {}) {
  clock = new Date(2026, 10, 23, 9, 0).getTime();
  const file = fresh();
  const app = new Luudong({ db: openDatabase(file), data, now, operator: 'Lan', file });
  app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }] });
  // results come back at the next visit to this place (issue 13 item 8: a visit must be scheduled on or after the due date)
  app.schedule.add({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2027-01-11', start: '07:30', end: '11:30', services: [], note: null });
  app.citizenFromQr(QR);
  if (opts.modem !== false) app.sms.addModem({ name: 'e3372', port: '/dev/ttyUSB2', baudRate: 115200, simPin: false });
  return app;
}

const receipt = (app: Luudong, extra: Record<string, unknown> = {}) =>
  app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: docs('1.001193'), payment: 'exempt', returnMethod: 'next_visit', phone: '0912 345 678', sms: true, ...extra });

describe('the SMS outbox', () => {
  it('queues the code and due date with the receipt, in Vietnamese, with no ID number or name', () => {
    const app = setup();
    const d = receipt(app);
    const [m] = app.sms.list();
    expect(m).toMatchObject({ kind: 'receipt', cause: `dossier:${d.id}`, phone: '+84912345678', state: 'queued', alphabet: 'ucs2' });
    expect(m?.text).toContain(d.code);
    // due at the next visit scheduled there (11/01/2027), as the slip says
    expect(d.dueDate).toBe('2027-01-11');
    expect(m?.text).toContain('11/01/2027');
    expect(m?.text).toMatch(/Đã tiếp nhận hồ sơ/);
    expect(m?.text).not.toContain('001152012345');
    expect(m?.text?.toUpperCase()).not.toContain('HƯỜNG');
    expect(app.sms.parts(m!)).toHaveLength(m!.parts);
    // A citizen who did not ask gets nothing.
    receipt(app, { sms: false });
    expect(app.sms.list()).toHaveLength(1);
    app.db.close();
  });

  it('refuses the opt-in without a modem or with a number that is not a mobile one, and keeps nothing of that receipt', () => {
    const none = setup({ modem: false });
    expect(refusal(() => receipt(none)).code).toBe('err.modem.none');
    expect(none.dossiers.find('001152012345')).toHaveLength(0);
    const app = setup();
    expect(refusal(() => receipt(app, { phone: '024 3825 1234' })).code).toMatch(/err\.(sms\.notMobile|receipt\.phone)/);
    expect(refusal(() => receipt(app, { phone: null })).code).toBe('err.sms.noPhone');
    expect(app.dossiers.find('001152012345')).toHaveLength(0);
    expect(app.sms.list()).toHaveLength(0);
    app.db.close();
  });

  it('tells where and when to collect a ready result, once, from the next planned visit to that commune', () => {
    const app = setup();
    const d = receipt(app);
    app.schedule.add({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-12-07', start: '07:30', end: '11:30', services: [], note: null });
    app.dossiers.setState(d.code, 'processing');
    app.dossiers.setState(d.code, 'result_ready');
    const ready = app.sms.list().filter((m) => m.kind === 'result_ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]?.text).toContain('07/12/2026');
    expect(ready[0]?.text).toContain('Nhà văn hóa thôn Đồi Dùng');
    expect(ready[0]?.priority).toBeLessThan(app.sms.list().find((m) => m.kind === 'receipt')!.priority);
    app.db.close();
  });

  it('says "your turn is near" once when N tickets are ahead, not to a ticket already that near at issue', () => {
    const app = setup();
    const g = data.groups[0]!.code;
    for (let i = 0; i < 5; i++) app.issue(g);
    const far = app.issue(g, null, { phone: '0987654321' }).ticket;
    const near = setup(); // another vehicle: a ticket issued with few ahead
    near.issue(g);
    near.issue(g, null, { phone: '0987654321' });
    near.callNext(1);
    near.finish(1);
    near.callNext(1);
    expect(near.sms.list()).toHaveLength(0);
    near.db.close();

    app.callNext(1); // 4 ahead
    expect(app.sms.list()).toHaveLength(0);
    app.finish(1);
    app.callNext(1); // 3 ahead: told
    let msgs = app.sms.list();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ kind: 'turn_near', cause: `ticket:${far.id}`, phone: '+84987654321' });
    expect(msgs[0]?.text).toContain(far.label);
    expect(msgs[0]?.expiresAt).toBe(clock + 45 * 60_000);
    app.finish(1);
    app.callNext(1);
    msgs = app.sms.list();
    expect(msgs).toHaveLength(1);
    app.db.close();
  });

  it('a refused opt-in at the ticket machine issues no ticket', () => {
    const app = setup();
    expect(refusal(() => app.issue(data.groups[0]!.code, null, { phone: '12345' })).code).toBe('err.sms.notMobile');
    expect(app.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    app.db.close();
  });

  it('writes unaccented GSM-7 only where the office chose it', () => {
    const app = setup();
    app.sms.configure({ alphabet: 'gsm7' });
    const d = receipt(app);
    const [m] = app.sms.list();
    expect(m?.alphabet).toBe('gsm7');
    expect(m?.text).toContain('Da tiep nhan ho so');
    expect(m?.text).toContain(d.code);
    expect(m?.text).toMatch(/^[\x20-\x7e]+$/);
    app.db.close();
  });

  it('a dead sender: a message none of whose parts reached the modem is queued again; one cut after its last byte is held, not resent', () => {
    const app = setup();
    receipt(app);
    receipt(app);
    const [a, b] = [app.sms.claim(), app.sms.claim()];
    expect(a && b).toBeTruthy();
    app.sms.submitting(b!, 1); // the process died between the PDU's last byte and the modem's answer
    app.db.prepare("UPDATE sms_messages SET worker = ? WHERE state = 'sending'").run(`${hostname()}:999999`);
    const held = app.sms.recoverInterrupted(() => false);
    expect(held.map((m) => m.id)).toEqual([b!.id]);
    expect(app.sms.get(a!.id).state).toBe('queued');
    expect(app.sms.get(b!.id).state).toBe('interrupted');
    expect(app.sms.claim()?.id).toBe(a!.id);
    expect(app.sms.claim()).toBeUndefined(); // the interrupted one is not taken again on its own
    // The operator decides it did not go: only its unanswered part goes again.
    expect(app.sms.resend(b!.id).state).toBe('queued');
    expect(refusal(() => app.sms.resend(a!.id)).code).toBe('err.sms.notResendable');
    app.db.close();
  });

  it('keeps to the daily cap (parts, as billed): the rest waits for the next day', () => {
    const app = setup();
    receipt(app);
    receipt(app);
    const parts = app.sms.list()[0]!.parts;
    expect(parts).toBeGreaterThan(1); // the office's name makes it long: billed as several
    app.sms.configure({ dailyCap: parts });
    const m = app.sms.claim()!;
    for (let p = 1; p <= parts; p++) {
      app.sms.submitting(m, p);
      app.sms.partSent(m, p, p);
    }
    app.sms.sent(m);
    expect(app.sms.claim()).toBeUndefined();
    const waiting = app.sms.list().find((x) => x.state === 'queued')!;
    expect(waiting.reason).toBe('cap');
    expect(waiting.nextAt).toBe(new Date(2026, 10, 24).getTime());
    clock = new Date(2026, 10, 24, 7, 0).getTime();
    expect(app.sms.claim()?.id).toBe(waiting.id);
    app.db.close();
  });

  it('backs off on network refusals and erases numbers and texts after the keeping time', () => {
    const app = setup();
    receipt(app);
    const m = app.sms.claim()!;
    app.sms.retry(m, 'network');
    expect(app.sms.get(m.id).nextAt).toBe(clock + 30_000);
    expect(app.sms.claim()).toBeUndefined();
    clock += 30_000;
    const again = app.sms.claim()!;
    app.sms.retry(again, 'network');
    expect(app.sms.get(m.id).nextAt).toBe(clock + 60_000);
    clock += 60_000;
    const third = app.sms.claim()!;
    app.sms.partSent(third, 1, 1);
    app.sms.sent(third);
    clock += 31 * 86_400_000;
    expect(app.sms.purge()).toBe(1);
    expect(app.sms.get(m.id)).toMatchObject({ phone: null, text: null, state: 'sent' });
    app.db.close();
  });
});
