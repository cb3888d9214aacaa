// Backups and restores through the built CLI, on real files: a backup taken while another process
// keeps receiving dossiers, restored whole; a write during the copy; attached files carried to a new
// laptop; damaged, foreign and newer backups refused with nothing changed; a restore refused while
// another luudong process has the database open, and done once it is closed.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, DIST, ROOT } from '../helpers/build.js';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { storeScan } from '../../src/app/attachments.js';
import { backupDatabase, type BackupProgress } from '../../src/app/backup.js';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { storeSlipPdf } from '../../src/app/print/slipPdf.js';
import { openDatabase } from '../../src/store/db.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';

const require = createRequire(import.meta.url);

const data = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const CITIZEN = '001152012345';
const BIRTH = '1.001193';
const birthDocs = (data.procedures.find((p) => p.code === BIRTH)?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, LUUDONG_LANG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}
const cli = (file: string, ...args: string[]) => run([BIN, '--db', file, '--lang', 'en', ...args]);

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A database with the citizen and `n` dossiers, written fast (this is set-up, not the test). */
function seed(file: string, n: number): Luudong {
  const db = openDatabase(file);
  db.pragma('synchronous = OFF');
  const app = new Luudong({ db, data, file, operator: 'Lan' });
  app.citizenFromQr(QR);
  for (let i = 0; i < n; i++) app.dossiers.receive({ citizenId: CITIZEN, procedure: BIRTH, documents: birthDocs, payment: 'exempt', returnMethod: 'commune_office' });
  return app;
}

const codesIn = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT code FROM dossiers ORDER BY id').all() as { code: string }[]).map((r) => r.code);
  } finally {
    db.close();
  }
};
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What a "nothing changed" check compares: the database's bytes and the folder's names. */
const state = (file: string, dir: string) => ({ sha: sha(file), names: readdirSync(dir).sort() });

/**
 * A second process receiving dossiers one after another through the built CLI's entry point, each
 * its own open-receive-close, as separate CLI runs would; it prints each dossier as JSON once
 * committed, until SIGTERM.
 */
function startWriter(dir: string, file: string): { child: ChildProcess; codes: () => string[]; stopped: Promise<void> } {
  const script = join(dir, 'writer.mjs');
  writeFileSync(
    script,
    `import { loadBundle } from ${JSON.stringify(join(ROOT, 'bin/codecache.js'))};
const { main } = loadBundle(${JSON.stringify(DIST)}).exports;
let stop = false;
process.on('SIGTERM', () => { stop = true; });
while (!stop) {
  await main(['--db', ${JSON.stringify(file)}, '--json', 'dossier', 'receive', '--citizen', '${CITIZEN}', '--procedure', '${BIRTH}', '--docs', 'mandatory']);
  await new Promise((r) => setImmediate(r)); // a turn of the event loop, where SIGTERM is heard
}
`,
  );
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, LUUDONG_LANG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const stopped = new Promise<void>((ok) => child.on('close', () => ok()));
  // Each result is pretty-printed JSON: a top-level object ends with "}" alone on its line.
  const codes = () =>
    out
      .split(/^\}$/m)
      .slice(0, -1)
      .map((part) => {
        const r = JSON.parse(`${part}}`) as { code?: string; error?: unknown };
        if (!r.code) throw new Error(`the writer failed: ${JSON.stringify(r)} ${err}`);
        return r.code;
      });
  return { child, codes, stopped };
}

async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('backup while another process writes', () => {
  it('restores to a database that passes integrity_check and holds every dossier committed before the backup started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-backup-'));
    const file = join(dir, 'data', 'bus.db');
    seed(file, 1500).db.close();
    const seeded = codesIn(file);
    const writer = startWriter(dir, file);
    await until(() => writer.codes().length >= 5);

    const committedBefore = writer.codes();
    const backup = await cli(file, 'backup', '--to', join(dir, 'usb'), '--local', '--json');
    const committedDuring = writer.codes().length - committedBefore.length;
    writer.child.kill('SIGTERM');
    await writer.stopped;
    const written = writer.codes();

    expect(backup.code).toBe(0);
    const r = JSON.parse(backup.stdout);
    expect(r).toMatchObject({ files: 0, missing: [] });
    expect(r.path).toMatch(/\/usb\/bus-\d{4}-\d{2}-\d{2}-\d{4}\.db$/);
    expect(r.bytes).toBe(statSync(r.path).size);
    expect(r.pages).toBeGreaterThan(100);
    expect(typeof r.seconds).toBe('number');
    // the final progress line, always (stderr is not a terminal here: no bar)
    expect(backup.stderr).toMatch(/^Copied \d+ database pages in [\d.]+ s\.\n$/);
    // the other process really was writing while the backup ran
    expect(committedDuring).toBeGreaterThan(0);
    expect(statSync(r.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'usb')).mode & 0o777).toBe(0o700);
    expect(readFileSync(r.path.replace(/\.db$/, '.sha256'), 'utf8')).toBe(`${sha(r.path)}  ${r.path.split('/').pop()}\n`);
    // one self-contained file: rollback journal, no -wal beside it
    expect(readFileSync(r.path)[18]).toBe(1);
    const name = r.path.split('/').pop() as string;
    expect(readdirSync(join(dir, 'usb')).sort()).toEqual([name, name.replace(/\.db$/, '.sha256'), name.replace(/\.db$/, '.json')].sort());
    // the metadata: what it is, its checksum, and the audit chain's head it holds (an anchor)
    const meta = JSON.parse(readFileSync(r.meta, 'utf8'));
    expect(meta).toMatchObject({ format: 'luudong-backup', database: 'bus.db', sha256: sha(r.path), audit: { entry: r.audit.entries, head: r.audit.mac } });

    const restore = await cli(file, 'restore', r.path, '--yes', '--json');
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const rr = JSON.parse(restore.stdout);
    expect(rr).toMatchObject({ file, from: r.path, files: 0, missing: [] });
    expect(rr.keptAs).toMatch(/\/data\/bus\.before-restore-\d{4}-\d{2}-\d{2}-\d{4}\.db$/);

    const restored = codesIn(file);
    const db = openDatabase(file);
    try {
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.exec("INSERT INTO dossier_names (dossier_names) VALUES ('integrity-check')");
    } finally {
      db.close();
    }
    for (const code of [...seeded, ...committedBefore]) expect(restored, code).toContain(code);
    // nothing that was never committed; and the kept database has everything the writer wrote
    expect(restored.every((c) => seeded.includes(c) || written.includes(c))).toBe(true);
    expect(codesIn(rr.keptAs)).toEqual([...seeded, ...written]);
    expect(statSync(rr.keptAs).mode & 0o777).toBe(0o600);
  });

  it('a write during the copy restarts it: the rest goes in one step and the backup holds that write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-backup-'));
    const file = join(dir, 'bus.db');
    seed(file, 600).db.close();
    const other = new Luudong({ db: openDatabase(file), data, file, operator: 'Hùng' });
    const seen: BackupProgress[] = [];
    let during = '';
    const r = await backupDatabase(file, join(dir, 'usb'), {
      local: true,
      onProgress: (p) => {
        seen.push(p);
        // between two steps, half way through, another connection commits a dossier
        if (!during && p.done > 0) during = other.dossiers.receive({ citizenId: CITIZEN, procedure: BIRTH, documents: birthDocs, payment: 'exempt', returnMethod: 'commune_office' }).code;
      },
    });
    other.db.close();
    const done = seen.map((p) => p.done);
    const first = done.findIndex((d) => d > 0);
    expect(done[first]).toBeLessThan(seen[first]!.total); // the write came before the copy was done
    expect(done.some((d, i) => i > first && d <= done[i - 1]!)).toBe(true); // so the copy started over
    expect(seen.at(-1)).toEqual({ done: r.pages, total: r.pages });
    expect(codesIn(r.path)).toContain(during);
    expect(codesIn(r.path)).toEqual(codesIn(file));
  });
});

describe('attached files', () => {
  it('are copied beside the backup, owner-only, and restored with the database on a new laptop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-backup-'));
    const file = join(dir, 'data', 'bus.db');
    const app = seed(file, 2);
    const [d1, d2] = app.dossiers.find(CITIZEN).reverse();
    const scan = new TextEncoder().encode('%PDF-1.4\n% a scanned birth certificate\n%%EOF\n');
    const slip = new TextEncoder().encode('%PDF-1.4\n% the slip\n%%EOF\n');
    const f1 = storeScan(app.dossiers, file, d1!, 0, scan, app.now());
    storeSlipPdf(app.dossiers, file, d2!, slip, app.now());
    app.db.close();

    const b = await cli(file, 'backup', '--to', join(dir, 'usb'), '--local', '--json');
    expect(b.code).toBe(0);
    const r = JSON.parse(b.stdout);
    expect(r).toMatchObject({ files: 2, missing: [] });
    const filesDir = r.path.replace(/\.db$/, '.files');
    expect(readFileSync(join(filesDir, f1.path))).toEqual(Buffer.from(scan));
    expect(readFileSync(join(filesDir, 'files', d2!.code, 'slip.pdf'))).toEqual(Buffer.from(slip));
    expect(statSync(join(filesDir, f1.path)).mode & 0o777).toBe(0o600);
    expect(statSync(filesDir).mode & 0o777).toBe(0o700);

    // a new laptop: no database, no files, and no vehicle key: refused until keys/ is copied over
    // (the supervisor's copy; a backup never holds it)
    const fresh = join(dir, 'new-laptop', 'bus.db');
    const noKey = await cli(fresh, 'restore', r.path, '--yes', '--json');
    expect(noKey.code).toBe(1);
    expect(JSON.parse(noKey.stdout).error.code).toBe('err.restore.noKey');
    cpSync(join(dir, 'data', 'keys'), join(dir, 'new-laptop', 'keys'), { recursive: true });
    const rr = await cli(fresh, 'restore', r.path, '--yes', '--json');
    expect(rr.stderr).toBe('');
    expect(JSON.parse(rr.stdout)).toMatchObject({ file: fresh, keptAs: null, files: 2, missing: [] });
    expect(readFileSync(join(dir, 'new-laptop', f1.path))).toEqual(Buffer.from(scan));
    expect(readFileSync(join(dir, 'new-laptop', 'files', d2!.code, 'slip.pdf'))).toEqual(Buffer.from(slip));
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(codesIn(fresh)).toEqual(codesIn(file));
    // and the app reads the scan back, checked against its hash
    const shown = await cli(fresh, 'dossier', 'show', d1!.code, '--json');
    expect(shown.code).toBe(0);

    // a file that went missing from the data directory is named, and the backup still made
    rmSync(join(dir, 'data', 'files'), { recursive: true });
    const partial = await cli(file, 'backup', '--to', join(dir, 'usb'), '--local', '--json');
    expect(partial.code).toBe(0);
    expect(JSON.parse(partial.stdout)).toMatchObject({ files: 1, missing: [`files/${d2!.code}/slip.pdf`] });
    expect(partial.stderr).toContain('Warning: 1 attached file(s) missing');
  });
});

describe('restore refusals', () => {
  async function withBackup() {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-restore-'));
    const file = join(dir, 'data', 'bus.db');
    const app = seed(file, 5);
    const f = storeScan(app.dossiers, file, app.dossiers.find(CITIZEN)[0]!, 0, new TextEncoder().encode('%PDF-1.4\n% scan\n%%EOF\n'), app.now());
    app.db.close();
    const b = await cli(file, 'backup', '--to', join(dir, 'usb'), '--local', '--json');
    expect(b.code).toBe(0);
    return { dir, file, backup: JSON.parse(b.stdout).path as string, scanPath: f.path };
  }
  const refused = async (file: string, backup: string, code: string, ...more: string[]) => {
    const r = await cli(file, 'restore', backup, '--yes', '--json', ...more);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe(code);
    return JSON.parse(r.stdout).error.message as string;
  };

  it('a damaged, foreign or newer backup is refused and nothing changes', async () => {
    const { dir, file, backup, scanPath } = await withBackup();
    const data = join(dir, 'data');
    const before = state(file, data);
    const bytes = readFileSync(backup);
    const copy = (name: string, b: Uint8Array, withSum = false) => {
      const p = join(dir, 'usb', name);
      writeFileSync(p, b, { mode: 0o600 });
      if (withSum) writeFileSync(p.replace(/\.db$/, '.sha256'), readFileSync(backup.replace(/\.db$/, '.sha256'), 'utf8').replace(/  .*/, `  ${name}`));
      return p;
    };

    // bytes flipped in the middle: the checksum written with the backup no longer matches
    const flipped = Buffer.from(bytes);
    for (let i = 0; i < 16; i++) flipped[(flipped.length >> 1) + i]! ^= 0xff;
    expect(await refused(file, copy('flipped.db', flipped, true), 'err.restore.damaged')).toContain('SHA-256');

    // no checksum file: refused unless asked for
    const unsummed = copy('unsummed.db', bytes);
    expect(await refused(file, unsummed, 'err.restore.noChecksum')).toContain('has no checksum file');
    // a page wiped and no checksum file (restored without one when told): integrity_check finds it
    const pageSize = bytes.readUInt16BE(16);
    const wiped = Buffer.from(bytes);
    const page = Math.floor(bytes.length / pageSize / 2);
    wiped.fill(0, page * pageSize, (page + 1) * pageSize);
    expect(await refused(file, copy('wiped.db', wiped), 'err.restore.damaged', '--without-checksum')).toMatch(/damaged \([\s\S]+\)/); // SQLite's detail may run over several lines

    // a SQLite file of another application
    const foreign = join(dir, 'usb', 'other.db');
    const o = new Database(foreign);
    o.exec('CREATE TABLE notes (t TEXT)');
    o.close();
    await refused(file, foreign, 'err.restore.notLuudong', '--without-checksum');
    await refused(file, copy('text.db', new TextEncoder().encode('not a database at all\n')), 'err.restore.notLuudong', '--without-checksum');

    // written by a newer version
    const newer = copy('newer.db', bytes);
    const n = new Database(newer);
    n.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    n.close();
    expect(await refused(file, newer, 'err.restore.newer', '--without-checksum')).toContain(`schema ${SCHEMA_VERSION + 1}`);

    // an attached file changed in the backup
    writeFileSync(join(backup.replace(/\.db$/, '.files'), scanPath), 'changed');
    await refused(file, backup, 'err.restore.fileDamaged');

    await refused(file, join(dir, 'usb', 'nothing-here.db'), 'err.restore.missing');
    expect(state(file, data)).toEqual(before);
  });

  it('without --yes and no terminal to ask on, it says what it would do and refuses', async () => {
    const { dir, file, backup } = await withBackup();
    const before = state(file, join(dir, 'data'));
    const r = await cli(file, 'restore', backup);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Backup ${backup}: 5 dossiers, schema ${SCHEMA_VERSION}, 1 attached files; SHA-256 checksum matches.`);
    expect(r.stderr).toMatch(/It will replace the database .*bus\.db \(5 dossiers\); the current one is kept as .*bus\.before-restore-[\d-]+\.db\./);
    expect(r.stderr).toContain('Not restored: add --yes to confirm');
    expect(state(file, join(dir, 'data'))).toEqual(before);
  });

  it('a database a killed process left with a write-ahead log is kept whole: the log folded into it', async () => {
    const { dir, file, backup } = await withBackup();
    // a writer killed (as by a power cut) after committing: its change is only in bus.db-wal
    const script = join(dir, 'killed.cjs');
    writeFileSync(
      script,
      `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const db = new Database(${JSON.stringify(file)});
db.prepare("UPDATE dossiers SET note = 'only in the log' WHERE id = 1").run();
process.kill(process.pid, 'SIGKILL');
`,
    );
    await run([script]);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const r = await cli(file, 'restore', backup, '--yes', '--json');
    expect(r.code, r.stderr).toBe(0);
    const kept = JSON.parse(r.stdout).keptAs as string;
    expect(existsSync(`${kept}-wal`)).toBe(false);
    expect(readFileSync(kept)[18]).toBe(1); // one self-contained file
    const db = new Database(kept, { readonly: true });
    try {
      expect(db.prepare('SELECT note FROM dossiers WHERE id = 1').get()).toEqual({ note: 'only in the log' });
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
    expect(codesIn(file)).toHaveLength(5);
  });

  it('is refused while another luudong process has the database open, and works once it is closed, keeping the previous database', async () => {
    const { dir, file, backup } = await withBackup();
    // a dossier received after the backup: in the kept database, not in the restored one
    const later = (await cli(file, 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', BIRTH, '--docs', 'mandatory', '--json'));
    expect(later.code).toBe(0);
    const laterCode = JSON.parse(later.stdout).code as string;

    // the headless print worker, as a systemd service runs it (what was queued printed first, so it idles)
    expect((await cli(file, 'print-worker', '--once')).code).toBe(0);
    const worker = spawn(process.execPath, [BIN, '--db', file, '--lang', 'en', 'print-worker'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(worker);
    let out = '';
    worker.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await until(() => out.includes('Print worker running'));
    const contents = () => ({ names: readdirSync(join(dir, 'data')).sort(), codes: codesIn(file) });
    const before = contents();
    expect(await refused(file, backup, 'err.dbInUse')).toContain('is open in another Luudong program');
    expect(contents()).toEqual(before);

    const exited = new Promise((ok) => worker.on('close', ok));
    worker.kill('SIGTERM');
    await exited;
    const r = await cli(file, 'restore', backup, '--yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Restored ${file} from ${backup} (1 attached files).`);
    const kept = /kept as (.+\.db)\./.exec(r.stdout)?.[1] as string;
    expect(codesIn(kept)).toContain(laterCode);
    expect(codesIn(file)).not.toContain(laterCode);
    expect(codesIn(file)).toHaveLength(5);
    // the app opens the restored database and goes on from it, never giving laterCode a second time
    const next = await cli(file, 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', BIRTH, '--docs', 'mandatory', '--json');
    expect(next.code).toBe(0);
    const seq = (code: string) => Number(code.slice(-4));
    expect(seq(JSON.parse(next.stdout).code)).toBe(seq(laterCode) + 1);
  });
});
