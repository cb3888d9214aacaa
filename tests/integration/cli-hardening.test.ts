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

describe('guarded acts and implausible input', () => {
  it('refusing a dossier, a final state, is a supervisor\'s act and needs its reason', () => {
    const db = fresh();
    const as = (_name: string, pin: string) => ({ LUUDONG_PIN: pin });
    expect(cli(db, ['operator', 'add', 'Hùng', '--role', 'admin'], { LUUDONG_NEW_PIN: '2468' }).status).toBe(0);
    expect(cli(db, ['--operator', 'Hùng', 'operator', 'add', 'Lan'], { ...as('Hùng', '2468'), LUUDONG_NEW_PIN: '1357' }).status).toBe(0);
    expect(cli(db, ['--operator', 'Hùng', 'operator', 'add', 'Mai', '--role', 'supervisor'], { ...as('Hùng', '2468'), LUUDONG_NEW_PIN: '8642' }).status).toBe(0);
    const lan = (...a: string[]) => cli(db, ['--operator', 'Lan', ...a], as('Lan', '1357'), QR);
    const mai = (...a: string[]) => cli(db, ['--operator', 'Mai', ...a], as('Mai', '8642'));
    expect(lan('trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng').status).toBe(0);
    const r = lan('dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt', '--json');
    expect(r.stderr).toBe('');
    const code = (JSON.parse(r.stdout) as { code: string }).code;
    const refusedByLan = lan('dossier', 'status', code, 'refused', '--note', 'thiếu giấy tờ');
    expect(refusedByLan.status).toBe(1);
    expect(refusedByLan.stderr).toContain('Lan may not do this: it needs a supervisor.');
    const noReason = mai('dossier', 'status', code, 'refused');
    expect(noReason.status).toBe(1);
    expect(noReason.stderr).toContain('needs a reason');
    const ok = mai('dossier', 'status', code, 'refused', '--note', 'Thiếu giấy chứng sinh', '--json');
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({ code, state: 'refused' });
    const shown = JSON.parse(mai('dossier', 'show', code, '--json').stdout) as { events: { to: string; operator: string; note: string | null }[] };
    expect(shown.events.at(-1)).toMatchObject({ to: 'refused', operator: 'Mai', note: 'Thiếu giấy chứng sinh' });
  });

  it('a trip dated 9999-12-31, or more than a year back, is refused; today\'s opens', () => {
    const db = fresh();
    const open = (date: string) => cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--date', date]);
    for (const date of ['9999-12-31', '2099-01-01', '1970-01-01']) {
      const r = open(date);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Trip date ${date} is not plausible`);
    }
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // Asia/Ho_Chi_Minh
    expect(open(today).status).toBe(0);
  });
});
