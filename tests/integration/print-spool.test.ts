// The durable print spool with real printers' stand-ins: a file, and an ESC/POS emulator on a real
// serial line (socat PTY pair) that answers status queries. Jobs commit with what they print, paper
// out keeps the job queued and says so, paper back prints it once, two workers never share a job,
// and a job a dead worker held is offered for reprint, not printed twice.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import type { WorkerEvent } from '../../src/app/print/spool.js';
import { PrintWorker } from '../../src/app/print/worker.js';
import { openDatabase } from '../../src/store/db.js';
import { openTransport } from '../../drivers/printer/index.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { startSerialEmulator, type SerialEmulator } from '../helpers/printer-emulator.js';
import { refusal } from '../helpers/refusal.js';

const data = loadDomainData();
const FONTS = join(import.meta.dirname, '../../data/fonts');
let clock = new Date(2026, 10, 23, 9, 0).getTime();
const now = () => clock;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(file = join(mkdtempSync(join(tmpdir(), 'luudong-spool-')), 'bus.db')) {
  clock = new Date(2026, 10, 23, 9, 0).getTime();
  const app = new Luudong({ db: openDatabase(file), data, now, operator: 'Lan', file });
  cleanups.push(() => {
    app.db.close();
  });
  if (!app.currentTrip()) app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }] });
  return { app, file };
}

function worker(app: Luudong, file: string, events: WorkerEvent[] = []) {
  const w = new PrintWorker(app, { open: openTransport, fontsDir: FONTS, dbFile: file, onEvent: (e) => events.push(e) });
  cleanups.push(() => w.stop());
  return w;
}

const birthDocs = (data.procedures.find((p) => p.code === '1.001193')?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));

describe('print spool', () => {
  it('a ticket and its print job commit together; the worker prints it; no printer, no job', () => {
    const { app } = setup();
    app.issue('civil');
    expect(app.printing.jobs()).toEqual([]);
    const out = join(mkdtempSync(join(tmpdir(), 'luudong-out-')), 'ticket.bin');
    app.printing.addPrinter({ name: 'quay-1', kind: 'file', target: out, paper: '58', profile: 'tcvn3', roles: ['tickets', 'slips'] });
    const r = app.issue('civil', 'elderly');
    const [job] = app.printing.jobs();
    expect(job).toMatchObject({ printer: 'quay-1', kind: 'ticket', ref: r.ticket.label, state: 'queued' });
    // a write that fails rolls back its job with it
    expect(refusal(() => app.issue('nope')).code).toBe('err.unknownGroup');
    expect(app.printing.jobs()).toHaveLength(1);
    return (async () => {
      const w = worker(app, out);
      w.start();
      await until(() => app.printing.jobs()[0]?.state === 'done');
      const d = decodeEscPos(readFileSync(out));
      expect(d.lines.map((l) => l.text).join('\n')).toContain(r.ticket.label);
      expect(d.lines.some((l) => l.text.includes('Người cao tuổi'))).toBe(true);
      expect(d.cuts).toBe(1);
    })();
  });

  it('a receipt queues the thermal slip and keeps the A4 PDF with the dossier', async () => {
    const { app, file } = setup();
    const out = join(mkdtempSync(join(tmpdir(), 'luudong-out-')), 'slip.bin');
    app.printing.addPrinter({ name: 'quay-1', kind: 'file', target: out, paper: '80', profile: 'tcvn3', roles: ['slips'] });
    app.citizenFromQr('001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021');
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: birthDocs, payment: 'exempt', returnMethod: 'commune_office' });
    expect(app.printing.jobs().map((j) => [j.kind, j.printer])).toEqual([
      ['slip_a4', ''],
      ['slip', 'quay-1'],
    ]);
    const w = worker(app, file);
    w.start();
    await until(() => app.printing.jobs().every((j) => j.state === 'done'));
    const decoded = decodeEscPos(readFileSync(out));
    expect(decoded.qr).toContain(d.code);
    expect(decoded.lines.map((l) => l.text).join('\n')).toContain('Nguyễn Thị Hường');
    expect(existsSync(join(file, '..', 'files', d.code, 'slip.pdf'))).toBe(true);
  });

  it('paper out: the job stays queued and the operator is told; paper back: printed once', async () => {
    const emu: SerialEmulator = await startSerialEmulator();
    cleanups.push(() => emu.stop());
    const { app, file } = setup();
    app.printing.addPrinter({ name: 'quay-1', kind: 'serial', target: emu.path, paper: '80', profile: 'tcvn3', roles: ['tickets'] });
    emu.emulator.state.paperOut = true;
    const events: WorkerEvent[] = [];
    const w = worker(app, file, events);
    w.start();
    const r = app.issue('civil');
    w.wake();
    await until(() => events.some((e) => e.kind === 'problem'));
    expect(events[0]).toMatchObject({ kind: 'problem', reason: 'paperOut' });
    expect(app.printing.jobs()[0]).toMatchObject({ state: 'queued', reason: 'paperOut', attempts: 1 });
    expect(app.printing.problems()).toHaveLength(1);
    expect(emu.emulator.received.includes(Buffer.from(r.ticket.label))).toBe(false);
    // paper back; the retry falls due after its back-off (the app's clock moves on)
    emu.emulator.state.paperOut = false;
    clock += 2_000;
    w.wake();
    await until(() => app.printing.jobs()[0]?.state === 'done');
    const printed = decodeEscPos(emu.emulator.received);
    expect(printed.lines.filter((l) => l.text.includes(r.ticket.label))).toHaveLength(1);
    expect(printed.cuts).toBe(1);
  }, 20_000);

  it('two workers on one database never print the same job', async () => {
    const { app, file } = setup();
    const out = join(mkdtempSync(join(tmpdir(), 'luudong-out-')), 'both.bin');
    app.printing.addPrinter({ name: 'quay-1', kind: 'file', target: out, paper: '58', profile: 'ascii', roles: ['tickets'] });
    for (let i = 0; i < 20; i++) app.issue('civil');
    const other = new Luudong({ db: openDatabase(file), data, now, file });
    cleanups.push(() => {
      other.db.close();
    });
    const a = worker(app, file);
    const b = worker(other, file);
    a.start();
    b.start();
    await until(() => app.printing.jobs(50).every((j) => j.state === 'done'));
    await Promise.all([a.idle(), b.idle()]);
    const d = decodeEscPos(readFileSync(out));
    expect(d.cuts).toBe(20);
    const labels = d.lines.map((l) => l.text.trim()).filter((t) => /^A\d{3}$/.test(t));
    expect(new Set(labels).size).toBe(20);
  });

  it('a job a dead worker was printing is offered for reprint, never printed again on its own', async () => {
    const { app, file } = setup();
    const out = join(mkdtempSync(join(tmpdir(), 'luudong-out-')), 'crash.bin');
    app.printing.addPrinter({ name: 'quay-1', kind: 'file', target: out, paper: '58', profile: 'tcvn3', roles: ['tickets'] });
    app.issue('civil');
    // as a worker killed mid-job leaves it: claimed, 'printing', by a process that is gone
    const [job] = app.printing.jobs();
    app.db.prepare("UPDATE print_jobs SET state = 'printing', worker = ?, attempts = 1 WHERE id = ?").run(`${(await import('node:os')).hostname()}:999999`, job?.id);
    const events: WorkerEvent[] = [];
    const w = worker(app, file, events);
    const stale = await w.start();
    expect(stale.map((j) => j.id)).toEqual([job?.id]);
    expect(events).toMatchObject([{ kind: 'interrupted' }]);
    await w.idle();
    expect(app.printing.jobs()[0]).toMatchObject({ state: 'interrupted' });
    expect(existsSync(out)).toBe(false);
    const again = app.printing.reprint(job?.id as number);
    w.wake();
    await until(() => app.printing.jobs().find((j) => j.id === again.id)?.state === 'done');
    expect(decodeEscPos(readFileSync(out)).cuts).toBe(1);
  });

  it('printer set-up refuses what cannot work, with a reason', () => {
    const { app } = setup();
    expect(refusal(() => app.printing.addPrinter({ name: 'a4', kind: 'serial', target: '/dev/ttyS0', paper: 'a4', profile: 'tcvn3', roles: ['a4'] })).code).toBe('err.print.a4');
    expect(refusal(() => app.printing.addPrinter({ name: 'x y', kind: 'file', target: '/tmp/x', paper: '80', profile: 'tcvn3', roles: [] })).code).toBe('err.print.name');
    expect(refusal(() => app.printing.print({ kind: 'test', lang: 'vi' }, null)).code).toBe('err.print.noneForRole');
  });
});

async function until(pred: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
