// One text-message sender per vehicle, with several processes on one SQLite file (issue 18): the
// counter screen, `luudong hub` and `luudong print-worker` all start the sender on the machine the
// modem is plugged into. Real processes throughout: two processes racing to claim from one outbox
// take each message once; a print worker and a headless hub on one database and one modem (the AT
// emulator on a socat PTY pair) send each message once, through whichever holds the port, the other
// standing by without a word until the holder is killed and it takes over; a modem whose host is
// another machine is never opened here.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, Submit } from 'node-pdu';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { SmsSender, type SenderEvent } from '../../src/app/sms/sender.js';
import { SerialModem } from '../../drivers/modem/serial.js';
import { openDatabase } from '../../src/store/db.js';
import { BIN, ROOT } from '../helpers/build.js';
import { plugModem, type PluggedModem } from '../helpers/modem-emulator.js';
import { bundleEntry } from '../reliability/lib/bundle.js';

const data = loadDomainData();
const children: ChildProcess[] = [];
const plugged: PluggedModem[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const p of plugged.splice(0)) await p.close();
});

function database(port: string): { app: Luudong; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), `luudong-2senders-${process.pid}-`)), 'bus.db');
  const app = new Luudong({ db: openDatabase(file), data, operator: 'Lan', file });
  app.sms.addModem({ name: 'e3372', port, baudRate: 115200, simPin: false });
  app.sms.configure({ dailyCap: 100_000 });
  return { app, file };
}

/** Queue test messages to distinct numbers: 0912 000 000 + from … + to-1. */
function queue(app: Luudong, from: number, to: number): number[] {
  const ids: number[] = [];
  for (let i = from; i < to; i++) ids.push(app.sms.queueTest(`0912${String(i).padStart(6, '0')}`).id);
  return ids;
}

/** A child's output, line by line, as it comes. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  const lines: string[] = [];
  const take = (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return { child, lines, exited: new Promise((r) => child.once('close', (code) => r(code))) };
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The numbers the "network" got, one per message taken (every message here is one part). */
const recipients = (m: PluggedModem) => m.emulator.taken.map((p) => (parse(p.hex) as Submit).address.phone);

describe('two processes on one outbox', () => {
  it('each message is claimed by one process only, even when both race for all of them', async () => {
    const { app, file } = database('/dev/ttyUSB9');
    const ids = queue(app, 0, 300);
    app.db.close();
    const child = await bundleEntry(ROOT, join(ROOT, 'tests/integration/lib/sms-claim-child.ts'));
    const go = join(dirname(file), 'go');
    const a = run([child, file, go]);
    const b = run([child, file, go]);
    await until('both to open the database', () => a.lines.includes('READY') && b.lines.includes('READY'));
    writeFileSync(go, '');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    const taken = (lines: string[]) => lines.filter((l) => l.startsWith('C ')).map((l) => Number(l.slice(2)));
    const byA = taken(a.lines);
    const byB = taken(b.lines);
    // Both really took part (the race was run), and together they took every message once.
    expect(byA.length, JSON.stringify([a.lines.slice(0, 5), b.lines.slice(0, 5)])).toBeGreaterThan(0);
    expect(byB.length, JSON.stringify([a.lines.slice(0, 5), b.lines.slice(0, 5), byA.length])).toBeGreaterThan(0);
    expect([...byA, ...byB].sort((x, y) => x - y)).toEqual(ids);
    const check = new Luudong({ db: openDatabase(file), data, file });
    expect(check.sms.counts()).toEqual({ sent: 300 });
    check.db.close();
  }, 60_000);
});

describe('one sender per vehicle', () => {
  it('a print worker and the headless hub on one database send each message once, and the one standing by takes over when the other is killed', async () => {
    const modem = await plugModem();
    plugged.push(modem);
    const { app, file } = database(modem.path);
    const first = queue(app, 0, 10);
    const env = { LUUDONG_LANG: 'en' };
    // The print worker takes the modem first.
    const worker = run([BIN, '--db', file, 'print-worker'], env);
    await until('the print worker to send the first messages', () => recipients(modem).length === first.length);
    // The hub, started after it, finds the port locked and stands by.
    const hub = run([BIN, '--db', file, 'hub', '--listen', '127.0.0.1:0'], env);
    await until('the hub to listen', () => hub.lines.some((l) => l.includes('127.0.0.1:')));
    const more = queue(app, 10, 20);
    await until('the next messages', () => recipients(modem).length === 20);
    await until('the hub to stand by', () => hub.lines.some((l) => l.includes('stands by')));
    // Each number got its message once, and the modem's state shown is the holder's, not "busy".
    // (The emulator records a message before it answers: the sender marks it sent just after.)
    await until('the holder to mark them sent', () => app.sms.counts().sent === 20);
    expect(new Set(recipients(modem)).size).toBe(20);
    expect(app.sms.counts()).toEqual({ sent: 20 });
    expect(app.db.prepare('SELECT state FROM modem_status').get()).toEqual({ state: 'ready' });
    // (It writes its line after it marks the message: on a loaded machine the last line can come later.)
    await until('the holder to report them sent', () => worker.lines.filter((l) => l.includes('sent')).length >= 20);
    expect(hub.lines.filter((l) => /Message #\d+ sent/.test(l))).toEqual([]);
    // The print worker dies: the hub takes the modem over and sends what comes next, once.
    worker.child.kill('SIGKILL');
    await worker.exited;
    const last = queue(app, 20, 25);
    await until('the hub to take over', () => recipients(modem).length === 25, 30_000);
    await until('the hub to mark them sent', () => app.sms.counts().sent === 25);
    expect(new Set(recipients(modem)).size).toBe(25);
    expect(app.sms.counts()).toEqual({ sent: 25 });
    expect(hub.lines.filter((l) => /Message #\d+ sent/.test(l))).toHaveLength(last.length);
    expect(first.length + more.length + last.length).toBe(25);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    app.db.close();
  }, 90_000);

  it('with nothing to send, the first process opens the modem at start and shows its state; one started after it says it stands by', async () => {
    const modem = await plugModem();
    plugged.push(modem);
    const { app, file } = database(modem.path);
    const env = { LUUDONG_LANG: 'en' };
    const worker = run([BIN, '--db', file, 'print-worker'], env);
    await until('the modem state from the print worker', () => app.db.prepare('SELECT state FROM modem_status').get() !== undefined);
    expect(app.db.prepare('SELECT state FROM modem_status').get()).toEqual({ state: 'ready' });
    const hub = run([BIN, '--db', file, 'hub', '--listen', '127.0.0.1:0'], env);
    await until('the hub to stand by', () => hub.lines.some((l) => l.includes('stands by')));
    expect(app.sms.counts()).toEqual({});
    hub.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    await Promise.all([hub.exited, worker.exited]);
    app.db.close();
  }, 30_000);

  it('never opens a modem plugged into another machine (modems.host)', async () => {
    const modem = await plugModem();
    plugged.push(modem);
    const { app, file } = database(modem.path);
    app.db.prepare("UPDATE modems SET host = 'ws-quay-2'").run();
    queue(app, 0, 2);
    const events: SenderEvent[] = [];
    const sender = new SmsSender(app.sms, () => Date.now(), { open: (c) => new SerialModem(c, { commandTimeoutMs: 1500 }), dbFile: file, onEvent: (e) => events.push(e), reopenMs: 100 });
    sender.start();
    await new Promise((r) => setTimeout(r, 300));
    await sender.idle();
    expect(modem.emulator.commands).toEqual([]);
    expect(app.sms.counts()).toEqual({ queued: 2 });
    expect(events).toEqual([]);
    // Plugged into this machine again: it sends.
    app.db.prepare('UPDATE modems SET host = NULL').run();
    sender.wake();
    await until('the messages', () => recipients(modem).length === 2);
    await sender.stop();
    expect(app.sms.counts()).toEqual({ sent: 2 });
    app.db.close();
  }, 30_000);
});
