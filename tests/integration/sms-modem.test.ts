// The modem driver and the sender on a real serial line: a socat PTY pair with the AT emulator of
// tests/helpers/modem-emulator.ts at the far end (no machine here has a GSM modem). What reaches the
// "network" is decoded by node-pdu, which shares no code with the encoder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, Submit } from 'node-pdu';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { SmsSender, type SenderEvent } from '../../src/app/sms/sender.js';
import { writeSimPin } from '../../src/app/sms/simPin.js';
import { SerialModem } from '../../drivers/modem/serial.js';
import { ModemError } from '../../src/ports/modem.js';
import { openDatabase } from '../../src/store/db.js';
import { plugModem, type PluggedModem } from '../helpers/modem-emulator.js';

const data = loadDomainData();
let plugged: PluggedModem[] = [];
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
  for (const p of plugged.splice(0)) await p.close();
});

async function rig(opts: { pin?: string } = {}) {
  const modem = await plugModem();
  plugged.push(modem);
  const file = join(mkdtempSync(join(tmpdir(), `luudong-smsmodem-${process.pid}-`)), 'bus.db');
  const app = new Luudong({ db: openDatabase(file), data, operator: 'Lan', file });
  app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: new Date().toISOString().slice(0, 10), start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }] });
  app.sms.addModem({ name: 'e3372', port: modem.path, baudRate: 115200, simPin: !!opts.pin });
  if (opts.pin) writeSimPin(file, 'e3372', opts.pin);
  const events: SenderEvent[] = [];
  const sender = new SmsSender(app.sms, () => Date.now(), { open: (c) => new SerialModem(c, { commandTimeoutMs: 1500, sendTimeoutMs: 1500 }), dbFile: file, onEvent: (e) => events.push(e), reopenMs: 200 });
  cleanup.push(async () => {
    await sender.stop();
    app.db.close();
  });
  return { modem, app, sender, events, file };
}

/** Wake the sender and wait until it has nothing to do now. */
async function drain(sender: SmsSender): Promise<void> {
  sender.wake();
  await new Promise((r) => setTimeout(r, 20));
  await sender.idle();
}

const texts = (hexes: string[]) =>
  hexes.map((h) => {
    const s = parse(h) as Submit;
    expect(s).toBeInstanceOf(Submit);
    return { to: s.address.phone, text: s.data.parts[0]!.text, header: s.data.parts[0]!.header };
  });

describe('the modem driver on a serial line', () => {
  it('sets the modem up and reads signal, registration and operator', async () => {
    const { modem } = await rig();
    const m = new SerialModem({ name: 'x', port: modem.path, baudRate: 115200, pin: null });
    const info = await m.open();
    expect(info).toMatchObject({ state: 'ready', registration: 'home', operator: 'Viettel', signal: { rssi: 21, dbm: -71, bars: 3 } });
    expect(modem.emulator.commands).toEqual(expect.arrayContaining(['ATE0', 'AT+CMEE=1', 'AT+CPIN?', 'AT+CMGF=0', 'AT+CNMI=2,0,0,1,0']));
    modem.emulator.settings.registered = false;
    expect((await m.status()).state).toBe('noNetwork');
    await m.close();
  });

  it('gives the SIM PIN once; a wrong one is never tried again and never shown', async () => {
    const { modem } = await rig();
    modem.emulator.settings.pin = '4321';
    const wrong = new SerialModem({ name: 'x', port: modem.path, baudRate: 115200, pin: '1111' });
    const e = await wrong.open().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ModemError);
    expect((e as ModemError).failure).toBe('sim');
    expect((e as ModemError).message).not.toContain('1111');
    await wrong.open().catch(() => undefined);
    expect(modem.emulator.commands.filter((c) => c.startsWith('AT+CPIN='))).toHaveLength(1);
    expect(modem.emulator.commands.join('\n')).not.toContain('1111');
    await wrong.close();
    const right = new SerialModem({ name: 'x', port: modem.path, baudRate: 115200, pin: '4321' });
    expect((await right.open()).state).toBe('ready');
    await right.close();
  });

  it('times out on a modem that says nothing, and answers slow modems', async () => {
    const { modem } = await rig();
    modem.emulator.settings.delayMs = 150;
    const slow = new SerialModem({ name: 'x', port: modem.path, baudRate: 115200, pin: null }, { commandTimeoutMs: 2000 });
    expect((await slow.open()).state).toBe('ready');
    await slow.close();
    modem.emulator.settings.silent = true;
    const mute = new SerialModem({ name: 'x', port: modem.path, baudRate: 115200, pin: null }, { commandTimeoutMs: 300 });
    const e = (await mute.open().catch((x: unknown) => x)) as ModemError;
    expect(e.failure).toBe('timeout');
    await mute.close();
  });

  it('says unplugged for a port that is not there', async () => {
    const m = new SerialModem({ name: 'x', port: '/dev/ttyUSB-luudong-none', baudRate: 115200, pin: null });
    expect(((await m.open().catch((x: unknown) => x)) as ModemError).failure).toBe('unplugged');
  });
});

describe('the sender through the emulator', () => {
  it('sends a receipt message and a long one in concatenated UCS-2 parts the decoder joins back', async () => {
    const { modem, app, sender, events } = await rig({ pin: '2468' });
    modem.emulator.settings.pin = '2468';
    sender.start();
    app.citizenFromQr('001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021');
    const docs = (data.procedures.find((p) => p.code === '1.001193')?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: docs, payment: 'exempt', returnMethod: 'commune_office', phone: '0912345678', sms: true });
    const m = app.sms.list()[0]!;
    expect(m.text).toContain(d.code);
    await drain(sender);
    expect(app.sms.get(m.id).state).toBe('sent');
    const sent = texts(modem.emulator.taken.map((x) => x.hex));
    expect(sent.map((s) => s.text).join('')).toBe(m.text);
    expect(sent[0]!.to).toBe('84912345678');
    // The office's name and the code make it longer than 70 UCS-2 characters: two parts, one reference.
    expect(sent).toHaveLength(m.parts);
    expect(m.parts).toBeGreaterThan(1);
    expect(new Set(sent.map((s) => s.header?.getPointer())).size).toBe(1);
    expect(sent.map((s) => s.header?.getCurrent())).toEqual(sent.map((_, i) => i + 1));
    expect(events.some((e) => e.kind === 'sent')).toBe(true);
    expect(app.sms.repo.status('e3372')).toMatchObject({ state: 'ready', operator: 'Viettel' });
  });

  it('retries after "no network" (+CMS ERROR 331) with back-off, and fails a message the network refuses for good', async () => {
    const { modem, app, sender } = await rig();
    modem.emulator.settings.registered = false;
    sender.start();
    const m = app.sms.queueTest('0912345678');
    await drain(sender);
    const after = app.sms.get(m.id);
    expect(after).toMatchObject({ state: 'queued', reason: 'network', attempts: 1 });
    expect(after.nextAt).toBeGreaterThanOrEqual(Date.now() + 25_000);
    expect(modem.emulator.taken).toHaveLength(0);
    // The network comes back: due again, it goes once.
    modem.emulator.settings.registered = true;
    app.db.prepare('UPDATE sms_messages SET next_at = 0 WHERE id = ?').run(m.id);
    (sender as unknown as { pauseUntil: number }).pauseUntil = 0;
    await drain(sender);
    expect(app.sms.get(m.id).state).toBe('sent');
    expect(modem.emulator.taken.length).toBe(m.parts);

    modem.emulator.settings.errors = [21]; // short message transfer rejected
    const r = app.sms.queueTest('0987654321');
    await drain(sender);
    expect(app.sms.get(r.id)).toMatchObject({ state: 'failed', reason: 'cms:21' });
  });

  it('holds a message whose answer never came after its last byte, and sends it again only when the operator says', async () => {
    const { modem, app, sender, events } = await rig();
    sender.start();
    modem.emulator.settings.sendDelayMs = 5000; // the network takes it, the answer is lost
    const m = app.sms.queueTest('0912345678');
    await drain(sender);
    expect(app.sms.get(m.id).state).toBe('interrupted');
    expect(events.some((e) => e.kind === 'interrupted')).toBe(true);
    const took = modem.emulator.taken.length;
    expect(took).toBe(1);
    modem.emulator.settings.sendDelayMs = 0;
    await new Promise((r) => setTimeout(r, 300));
    await drain(sender);
    expect(modem.emulator.taken.length).toBe(took); // not sent again on its own
    app.sms.resend(m.id);
    await new Promise((r) => setTimeout(r, 250)); // the modem is reopened after reopenMs
    await drain(sender);
    expect(app.sms.get(m.id).state).toBe('sent');
  });

  it('survives the modem unplugged and put back, and records delivery reports', async () => {
    const { modem, app, sender } = await rig();
    modem.emulator.settings.reportAfterMs = 50;
    sender.start();
    const a = app.sms.queueTest('0912345678');
    await drain(sender);
    expect(app.sms.get(a.id).state).toBe('sent');
    await new Promise((r) => setTimeout(r, 300));
    expect(app.sms.get(a.id).delivery).toBe('delivered');

    await modem.unplug();
    await new Promise((r) => setTimeout(r, 100));
    expect(app.sms.repo.status('e3372')?.state).toBe('unplugged');
    const b = app.sms.queueTest('0987654321');
    await drain(sender);
    expect(app.sms.get(b.id).state).toBe('queued');
    await modem.replug();
    await new Promise((r) => setTimeout(r, 250));
    await drain(sender);
    expect(app.sms.get(b.id).state).toBe('sent');
    const all = modem.emulator.taken.map((x) => x.hex);
    expect(new Set(all).size).toBe(all.length); // nothing twice
  });
});
