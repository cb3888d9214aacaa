// The small holes of issue 15, each through the built CLI as a real process: a QR piped in slowly,
// refusing a dossier, a trip dated far off, a bundle checked without the office's key.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../helpers/build.js';

beforeAll(() => ensureBuilt(), 60_000);

const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const fresh = () => join(mkdtempSync(join(tmpdir(), 'luudong-hard-')), 'bus.db');

function cli(db: string, args: string[], env: Record<string, string> = {}, input = '') {
  const r = spawnSync(process.execPath, [BIN, '--db', db, '--lang', 'en', ...args], { encoding: 'utf8', input, env: { ...process.env, LUUDONG_LANG: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('input', () => {
  it('--qr and parse-qr wait for a QR that comes through a slow pipe, instead of reading nothing', async () => {
    const db = fresh();
    expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan']).status).toBe(0);
    const slow = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((ok) => {
        const c = spawn(process.execPath, [BIN, '--db', db, '--lang', 'en', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LUUDONG_LANG: '' } });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d));
        c.stderr.on('data', (d: Buffer) => (stderr += d));
        // Half the card now, the rest after a pause: a scanner on a serial line, a script that thinks.
        c.stdin.write(QR.slice(0, 30));
        setTimeout(() => c.stdin.end(`${QR.slice(30)}\n`), 700);
        c.on('close', (code) => ok({ code, stdout, stderr }));
      });
    const parsed = await slow(['citizen', 'parse-qr', '--json']);
    expect(parsed.stderr).toBe('');
    expect(JSON.parse(parsed.stdout).citizen).toMatchObject({ id: '001152012345', fullName: 'Nguyễn Thị Hường' });
    const received = await slow(['dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt', '--json']);
    expect(received.stderr).toBe('');
    expect(JSON.parse(received.stdout)).toMatchObject({ citizen: { id: '001152012345' }, state: 'received' });
  });
});
