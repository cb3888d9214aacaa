// Two text-message paths through the modem driver and the sender on a real serial line (a socat PTY
// pair with the AT emulator at the far end; no machine here has a GSM modem): the reminder of the
// vehicle's next visit, sent the evening before to citizens with a result to collect or papers to
// bring, once per visit and dossier; and a delivery report (+CDS) that arrives after a message was
// held as interrupted (its +CMGS answer lost), which settles it as sent without sending it again.
// What reached the "network" is decoded by node-pdu, which shares no code with the encoder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, Submit } from 'node-pdu';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { SmsSender, type SenderEvent } from '../../src/app/sms/sender.js';
import { SerialModem } from '../../drivers/modem/serial.js';
import { openDatabase } from '../../src/store/db.js';
import { plugModem, statusReportPdu, type PluggedModem } from '../helpers/modem-emulator.js';

const data = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const plugged: PluggedModem[] = [];
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
  for (const p of plugged.splice(0)) await p.close();
});

async function rig(clock: { now: number }) {
  const modem = await plugModem();
  plugged.push(modem);
  const file = join(mkdtempSync(join(tmpdir(), `luudong-smsremind-${process.pid}-`)), 'bus.db');
  const now = () => clock.now;
  const app = new Luudong({ db: openDatabase(file), data, now, operator: 'Lan', file });
  app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }] });
  app.sms.addModem({ name: 'e3372', port: modem.path, baudRate: 115200, simPin: false });
  app.citizenFromQr(QR);
  const events: SenderEvent[] = [];
  const sender = new SmsSender(app.sms, now, { open: (c) => new SerialModem(c, { commandTimeoutMs: 1500, sendTimeoutMs: 800 }), dbFile: file, onEvent: (e) => events.push(e), reopenMs: 100, houseMs: 3_600_000 });
  cleanup.push(async () => {
    await sender.stop();
    app.db.close();
  });
  return { modem, app, sender, events };
}

async function drain(sender: SmsSender): Promise<void> {
  sender.wake();
  await new Promise((r) => setTimeout(r, 20));
  await sender.idle();
}

/** Each message the network got, its parts joined by their concatenation reference. */
function delivered(modem: PluggedModem): { to: string; text: string }[] {
  const by = new Map<string, { to: string; parts: string[] }>();
  modem.emulator.taken.forEach((x, i) => {
    const s = parse(x.hex) as Submit;
    expect(s).toBeInstanceOf(Submit);
    const part = s.data.parts[0]!;
    const key = part.header ? `${s.address.phone}:${part.header.getPointer()}` : `single:${i}`;
    const m = by.get(key) ?? { to: s.address.phone ?? '', parts: [] as string[] };
    m.parts[(part.header?.getCurrent() ?? 1) - 1] = part.text;
    by.set(key, m);
  });
  return [...by.values()].map((m) => ({ to: m.to, text: m.parts.join('') }));
}

const docs = (key: string) => (data.procedures.find((p) => p.code === key)?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));

describe('the reminder of the next visit', () => {
  it('goes the evening before to citizens with a result to collect or papers to bring, once per visit and dossier', async () => {
    const clock = { now: new Date(2026, 10, 23, 9, 0).getTime() };
    const { modem, app, sender } = await rig(clock);
    const receive = (phone: string) => app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: docs('1.001193'), payment: 'exempt', returnMethod: 'next_visit', phone, sms: true });
    // results come back at a visit to the trip's place on or after the due date (issue 13 item 8)
    app.schedule.add({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-12-07', start: '07:30', end: '11:30', services: [], note: null });
    const ready = receive('0912345678');
    const papers = receive('0987654321');
    const other = receive('0911222333'); // still being processed: nothing to come for
    app.dossiers.setState(ready.code, 'processing');
    app.dossiers.setState(ready.code, 'result_ready');
    app.dossiers.requestSupplement(papers.code, { reason: 'Thiếu bản chính giấy chứng sinh', documents: [1] });
    app.schedule.add({ commune: 'Mỹ Đức', place: 'Trường tiểu học Đồi Dùng', date: '2026-11-26', start: '07:30', end: '11:00', services: [], note: null });
    app.schedule.add({ commune: 'An Phú', place: 'Chợ An Phú', date: '2026-11-26', start: '07:30', end: '11:00', services: [], note: null });
    // Two days before, and the afternoon before until 16:00 (data/sms.json): not yet.
    clock.now = new Date(2026, 10, 24, 17, 0).getTime();
    expect(app.sms.queueReminders()).toBe(0);
    clock.now = new Date(2026, 10, 25, 15, 59).getTime();
    expect(app.sms.queueReminders()).toBe(0);
    // 16:30 the day before: the sender's look at the reminders queues them and sends them.
    clock.now = new Date(2026, 10, 25, 16, 30).getTime();
    sender.start();
    await new Promise((r) => setTimeout(r, 50));
    await sender.idle();
    await drain(sender);
    const reminders = app.sms.list(50).filter((m) => m.kind === 'visit_reminder');
    expect(reminders.map((m) => m.phone).sort()).toEqual(['+84912345678', '+84987654321']);
    expect(reminders.every((m) => m.state === 'sent')).toBe(true);
    const got = delivered(modem).filter((m) => m.text.includes('Xe lưu động đến'));
    expect(got.map((m) => m.to).sort()).toEqual(['84912345678', '84987654321']);
    const toReady = got.find((m) => m.to === '84912345678')!.text;
    const toPapers = got.find((m) => m.to === '84987654321')!.text;
    expect(toReady).toContain('Trường tiểu học Đồi Dùng');
    expect(toReady).toContain('26/11/2026');
    expect(toReady).toContain('07:30-11:00');
    expect(toReady).toContain(`nhận kết quả hồ sơ ${ready.code}`);
    expect(toPapers).toContain(`mang giấy tờ bổ sung cho hồ sơ ${papers.code}`);
    for (const m of got) {
      expect(m.text).not.toContain('001152012345');
      expect(m.text.toUpperCase()).not.toContain('HƯỜNG');
      expect(m.text).not.toContain('Chợ An Phú'); // another commune's visit
    }
    expect(delivered(modem).some((m) => m.to === '84911222333' && m.text.includes('Xe lưu động đến'))).toBe(false);
    // Looked at again (the next look, or another process): nothing queued twice, nothing sent twice.
    const taken = modem.emulator.taken.length;
    expect(app.sms.queueReminders()).toBe(0);
    clock.now = new Date(2026, 10, 25, 18, 0).getTime();
    expect(app.sms.queueReminders()).toBe(0);
    await drain(sender);
    expect(modem.emulator.taken.length).toBe(taken);
    // The morning of the visit, once it has begun: no reminder for it any more.
    app.dossiers.requestSupplement(other.code, { reason: 'Thiếu giấy tờ chứng minh nơi cư trú', documents: [1] });
    clock.now = new Date(2026, 10, 26, 8, 0).getTime();
    expect(app.sms.queueReminders()).toBe(0);
  }, 30_000);
});

describe('a late delivery report', () => {
  it('settles a message held as interrupted as sent, without sending it again; a report for nothing changes nothing', async () => {
    const clock = { now: Date.now() };
    const { modem, app, sender, events } = await rig(clock);
    const tick = setInterval(() => (clock.now = Date.now()), 5);
    cleanup.push(async () => clearInterval(tick));
    sender.start();
    // The network takes the message, but the modem's +CMGS answer is lost (it comes after the timeout).
    modem.emulator.settings.sendDelayMs = 3000;
    const m = app.sms.queueTest('0912345678');
    await drain(sender);
    expect(app.sms.get(m.id).state).toBe('interrupted');
    expect(events.some((e) => e.kind === 'interrupted' && e.message?.id === m.id)).toBe(true);
    expect(modem.emulator.taken).toHaveLength(1);
    const mr = modem.emulator.taken[0]!.mr;
    // The modem is opened again for the next message, which goes normally.
    modem.emulator.settings.sendDelayMs = 0;
    await new Promise((r) => setTimeout(r, 3200)); // the lost answer has come and gone
    const next = app.sms.queueTest('0987654321');
    await drain(sender);
    await new Promise((r) => setTimeout(r, 150));
    await drain(sender);
    expect(app.sms.get(next.id).state).toBe('sent');
    expect(app.sms.get(m.id).state).toBe('interrupted');
    // A report for a number nothing is held for: kept, matched to nothing.
    const stray = statusReportPdu({ mr: 200, recipient: '+84911999888', status: 0, at: new Date() });
    modem.emulator.unsolicited(`+CDS: ${stray.length / 2 - 1 - parseInt(stray.slice(0, 2), 16)}\r\n${stray}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(app.sms.get(m.id).state).toBe('interrupted');
    // Now the network's report of the interrupted message arrives: it was delivered.
    const late = statusReportPdu({ mr, recipient: '+84912345678', status: 0, at: new Date() });
    modem.emulator.unsolicited(`+CDS: ${late.length / 2 - 1 - parseInt(late.slice(0, 2), 16)}\r\n${late}`);
    const end = Date.now() + 3000;
    while (app.sms.get(m.id).state !== 'sent' && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(app.sms.get(m.id)).toMatchObject({ state: 'sent', delivery: 'delivered' });
    const reports = app.db.prepare('SELECT mr, status, message_id AS message FROM sms_reports ORDER BY id').all();
    expect(reports).toEqual([
      { mr: 200, status: 0, message: null },
      { mr, status: 0, message: m.id },
    ]);
    // Not sent again on its own, nor by anyone's resend: it is no longer held.
    await drain(sender);
    expect(modem.emulator.taken).toHaveLength(2);
    expect(() => app.sms.resend(m.id)).toThrow();
  }, 30_000);
});
