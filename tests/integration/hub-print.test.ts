// A workstation's print worker through the hub (real processes on loopback): the hub laptop with a
// ticket printer of its own (a file), a workstation with its own thermal printer on a real serial
// line (socat PTY, the printer emulator answering status queries) and `print-worker --hub`. A ticket
// issued at the workstation prints there and not on the hub's; one issued at the hub waits for the
// hub's own worker; a workstation with no printer of its own prints on the hub's, and the hub says
// so. The hub SIGKILLed while the workstation prints: after it restarts, the job is done, once. The
// workstation's worker SIGKILLed mid-job: its job is marked interrupted, never printed again on its
// own. A claim whose answer the link swallows is handed over once, when the link is back. Every
// slip is decoded back from the ESC/POS bytes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/build.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { startSerialEmulator, type SerialEmulator } from '../helpers/printer-emulator.js';
import { until } from '../helpers/serial-pty.js';
import { startProxy } from '../helpers/tcpProxy.js';
import { openRemoteSpool } from '../../src/hub/open.js';
import { DomainError } from '../../src/core/errors.js';

let dir: string;
let hub: HubProc;
let ws: string;
let wsId: string;
let bare: string;
let bareId: string;
let printer: SerialEmulator;
let hubPaper: string;
const workers: ChildProcess[] = [];

/** `print-worker --hub` on the workstation, resolved once it says it runs. */
async function startWorker(): Promise<{ proc: ChildProcess; out: () => string }> {
  const proc = spawn(process.execPath, [BIN, '--db', join(ws, 'station.db'), '--lang', 'en', '--hub', hub.address, 'print-worker'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LUUDONG_LANG: '' } });
  workers.push(proc);
  let out = '';
  proc.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  await until(() => out.includes('Print worker of workstation') || proc.exitCode !== null, 20_000);
  expect(out).toContain(`Print worker of workstation ${wsId}`);
  return { proc, out: () => out };
}

const stopProc = (p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill(signal);
  });

const jobs = () => {
  const db = new Database(hub.db, { readonly: true });
  try {
    return db.prepare('SELECT id, printer, ref, state, attempts, worker FROM print_jobs ORDER BY id').all() as { id: number; printer: string; ref: string; state: string; attempts: number; worker: string | null }[];
  } finally {
    db.close();
  }
};

/** The tickets a printer has printed, by the label on each (decoded from its ESC/POS bytes). */
function labels(bytes: Uint8Array): string[] {
  const d = decodeEscPos(bytes);
  expect(d.unknown).toEqual([]);
  return d.lines.map((l) => l.text.trim()).filter((t) => /^A\d{3}$/.test(t));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), `luudong-hub-print-${process.pid}-`));
  const db = join(dir, 'hub', 'bus.db');
  hub = await startHub(db);
  expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*']).status).toBe(0);
  ws = join(dir, 'ws1');
  wsId = pairWorkstation(hub, ws);
  bare = join(dir, 'ws2');
  bareId = pairWorkstation(hub, bare);
  printer = await startSerialEmulator();
  hubPaper = join(dir, 'hub-paper.bin');
  expect(cli(db, ['printer', 'add', 've-may-chu', '--kind', 'file', '--target', hubPaper, '--paper', '80', '--role', 'tickets']).status).toBe(0);
  const added = cli(db, ['--json', 'printer', 'add', 've-ban-2', '--kind', 'serial', '--target', printer.path, '--baud', '9600', '--paper', '80', '--role', 'tickets', '--host', wsId]);
  expect(added.status, added.stderr).toBe(0);
  expect(JSON.parse(added.stdout)).toMatchObject({ name: 've-ban-2', host: wsId });
}, 90_000);

afterAll(async () => {
  for (const w of workers) await stopProc(w, 'SIGKILL');
  await hub?.stop();
  await printer?.stop();
});

describe('a workstation’s print worker through the hub', () => {
  it('refuses a printer for a workstation that is not paired', () => {
    const r = cli(hub.db, ['--lang', 'en', 'printer', 'add', 'lac', '--kind', 'file', '--target', join(dir, 'x'), '--role', 'tickets', '--host', 'nowhere']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('No workstation “nowhere” is paired with this hub');
  });

  it('adds a printer from a workstation through the hub as plugged into that workstation; another machine’s printer is not its to take', () => {
    const through = (...args: string[]) => cli(join(bare, 'station.db'), ['--lang', 'en', '--hub', hub.address, ...args]);
    const added = through('--json', 'printer', 'add', 'a4-ban-3', '--kind', 'cups', '--target', 'PDF', '--paper', 'a4', '--role', 'a4');
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'a4-ban-3', host: bareId, roles: ['a4'] });
    const taken = through('printer', 'add', 've-may-chu', '--kind', 'file', '--target', join(dir, 'y'), '--role', 'tickets');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('The printer name “ve-may-chu” belongs to another machine');
    const hosted = through('printer', 'add', 'x', '--kind', 'file', '--target', join(dir, 'y'), '--host', wsId);
    expect(hosted.status).toBe(1);
    expect(hosted.stderr).toContain('leave out --host');
    const list = JSON.parse(cli(hub.db, ['--json', 'printer', 'list']).stdout) as { name: string; host?: string; kind: string }[];
    expect(list.map((p) => [p.name, p.host ?? null, p.kind])).toEqual([
      ['a4-ban-3', bareId, 'cups'],
      ['ve-ban-2', wsId, 'serial'],
      ['ve-may-chu', null, 'file'],
    ]);
  });

  it('prints a ticket issued at the workstation on its own printer, not on the hub’s; the hub’s waits for the hub', async () => {
    const w = await startWorker();
    const issued = cli(join(ws, 'station.db'), ['--json', '--hub', hub.address, 'queue', 'issue', 'A']);
    expect(issued.status, issued.stderr).toBe(0);
    expect(JSON.parse(issued.stdout).ticket).toBe('A001');
    await until(() => labels(printer.emulator.received).length === 1, 15_000);
    expect(labels(printer.emulator.received)).toEqual(['A001']);
    await until(() => jobs()[0]?.state === 'done', 5000);
    expect(jobs()).toMatchObject([{ printer: 've-ban-2', ref: 'A001', state: 'done', attempts: 1 }]);

    // Issued at the hub laptop: its own printer's job, which the workstation's worker leaves alone.
    expect(cli(hub.db, ['queue', 'issue', 'A']).status).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(jobs()[1]).toMatchObject({ printer: 've-may-chu', ref: 'A002', state: 'queued' });
    expect(labels(printer.emulator.received)).toEqual(['A001']);
    // The hub's own worker prints it on the hub's printer.
    expect(cli(hub.db, ['print-worker', '--once']).status).toBe(0);
    expect(labels(readFileSync(hubPaper))).toEqual(['A002']);
    expect(jobs()[1]).toMatchObject({ state: 'done' });

    // A workstation with no ticket printer of its own prints on the hub's, and the hub's log says so.
    expect(cli(join(bare, 'station.db'), ['--hub', hub.address, 'queue', 'issue', 'A']).status).toBe(0);
    expect(jobs()[2]).toMatchObject({ printer: 've-may-chu', ref: 'A003', state: 'queued' });
    await until(() => /no printer of its own for ticket, printed on the hub's \(ve-may-chu\)/.test(hub.log()), 5000);
    expect(cli(hub.db, ['print-worker', '--once']).status).toBe(0);
    expect(labels(readFileSync(hubPaper))).toEqual(['A002', 'A003']);
    expect(labels(printer.emulator.received)).toEqual(['A001']);
    await stopProc(w.proc);
  }, 90_000);

  it('the hub killed while the workstation prints: after its restart the job is done, printed once', async () => {
    const w = await startWorker();
    const before = printer.emulator.received.length;
    // The hub dies as the ticket's first bytes reach the workstation's printer: the worker prints
    // it whole, and cannot say so until the hub is back.
    let killed: Promise<void> | undefined;
    printer.emulator.onReceived(before + 1, () => void (killed = hub.kill()));
    const issued = cli(join(ws, 'station.db'), ['--json', '--hub', hub.address, 'queue', 'issue', 'A']);
    expect(issued.status, issued.stderr).toBe(0);
    expect(JSON.parse(issued.stdout).ticket).toBe('A004');
    await until(() => killed !== undefined, 15_000);
    await killed;
    await until(() => labels(printer.emulator.received).length === 2, 10_000);
    const held = jobs().find((j) => j.ref === 'A004');
    expect(held).toMatchObject({ state: 'printing', printer: 've-ban-2' });
    expect(held?.worker).toMatch(new RegExp(`^@${wsId}:\\d+$`));

    hub = await startHub(hub.db, hub.port);
    await until(() => jobs().find((j) => j.ref === 'A004')?.state === 'done', 20_000);
    expect(jobs().find((j) => j.ref === 'A004')).toMatchObject({ state: 'done', attempts: 1, worker: null });
    // Nothing printed twice: each ticket once, on the printer it was for.
    await new Promise((r) => setTimeout(r, 1500));
    expect(labels(printer.emulator.received)).toEqual(['A001', 'A004']);
    expect(labels(readFileSync(hubPaper))).toEqual(['A002', 'A003']);
    expect(existsSync(hubPaper)).toBe(true);

    // Another ticket after the restart prints as before, woken by the hub's push.
    expect(cli(join(ws, 'station.db'), ['--hub', hub.address, 'queue', 'issue', 'A']).status).toBe(0);
    await until(() => labels(printer.emulator.received).length === 3, 15_000);
    expect(labels(printer.emulator.received)).toEqual(['A001', 'A004', 'A005']);
    await stopProc(w.proc);
  }, 120_000);

  it('the workstation’s worker killed mid-job: its job is interrupted at the next start, never printed again on its own', async () => {
    const w = await startWorker();
    const before = printer.emulator.received.length;
    printer.emulator.onReceived(before + 1, () => void w.proc.kill('SIGKILL'));
    const issued = cli(join(ws, 'station.db'), ['--json', '--hub', hub.address, 'queue', 'issue', 'A']);
    expect(issued.status, issued.stderr).toBe(0);
    const label = JSON.parse(issued.stdout).ticket as string;
    await until(() => w.proc.exitCode !== null || w.proc.signalCode !== null, 15_000);
    expect(jobs().find((j) => j.ref === label)).toMatchObject({ state: 'printing' });

    const again = await startWorker();
    await until(() => jobs().find((j) => j.ref === label)?.state === 'interrupted', 10_000);
    await until(() => again.out().includes(label), 5000);
    expect(again.out()).toMatch(/interrupted/i);
    await new Promise((r) => setTimeout(r, 1000));
    // Not printed again: the emulator got at most the start of it, once.
    expect(labels(printer.emulator.received).filter((l) => l === label).length).toBeLessThanOrEqual(1);
    expect(jobs().filter((j) => j.state === 'printing')).toEqual([]);
    await stopProc(again.proc);
  }, 90_000);

  it('a claim whose answer is lost: the job is held once, handed to the worker once when the link is back', async () => {
    const proxy = await startProxy({ host: '127.0.0.1', port: hub.port });
    const { spool, link } = openRemoteSpool({ dir: ws, address: `127.0.0.1:${proxy.port}`, lang: 'en', onChange: () => undefined, callTimeoutMs: 1000 });
    try {
      const issued = cli(join(ws, 'station.db'), ['--json', '--hub', hub.address, 'queue', 'issue', 'A']);
      expect(issued.status, issued.stderr).toBe(0);
      const label = JSON.parse(issued.stdout).ticket as string;
      expect(spool.nextDue('all')).not.toBeNull();
      await proxy.mode('deaf'); // the claim reaches the hub; its answer never comes back
      let lost = '';
      try {
        spool.claim('all');
      } catch (e) {
        lost = (e as DomainError).code;
      }
      expect(lost).toBe('err.hub.pending');
      // Claimed on the hub, by this worker, once.
      expect(jobs().find((j) => j.ref === label)).toMatchObject({ state: 'printing', attempts: 1, worker: `@${wsId}:${process.pid}` });
      // Not known yet: the worker is told something is due, so it asks again rather than sleep.
      expect(spool.nextDue('all')).not.toBeNull();
      await proxy.mode('pass');
      await until(() => !link.up, 5000).catch(() => undefined);
      await until(() => link.up, 15_000);
      await new Promise((r) => setTimeout(r, 500));
      const job = spool.claim('all');
      expect(job).toMatchObject({ ref: label, attempts: 1, printer: 've-ban-2' });
      // The same claim's other answer (the resent request's, or the late outcome) is not handed again.
      await new Promise((r) => setTimeout(r, 500));
      expect(spool.claim('all')).toBeUndefined();
      spool.done(job as NonNullable<typeof job>);
      expect(jobs().find((j) => j.ref === label)).toMatchObject({ state: 'done', attempts: 1, worker: null });
      expect(jobs().filter((j) => j.state === 'printing' || j.state === 'queued')).toEqual([]);
    } finally {
      spool.close();
      link.close();
      await proxy.close();
    }
  }, 60_000);
});
