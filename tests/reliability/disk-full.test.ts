// A full disk refuses the action and harms nothing (issue 7). The built CLI receives dossiers, then is
// run where it cannot write: with a file-size limit (RLIMIT_FSIZE through `ulimit -f`; always run),
// and on a small tmpfs filled to the last byte (run where this process may mount one, as root in a
// container usually may). Each refusal must be the catalogue's "disk full" message in the operator's
// language with exit code 1, and once there is room again the file must pass integrity_check, hold
// every dossier acknowledged before and nothing from the refused ones (no dossier, no print job, no
// code used up: the next receipt takes the next number).
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, statSync, writeSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { BIN } from '../helpers/build.js';
import { fillDisk } from '../helpers/fill-disk.js';
import { Tmux } from './lib/tmux.js';

const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const RECEIVE = ['dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt'];
const FULL = { vi: `Lỗi: ${translator('vi')('err.dbFull')}\n`, en: `Error: ${translator('en')('err.dbFull')}\n` };

/**
 * The CLI, optionally under a file-size limit in KiB. The kernel sends SIGXFSZ to a process writing
 * past the limit, which would kill it before it could say anything; Node cannot catch that signal,
 * so bash ignores it before exec (ignored dispositions survive exec) and the write fails with EFBIG.
 */
function cli(db: string, args: string[], opts: { limitKiB?: number; input?: string } = {}) {
  const argv = [process.execPath, BIN, '--db', db, ...args];
  const r = opts.limitKiB === undefined
    ? spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', input: opts.input ?? '', env: { ...process.env, LUUDONG_LANG: '' } })
    : spawnSync('bash', ['-c', 'trap "" XFSZ; ulimit -f "$0"; exec "$@"', String(opts.limitKiB), ...argv], { encoding: 'utf8', input: opts.input ?? '', env: { ...process.env, LUUDONG_LANG: '' } });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A trip, a citizen and `n` dossiers received; returns their codes as acknowledged (--json). */
function setUp(db: string, n: number): string[] {
  expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Lan']).status).toBe(0);
  expect(cli(db, ['citizen', 'parse-qr', '--save'], { input: QR }).status).toBe(0);
  return Array.from({ length: n }, () => receive(db));
}

function receive(db: string): string {
  const r = cli(db, [...RECEIVE, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { code: string }).code;
}

/** With room again: the file is sound, holds exactly the acknowledged dossiers and their print jobs. */
function expectIntact(db: string, acked: string[]): void {
  const d = new Database(db, { readonly: true });
  try {
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(d.prepare('SELECT code FROM dossiers ORDER BY id').pluck().all()).toEqual(acked);
    expect(d.prepare("SELECT DISTINCT ref FROM print_jobs WHERE kind LIKE 'slip%' ORDER BY id").pluck().all()).toEqual(acked);
  } finally {
    d.close();
  }
}

const seq = (code: string) => Number(code.slice(-4));

describe('a file-size limit (ulimit -f)', () => {
  it('refuses receipts with the disk-full message, keeps the file whole and uses up no code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-full-'));
    const db = join(dir, 'bus.db');
    const acked = setUp(db, 3);

    // 8 KiB: not even the write-ahead log's index (32 KiB) can be made. Then a limit just above
    // what is on disk: the process opens the file, and the receipt's own write runs into the limit.
    const walBytes = (() => {
      try {
        return statSync(`${db}-wal`).size;
      } catch {
        return 0;
      }
    })();
    const limits = [8, Math.ceil(Math.max(walBytes, 32 * 1024) / 1024) + 4];
    for (const limitKiB of limits) {
      const vi = cli(db, RECEIVE, { limitKiB });
      expect({ limitKiB, status: vi.status, stderr: vi.stderr }).toEqual({ limitKiB, status: 1, stderr: FULL.vi });
      const en = cli(db, ['--lang', 'en', ...RECEIVE], { limitKiB });
      expect({ limitKiB, status: en.status, stderr: en.stderr }).toEqual({ limitKiB, status: 1, stderr: FULL.en });
    }

    expectIntact(db, acked);
    const next = receive(db);
    expect(seq(next)).toBe(seq(acked.at(-1) as string) + 1);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

// ---- a real full file system: a 4 MiB tmpfs, where mounting is allowed ----------------------------

const mountDir = mkdtempSync(join(tmpdir(), 'luudong-tmpfs-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mountDir], { encoding: 'utf8' });
const skipTmpfs = mounted.status === 0 ? false : `mounting a tmpfs is not permitted here (${(mounted.stderr || mounted.error?.message || '').trim()})`;
afterAll(() => {
  // Lazily: a screen killed with its tmux server may still be letting go of its files.
  if (!skipTmpfs) spawnSync('umount', ['-l', mountDir]);
  rmdirSync(mountDir);
});

const fill = fillDisk;

describe.skipIf(skipTmpfs)(`a full file system (tmpfs)${skipTmpfs ? ` – skipped: ${skipTmpfs}` : ''}`, () => {
  it('alone on the file: refused as a full disk, whole again once there is room', () => {
    const db = join(mountDir, 'alone.db');
    const acked = setUp(db, 3);
    const free = fill(mountDir);
    try {
      const r = cli(db, RECEIVE);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: FULL.vi });
      const en = cli(db, ['--lang', 'en', 'queue', 'issue', 'A']);
      expect({ status: en.status, stderr: en.stderr }).toEqual({ status: 1, stderr: FULL.en });
    } finally {
      free();
    }
    expectIntact(db, acked);
    expect(seq(receive(db))).toBe(4);
  }, 60_000);

  it('while another process has the file open (as the counter screen does): the same', () => {
    const db = join(mountDir, 'shared.db');
    const acked = setUp(db, 3);
    // A second connection keeps the write-ahead log and its index in place, so the refusal comes
    // from the transaction's own write (SQLITE_FULL) rather than from setting the log up.
    const other = new Database(db);
    try {
      other.pragma('journal_mode');
      const free = fill(mountDir);
      try {
        for (let i = 0; i < 3; i++) {
          const r = cli(db, RECEIVE);
          expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: FULL.vi });
        }
      } finally {
        free();
      }
      expectIntact(db, acked);
      expect(seq(receive(db))).toBe(4);
    } finally {
      other.close();
    }
  }, 60_000);

  it('the counter screen: the refusal on its status line, and it keeps running while its printer waits', async () => {
    const db = join(mountDir, 'screen.db');
    const acked = setUp(db, 3);
    // An unplugged printer: the ticket's job waits for its retry, which falls due while the disk is
    // full and the worker cannot write to the spool (that used to kill the whole screen).
    expect(cli(db, ['printer', 'add', 'quay-1', '--kind', 'file', '--target', join(mountDir, 'unplugged', 'lp0'), '--paper', '80', '--role', 'tickets']).status).toBe(0);
    const tmux = new Tmux();
    /** Wait for the screen to satisfy `pred`; the program ending is a failure. */
    const until = async (pred: (screen: string, status: string) => boolean, what: string, exiting = false) => {
      for (const end = Date.now() + 15_000; ; ) {
        const screen = await tmux.capture('desk');
        if (pred(screen, screen.split('\n')[1] ?? '')) return screen;
        if ((!exiting && /EXITED \d+/.test(screen)) || Date.now() > end) throw new Error(`the screen never showed ${what}:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const issue = async () => {
      await tmux.keys('desk', 'F2');
      await until((x) => x.includes('chọn nhóm dịch vụ'), 'the group picker');
      await tmux.keys('desk', 'a', 'Enter');
    };
    // The status line is one screen line: the message is cut at its end.
    const refusal = `! ${translator('vi')('err.dbFull')}`.slice(0, 60);
    try {
      tmux.start('desk', `env -u CI -u CONTINUOUS_INTEGRATION -u LUUDONG_LANG TERM=xterm-256color ${process.execPath} ${BIN} --db ${db}; echo EXITED $?; sleep 60`);
      await until((x) => x.includes('> Quầy 1'), 'the counter screen');
      await issue();
      await until((x) => x.includes('A001  '), 'ticket A001 waiting');
      const free = fill(mountDir);
      try {
        await issue();
        await until((_, status) => status.startsWith(refusal), 'the disk-full refusal');
        // Past the moment the job's retry falls due (the app's own timer, read from the spool),
        // with the disk still full: the screen is still there, saying the same.
        const spool = new Database(db, { readonly: true });
        const nextAt = spool.prepare("SELECT next_at FROM print_jobs WHERE kind = 'ticket'").pluck().get() as number;
        spool.close();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - Date.now()) + 1000));
        await until((_, status) => status.startsWith(refusal), 'the screen alive after the retry');
      } finally {
        free();
      }
      await issue();
      // (The status line may already say the printer is unplugged: the waiting list shows it.)
      await until((x) => x.includes('A002  '), 'ticket A002 once there is room');
      await tmux.keys('desk', 'q');
      await until((x) => x.includes('Thoát chương trình?'), 'the quit question');
      await tmux.keys('desk', 'y');
      expect(await until((x) => /EXITED \d+/.test(x), 'the end', true)).toContain('EXITED 0');
    } finally {
      tmux.kill();
    }
    expectIntact(db, acked);
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT label FROM tickets ORDER BY id').pluck().all()).toEqual(['A001', 'A002']);
    d.close();
  }, 90_000);
});
