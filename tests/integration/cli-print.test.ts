// The printing commands of the built CLI: printers set up, a ticket reprinted, the headless worker
// run once, refusals with their reasons.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { startTcpEmulator } from '../helpers/printer-emulator.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('CLI: printers and print jobs', () => {
  it('add a printer, print through the headless worker, reprint, list jobs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-print-'));
    const db = join(dir, 'bus.db');
    const paper = join(dir, 'paper.bin');
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
    expect(cli('trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan').status).toBe(0);

    const bad = cli('--lang', 'en', 'printer', 'add', 'a4', '--kind', 'serial', '--target', '/dev/ttyS0', '--paper', 'a4', '--role', 'a4');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('An A4 printer must be a CUPS queue');

    expect(cli('printer', 'add', 'quay-1', '--kind', 'file', '--target', paper, '--paper', '58', '--role', 'tickets,slips').status).toBe(0);
    expect(JSON.parse(cli('printer', 'list', '--json').stdout)).toMatchObject([{ name: 'quay-1', kind: 'file', paper: '58', profile: 'tcvn3', roles: ['tickets', 'slips'] }]);

    // queued with the ticket; the headless worker prints what is waiting and exits
    expect(cli('queue', 'issue', 'A').status).toBe(0);
    expect(JSON.parse(cli('print', 'jobs', '--json').stdout)).toMatchObject([{ kind: 'ticket', ref: 'A001', state: 'queued' }]);
    const w = cli('print-worker', '--once');
    expect(w.status).toBe(0);
    expect(w.stdout).toContain('Đã in Số thứ tự A001 (quay-1).');
    expect(decodeEscPos(readFileSync(paper)).cuts).toBe(1);

    // a reprint prints at once and says so
    const again = cli('print', 'ticket', 'A001');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Đã in Số thứ tự A001');
    expect(decodeEscPos(readFileSync(paper)).cuts).toBe(2);

    expect(cli('--lang', 'en', 'printer', 'status', 'quay-1').stdout).toContain('one-way link');
    const none = cli('--lang', 'en', 'print', 'report', 'sales');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('There is no report “sales”');
  });

  it('a worker killed mid-job: the job is not printed again on its own, it is offered for reprint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-kill-'));
    const db = join(dir, 'bus.db');
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
    // a printer that is switched on but never answers: the job sits in 'printing' for a while
    const printer = await startTcpEmulator({ silent: true });
    try {
      expect(cli('trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan').status).toBe(0);
      expect(cli('printer', 'add', 'quay-1', '--kind', 'network', '--target', `127.0.0.1:${printer.port}`, '--paper', '80', '--role', 'tickets').status).toBe(0);
      expect(cli('queue', 'issue', 'A').status).toBe(0);
      const worker = spawn(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', db, 'print-worker'], { stdio: 'ignore' });
      const look = new Database(db, { readonly: true });
      const state = () => (look.prepare('SELECT state FROM print_jobs WHERE id = 1').get() as { state: string }).state;
      const end = Date.now() + 10_000;
      while (state() !== 'printing' && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(state()).toBe('printing');
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('close', r));
      look.close();

      const next = cli('--lang', 'en', 'print-worker', '--once');
      expect(next.stdout).toContain('was interrupted while printing');
      const jobs = JSON.parse(cli('print', 'jobs', '--json').stdout);
      expect(jobs).toMatchObject([{ id: 1, state: 'interrupted' }]);
      expect(printer.emulator.received.length).toBe(0); // nothing of it came out
    } finally {
      await printer.stop();
    }
  }, 30_000);
});
