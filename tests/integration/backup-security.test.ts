// Backups and restores as a supervisor's acts, on real files through the built CLI (issue 15, items 1
// and 8): refused without a supervisor once operators exist; a restore recorded in the restored
// database with the head of the log it replaced; a killed restore's copy cleaned up; a writer whose
// file a restore replaced told so (not "read-only"); `--to` a folder that is not a mounted removable
// disk refused (a stick not mounted, /proc/nope) without spinning, unless --local.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { removableKind } from '../../src/app/backupTarget.js';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { registerAuditFunctions } from '../../src/store/audit.js';
import { openDatabase } from '../../src/store/db.js';
import { vehicleKey } from '../../src/store/vehicleKey.js';
import { BIN, ensureBuilt } from '../helpers/build.js';
import { refusal } from '../helpers/refusal.js';

beforeAll(() => ensureBuilt(), 60_000);
const data = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function cli(db: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, '--db', db, '--lang', 'en', ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '', ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** A database with operators (Hùng admin, Mai supervisor, Lan operator) and `n` dossiers. */
function withOperators(n = 3) {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-bsec-'));
  const file = join(dir, 'data', 'bus.db');
  const app = new Luudong({ db: openDatabase(file), data, file });
  const admin = app.operators.add('Hùng', 'admin', '2468', null);
  app.operators.add('Mai', 'supervisor', '8642', admin);
  app.operators.add('Lan', 'operator', '1357', admin);
  app.login('Lan', '1357');
  app.citizenFromQr(QR);
  for (let i = 0; i < n; i++) app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
  app.db.close();
  return { dir, file };
}
const as = (name: string, pin: string) => ['--operator', name, { LUUDONG_PIN: pin }] as const;

describe('a supervisor\'s acts once operators exist', () => {
  it('backup and restore need a supervisor; the restore is recorded in the restored log with the head it replaced', () => {
    const { dir, file } = withOperators();
    const usb = join(dir, 'usb');
    expect(cli(file, ['backup', '--to', usb, '--local']).stderr).toContain('Log in first');
    const [lanFlag, lan, lanEnv] = as('Lan', '1357');
    expect(cli(file, [lanFlag, lan, 'backup', '--to', usb, '--local'], lanEnv).stderr).toContain('Lan may not do this: it needs a supervisor.');
    const [maiFlag, mai, maiEnv] = as('Mai', '8642');
    const b = cli(file, [maiFlag, mai, 'backup', '--to', usb, '--local', '--json'], maiEnv);
    expect(b.status, b.stderr).toBe(0);
    const backup = JSON.parse(b.stdout) as { path: string; audit: { entries: number; mac: string } };

    // a dossier after the backup: the restore will roll it back
    expect(cli(file, [lanFlag, lan, 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt'], lanEnv).status).toBe(0);
    const live = new Database(file, { readonly: true });
    const replacedHead = live.prepare('SELECT seq, lower(hex(mac)) AS mac FROM audit_chain ORDER BY seq DESC LIMIT 1').get() as { seq: number; mac: string };
    live.close();

    expect(cli(file, ['restore', backup.path, '--yes']).stderr).toContain('Log in first');
    expect(cli(file, [lanFlag, lan, 'restore', backup.path, '--yes'], lanEnv).stderr).toContain('Lan may not do this: it needs a supervisor.');
    const r = cli(file, [maiFlag, mai, 'restore', backup.path, '--yes'], maiEnv);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // from the log replaced (Lan's and Mai's logins for the restore logged in it last) to the backup's, plus the restore's note
    const back = /The log went back from (\d+):[0-9a-f]{32} to (\d+):[0-9a-f]{32}/.exec(r.stdout);
    expect(Number(back?.[1])).toBeGreaterThan(replacedHead.seq);
    expect(Number(back?.[2])).toBe(backup.audit.entries + 1);
    const db = new Database(file, { readonly: true });
    const note = db.prepare("SELECT operator, payload FROM audit_notes WHERE kind = 'restore'").get() as { operator: string; payload: string };
    db.close();
    const [name, fromHead, replaced, kept] = JSON.parse(note.payload) as [string, string, string, string];
    expect(note.operator).toBe('Mai');
    expect(name).toBe(backup.path.split('/').pop());
    expect(fromHead).toBe(`${backup.audit.entries}:${backup.audit.mac}`);
    expect(Number(replaced.split(':')[0])).toBeGreaterThan(replacedHead.seq);
    expect(kept).toMatch(/^bus\.before-restore-/);
    // the restored log is intact, its head kept beside the database moved back with it
    const v = cli(file, [maiFlag, mai, 'audit', 'verify'], maiEnv);
    expect(v.stdout, v.stderr).toMatch(/^Audit log intact/m);
  }, 120_000);
});

describe('restore leftovers and races', () => {
  it('a restore killed half-way leaves its copy, and the next restore removes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-bsec-kill-'));
    const file = join(dir, 'data', 'bus.db');
    const app = new Luudong({ db: openDatabase(file), data, file, operator: 'Lan' });
    app.db.pragma('synchronous = OFF');
    app.citizenFromQr(QR);
    app.db.transaction(() => {
      for (let i = 0; i < 3000; i++) app.db.prepare("INSERT INTO scan_log (at, source, kind, raw) VALUES (?, 'wedge', 'unknown', ?)").run(i, 'x'.repeat(2000));
    })();
    app.db.close();
    const b = cli(file, ['backup', '--to', join(dir, 'usb'), '--local', '--json']);
    expect(b.status, b.stderr).toBe(0);
    const backup = (JSON.parse(b.stdout) as { path: string }).path;
    const copies = () => readdirSync(join(dir, 'data')).filter((n) => n.includes('.restore-'));
    let killed = false;
    for (let attempt = 0; attempt < 5 && !killed; attempt++) {
      const child = spawn(process.execPath, [BIN, '--db', file, 'restore', backup, '--yes'], { stdio: 'ignore' });
      const closed = new Promise((ok) => child.on('close', ok));
      while (child.exitCode === null && copies().length === 0) await new Promise((r) => setTimeout(r, 1));
      if (copies().length > 0 && child.exitCode === null) {
        child.kill('SIGKILL');
        killed = true;
      }
      await closed;
    }
    expect(killed).toBe(true);
    expect(copies().length).toBeGreaterThan(0); // a whole copy of the database, left by the killed run
    const again = cli(file, ['restore', backup, '--yes']);
    expect(again.status, again.stderr).toBe(0);
    expect(copies()).toEqual([]);
  }, 120_000);

  it('a writer whose file a restore replaced is told so, not "read-only"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-bsec-moved-'));
    const file = join(dir, 'bus.db');
    const other = join(dir, 'other.db');
    for (const f of [file, other]) {
      const a = new Luudong({ db: openDatabase(f), data, file: f, operator: 'Lan' });
      a.citizenFromQr(QR);
      a.db.close();
    }
    // A writer that opened the file while the restore held it: the restore has left the old file
    // in rollback-journal mode (src/store/lock.ts leaveWal), and the writer's connection is on it.
    const flip = new Database(file);
    flip.pragma('journal_mode = DELETE');
    flip.close();
    const conn = new Database(file);
    registerAuditFunctions(conn, () => vehicleKey(file));
    conn.prepare('SELECT count(*) FROM citizens').get();
    renameSync(other, file); // the restore's last step
    const writer = new Luudong({ db: conn, data, file, operator: 'Lan' });
    const e = refusal(() => writer.citizenFromQr(QR.replace('HƯỜNG', 'HOA')));
    expect(e.code).toBe('err.dbReplaced');
    writer.db.close();
  });
});

describe('where a backup may go', () => {
  it('a stick that is not mounted, or /proc/nope, is refused at once and nothing is written; --local says otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-bsec-to-'));
    const file = join(dir, 'bus.db');
    const a = new Luudong({ db: openDatabase(file), data, file, operator: 'Lan' });
    a.citizenFromQr(QR);
    a.db.close();
    const media = join(dir, 'media');
    mkdirSync(media);
    // /media/usb with no stick in it: the folder does not exist, and would land on the laptop's disk
    const r = cli(file, ['backup', '--to', join(media, 'usb', 'sao-luu')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("that folder is on the database's own disk (the stick may not be mounted)");
    expect(existsSync(join(media, 'usb'))).toBe(false);
    // /proc/nope: Node's recursive mkdir never returned here (100 % CPU); now a refusal at once
    const t0 = Date.now();
    const p = cli(file, ['backup', '--to', '/proc/nope/x']);
    expect(p.signal).toBeNull();
    expect(p.status).toBe(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const pl = cli(file, ['backup', '--to', '/proc/nope', '--local']);
    expect(pl.status).toBe(1);
    expect(pl.stderr).toContain('/proc/nope');
    // told so: another folder of this disk
    const ok = cli(file, ['backup', '--to', join(media, 'usb', 'sao-luu'), '--local', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(existsSync(JSON.parse(ok.stdout).path)).toBe(true);
  });

  it('tells a removable disk by its block device: USB, removable, an SD card; not an internal disk', () => {
    // A sysfs tree as the kernel lays it out for each kind (no such device is plugged in here).
    const root = mkdtempSync(join(tmpdir(), 'luudong-bsec-sys-'));
    const dev = (name: string, path: string, files: Record<string, string>) => {
      const d = join(root, 'sys', 'devices', path);
      mkdirSync(d, { recursive: true });
      for (const [f, v] of Object.entries(files)) {
        mkdirSync(join(d, f, '..'), { recursive: true });
        writeFileSync(join(d, f), v);
      }
      mkdirSync(join(root, 'sys', 'dev', 'block'), { recursive: true });
      symlinkSync(d, join(root, 'sys', 'dev', 'block', name));
    };
    dev('8:17', 'pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host2/target2:0:0/2:0:0:0/block/sdb/sdb1', { 'partition': '1' });
    dev('8:33', 'platform/card/block/sdc/sdc1', { '../removable': '1' });
    dev('179:1', 'platform/mmc_host/mmc1/mmc1:aaaa/block/mmcblk1/mmcblk1p1', { '../device/type': 'SD' });
    dev('179:33', 'platform/mmc_host/mmc0/mmc0:0001/block/mmcblk0/mmcblk0p1', { '../device/type': 'MMC', '../removable': '0' });
    dev('8:1', 'pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1', { '../removable': '0' });
    const devOf = (major: number, minor: number) => major * 256 + minor;
    expect(removableKind(devOf(8, 17), root)).toBe('usb');
    expect(removableKind(devOf(8, 33), root)).toBe('removable');
    expect(removableKind(devOf(179, 1), root)).toBe('sd');
    expect(removableKind(devOf(179, 33), root)).toBeNull(); // the laptop's own eMMC
    expect(removableKind(devOf(8, 1), root)).toBeNull();
    expect(removableKind(devOf(0, 44), root)).toBeNull(); // tmpfs: no block device
  });
});
