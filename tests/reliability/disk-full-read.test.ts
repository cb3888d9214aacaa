// With the disk full, what only reads still works (issue 15): a database nobody has open needs its
// write-ahead log's index (the -shm file, 32 KiB) to be read at all, and on a full disk it could not
// be made, so even `queue list` failed, and left an unusable index behind for the next try. Run on a
// small tmpfs filled to the last byte (where this process may mount one, as root in a container).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { BIN, ensureBuilt } from '../helpers/build.js';
import { fillDisk } from '../helpers/fill-disk.js';

const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function cli(db: string, args: string[], input = '') {
  const r = spawnSync(process.execPath, [BIN, '--db', db, '--lang', 'en', ...args], { encoding: 'utf8', input, env: { ...process.env, LUUDONG_LANG: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mountDir = mkdtempSync(join(tmpdir(), 'luudong-tmpfs-read-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mountDir], { encoding: 'utf8' });
const skip = mounted.status === 0 ? false : `mounting a tmpfs is not permitted here (${(mounted.stderr || mounted.error?.message || '').trim()})`;
afterAll(() => {
  if (!skip) spawnSync('umount', ['-l', mountDir]);
  rmdirSync(mountDir);
});
beforeAll(() => ensureBuilt(), 120_000);

describe.skipIf(skip)(`a full disk, nothing else open${skip ? ` – skipped: ${skip}` : ''}`, () => {
  it('reading commands answer (twice: nothing unusable left behind); a write says the disk is full', () => {
    const db = join(mountDir, 'bus.db');
    expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan']).status).toBe(0);
    expect(cli(db, ['queue', 'issue', 'A']).status).toBe(0);
    expect(cli(db, ['citizen', 'parse-qr', '--save'], QR).status).toBe(0);
    const r = cli(db, ['dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const code = (JSON.parse(r.stdout) as { code: string }).code;
    const free = fillDisk(mountDir);
    try {
      for (let round = 0; round < 2; round++) {
        const list = cli(db, ['queue', 'list']);
        expect(list.stderr).toBe('');
        expect(list.stdout).toContain('A001');
        const show = cli(db, ['dossier', 'show', code, '--json']);
        expect(show.status, show.stderr).toBe(0);
        expect(JSON.parse(show.stdout)).toMatchObject({ code, state: 'received' });
        expect(cli(db, ['trip', 'show']).status).toBe(0);
        expect(cli(db, ['report', 'trip']).status).toBe(0);
      }
      const write = cli(db, ['queue', 'issue', 'A']);
      expect({ status: write.status, stderr: write.stderr }).toEqual({ status: 1, stderr: `Error: ${translator('en')('err.dbFull')}\n` });
    } finally {
      free();
    }
    expect(cli(db, ['queue', 'issue', 'A']).status).toBe(0);
    expect(cli(db, ['audit', 'verify']).status).toBe(0);
  }, 120_000);
});
