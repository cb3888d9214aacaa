// The scanner commands of the built CLI: scanners configured (and refused with the reason), a serial
// scanner on a real PTY tested live, the unusable scans kept, and `doctor` saying what is wrong.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ptyPair, send } from '../helpers/serial-pty.js';

const ROOT = resolve(import.meta.dirname, '../..');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-scanner-'));
  const db = join(dir, 'bus.db');
  const args = (...a: string[]) => [join(ROOT, 'bin/luudong.js'), '--db', db, ...a];
  const cli = (...a: string[]) => spawnSync(process.execPath, args(...a), { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
  return { dir, db, args, cli };
}

describe('CLI: barcode scanners', () => {
  it('configures scanners and refuses bad settings with the reason', () => {
    const { cli } = setup();
    expect(cli('scanner', 'add', 'quay', '--kind', 'wedge', '--prefix', 'STX', '--suffix', 'tab').status).toBe(0);
    const bad = cli('--lang', 'en', 'scanner', 'add', 'h', '--kind', 'hid', '--target', 'honeywell');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('A HID POS scanner needs vid:pid in hex');
    expect(cli('scanner', 'add', 'k2', '--kind', 'wedge').stderr).toContain('Chỉ cài được một máy quét kiểu bàn phím');
    expect(cli('scanner', 'add', 'x', '--kind', 'bluetooth').stderr).toContain('Không có kiểu máy quét “bluetooth”');
    expect(cli('scanner', 'add', 'h', '--kind', 'hid', '--target', '0C2E:0B61').status).toBe(0);
    const list = JSON.parse(cli('scanner', 'list', '--json').stdout) as { configured: unknown[]; found: unknown[] };
    expect(list.configured).toMatchObject([
      { name: 'h', kind: 'hid', target: '0C2E:0B61' },
      { name: 'quay', kind: 'wedge', target: '', options: { prefix: 'STX', suffix: 'tab' } },
    ]);
    expect(cli('scanner', 'remove', 'h').status).toBe(0);
    expect(cli('scanner', 'remove', 'h').stderr).toContain('Không có máy quét tên “h”');
  });

  it('scanner test reads a serial scanner live; unusable scans are kept; doctor reports the devices', async () => {
    const { dir, args, cli } = setup();
    const { app, wire, socat } = await ptyPair(dir);
    cleanups.push(() => socat.kill('SIGKILL'));
    expect(cli('scanner', 'add', 'cong-1', '--kind', 'serial', '--target', app).status).toBe(0);

    const child = spawn(process.execPath, args('--lang', 'en', 'scanner', 'test', 'cong-1', '--count', '4', '--seconds', '20', '--json'), { env: { ...process.env, LUUDONG_LANG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const deadline = Date.now() + 10_000;
    while (!stderr.includes('cong-1: connected') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(stderr).toContain('Scan a code');
    send(wire, `\uFEFF${QR}\r\n`, '000.00.20.H26-261123-0001\r', 'NGUY\u00e1\u00bb\u0084N\r', '8935049501234\n');
    expect(await exited).toBe(0);
    const seen = JSON.parse(stdout) as { kind: string; what: string }[];
    expect(seen.map((s) => s.kind)).toEqual(['citizen', 'dossier', 'encoding', 'unknown']);
    expect(seen[0]?.what).toBe('ID card 001152012345 – Nguyễn Thị Hường');

    const log = JSON.parse(cli('scanner', 'log', '--json').stdout) as { source: string; kind: string; raw: string }[];
    expect(log.map((r) => [r.source, r.kind, r.raw])).toEqual([
      ['cong-1', 'unknown', '8935049501234'],
      ['cong-1', 'encoding', 'NGUY\u00e1\u00bb\u0084N'],
    ]);

    // doctor: the PTY is there and usable; a scanner on a missing port fails it (exit 1)
    const ok = cli('--lang', 'en', 'doctor', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toContainEqual({ check: 'Scanner cong-1', level: 'ok', detail: `ready (${app})` });
    expect(cli('scanner', 'add', 'gone', '--kind', 'serial', '--target', '/dev/ttyACM7').status).toBe(0);
    const bad = cli('--lang', 'en', 'doctor');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/\[failed \] Scanner gone +\/dev\/ttyACM7 not found \(unplugged\?\)/);
  });
});
