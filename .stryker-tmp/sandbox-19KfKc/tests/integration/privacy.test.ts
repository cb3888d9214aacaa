// @ts-nocheck
// Files and logs on a laptop that travels: every file the app creates is the owner's alone, and
// what the headless print worker writes to its log (the system journal) names no citizen: codes
// and ticket labels only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/build.js';

const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...walk(join(dir, e.name))] : [join(dir, e.name)]));
}

describe('privacy on disk and in logs', () => {
  it('owner-only files and folders; the print worker logs codes, never a name, number or address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-privacy-'));
    const data = join(dir, 'data');
    const db = join(data, 'bus.db');
    const cli = (input: string | undefined, ...a: string[]) => spawnSync(process.execPath, [BIN, '--db', db, ...a], { encoding: 'utf8', input, env: { ...process.env, LUUDONG_LANG: '' } });
    expect(cli(undefined, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan').status).toBe(0);
    expect(cli(undefined, 'printer', 'add', 'quay-1', '--kind', 'file', '--target', join(dir, 'paper.bin'), '--paper', '80', '--role', 'tickets,slips').status).toBe(0);
    expect(cli(undefined, 'queue', 'issue', 'A').status).toBe(0);
    const r = cli(QR, 'dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', 'all', '--ticket', 'A001', '--json');
    expect(r.status).toBe(0);
    const code = JSON.parse(r.stdout).code as string;
    const w = cli(undefined, 'print-worker', '--once');
    expect(w.status).toBe(0);
    const log = w.stdout + w.stderr;
    expect(log).toContain(code);
    for (const s of ['Hường', 'HƯỜNG', 'Huong', '001152012345', 'Đồi Dùng', 'Hà Nội', '15/03/1952']) expect(log, s).not.toContain(s);

    for (const p of walk(data)) {
      const mode = statSync(p).mode & 0o777;
      expect(mode & 0o077, `${p} is ${mode.toString(8)}`).toBe(0);
    }
    expect(statSync(data).mode & 0o077).toBe(0);
  });
});
