// Backups of the database with its attached files, and restores from them.
//
// A backup goes through SQLite's online backup API while the counter screen, the board and the print
// worker keep working and writing. It is checked (integrity_check, application_id, schema) before it
// takes its final name, its attached files are copied beside it after checking them against the
// hashes the database holds, and its SHA-256 is written next to it: SQLite pages carry no checksum,
// so integrity_check finds a broken structure but not a changed byte in a name or a fee.
//
// A restore copies a backup into the data directory, checks that copy (checksum, integrity_check,
// application_id, schema), and puts it in place with one rename, after keeping the current database
// under another name, and only while no other process has the database open (src/store/lock.ts).
//
// On disk, for the database luudong.db backed up to DIR:
//   DIR/luudong-2026-11-23-0915.db       the database, in rollback-journal mode: one self-contained file
//   DIR/luudong-2026-11-23-0915.sha256   its SHA-256 (`sha256sum -c` checks it by hand)
//   DIR/luudong-2026-11-23-0915.files/   the attached files, at their paths in the data directory
//   DIR/luudong-2026-11-23-0915.json     what it is: when, of which database, its checksum, and the
//                                        audit chain's head it holds (an anchor for `audit verify`)
// The vehicle's key (keys/ beside the database) is never in a backup: a stolen backup gives no PIN
// and no means to rebuild the audit chain. A restore on another laptop needs keys/ copied there first.
// The .db takes its name last: a backup cut short leaves only dot-named temporary files. Everything
// is owner-only (files 0600, folders 0700): a backup holds the same personal data as the database.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, constants, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DomainError } from '../core/errors.js';
import { backupChecksumFile, backupFilesDir, backupName, beforeRestoreName, checksumFor, checksumLine, dbStem, isStoredPath, backupMetaFile } from '../core/retention.js';
import { openDatabase, storeError } from '../store/db.js';
import type { Db } from '../store/types.js';
import { appendAuditAlone, auditHead, chainKeyFingerprint, replaceHead, saveHead, type AuditHead } from '../store/audit.js';
import { existingVehicleKey, keyFile } from '../store/vehicleKey.js';
import { prepareBackupTarget } from './backupTarget.js';
import { fsyncDir, writeFileDurably } from '../store/durable.js';
import { removeCleanMark } from '../store/integrity.js';
import { holdExclusively, leaveWal } from '../store/lock.js';
import { APPLICATION_ID } from '../store/migrations.js';

export interface BackupProgress {
  done: number;
  total: number;
}

export interface BackupResult {
  path: string;
  /** The metadata file beside it. */
  meta: string;
  /** The audit chain's head the backup holds. */
  audit: AuditHead | null;
  bytes: number;
  pages: number;
  /** Attached files copied beside the database. */
  files: number;
  /** Attached files the database lists but that were not on disk, or no longer matched their hash. */
  missing: string[];
  seconds: number;
}

/** A file kept with a dossier: its path in the data directory and the hash it was stored with. */
interface StoredFile {
  path: string;
  sha256: string;
}

/** Pages copied per step: the progress moves, and the other processes get the disk in between. */
const STEP_PAGES = 256;
/** "Every page left", in one step (sqlite3_backup_step takes a negative count; the binding clamps). */
const ALL_PAGES = 0x7fffffff;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 of a file read in 1 MiB pieces (a year of data is ~100 MB; the laptop has 4 GB). */
function hashFile(file: string): string {
  const h = createHash('sha256');
  const buf = Buffer.alloc(2 ** 20);
  const fd = openSync(file, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/**
 * Back up the database `dbFile` into the folder `toDir` (created if missing): the database, its
 * checksum, and the files kept with its dossiers.
 */
export async function backupDatabase(
  dbFile: string,
  toDir: string,
  opts: { now?: () => number; onProgress?: (p: BackupProgress) => void; local?: boolean; by?: string | null } = {},
): Promise<BackupResult> {
  const t0 = Date.now();
  const now = opts.now ?? Date.now;
  if (!existsSync(dbFile)) throw new DomainError('err.backup.noDatabase', { file: dbFile });
  const dir = prepareBackupTarget(toDir, dbFile, { ...(opts.local ? { local: true } : {}) }).dir;
  // Half-made backups of runs killed before they finished (theirs only: the stick is the operator's).
  removeStale(dir, new RegExp(`^\\.${escapeRe(dbStem(basename(dbFile)))}-[^/]*\\.(\\d+)\\.tmp(-journal|-wal|-shm)?$`));
  const name = freeName(dir, (n) => backupName(dbStem(basename(dbFile)), now(), n));
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const filesTmp = join(dir, `.${basename(backupFilesDir(name))}.${process.pid}.tmp`);
  const finals = { db: join(dir, name), files: join(dir, basename(backupFilesDir(name))), sum: join(dir, basename(backupChecksumFile(name))), meta: join(dir, basename(backupMetaFile(name))) };
  let complete = false;
  try {
    // Opened like any command opens it (migrated first if this version is newer, after a check).
    const source = openDatabase(dbFile, { check: 'deferred' });
    let pages: number;
    try {
      // Created empty and owner-only first: SQLite would create it readable by all (0644).
      closeSync(openSync(tmp, 'wx', 0o600));
      pages = await copyPages(source, tmp, opts.onProgress);
      // The live chain's head, kept beside the database: at least as far as the backup's.
      saveHead(source, dbFile, now());
    } finally {
      source.close();
    }
    const { stored, audit, schema, dossiers } = settle(tmp, dbFile, (e) => new DomainError('err.backup.check', { detail: detailOf(e) }));
    const copied = copyStoredFiles(stored, dirname(dbFile), filesTmp);
    const sum = hashFile(tmp);
    if (copied.files > 0) renameSync(filesTmp, finals.files);
    writeFileDurably(finals.sum, Buffer.from(checksumLine(sum, name)));
    const meta = { format: 'luudong-backup', version: 1, database: basename(dbFile), createdAt: new Date(now()).toISOString(), by: opts.by ?? null, schema, dossiers, sha256: sum, files: copied.files, audit: audit ? { entry: audit.entries, head: audit.mac } : null };
    writeFileDurably(finals.meta, Buffer.from(JSON.stringify(meta, null, 2) + '\n'));
    renameSync(tmp, finals.db);
    complete = true;
    fsyncDir(dir);
    return { path: finals.db, meta: finals.meta, audit, bytes: statSync(finals.db).size, pages, files: copied.files, missing: copied.missing, seconds: Math.round((Date.now() - t0) / 100) / 10 };
  } catch (e) {
    // Names were free before this run (freeName): what is there now is this run's, half made.
    if (!complete) for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`, filesTmp, finals.files, finals.sum, finals.meta]) rmSync(f, { recursive: true, force: true });
    throw e instanceof DomainError ? e : storeError(e, dbFile);
  }
}

/**
 * Copy the pages. A write by another process between two steps restarts the copy from the first
 * page, and with a busy counter that would happen at every step: after the first restart the rest
 * goes in one step, on one read snapshot (WAL: the other processes keep writing meanwhile; only this
 * one waits). The copy holds every transaction committed before the step that completes it.
 */
async function copyPages(source: Db, dest: string, onProgress?: (p: BackupProgress) => void): Promise<number> {
  let last = Infinity;
  let steps = 0;
  let restarted = false;
  const r = await source.backup(dest, {
    progress: ({ totalPages, remainingPages }) => {
      // Each step copies pages: the count left only goes down, and one pass takes total/STEP steps,
      // unless the copy started over.
      if (remainingPages >= last || ++steps > Math.ceil(totalPages / STEP_PAGES) + 1) restarted = true;
      last = remainingPages;
      onProgress?.({ done: totalPages - remainingPages, total: totalPages });
      return restarted ? ALL_PAGES : STEP_PAGES;
    },
  });
  onProgress?.({ done: r.totalPages, total: r.totalPages });
  return r.totalPages;
}

const detailOf = (e: DomainError) => String(e.params.detail ?? e.code);

/**
 * Make the fresh copy a file of its own and check it. The backup API copies page 1 as it is, WAL
 * flag included: switched to a rollback journal, the backup is one file that opens read-only from a
 * stick. Then the checks a restore makes. Returns the files its dossiers keep.
 */
function settle(file: string, label: string, refuse: (e: DomainError) => DomainError): { stored: StoredFile[]; audit: AuditHead | null; schema: number; dossiers: number } {
  let stored: StoredFile[];
  let audit: AuditHead | null;
  let dossiers: number;
  let schema: number;
  try {
    const db = openDatabase(file, { check: 'skip' }); // a copy made from an open, current database: same schema
    try {
      db.pragma('journal_mode = DELETE');
      stored = storedFiles(db);
      audit = auditHead(db);
      dossiers = (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
    } finally {
      db.close();
    }
    schema = inspect(file, label);
  } catch (e) {
    throw refuse(e instanceof DomainError ? e : storeError(e, label));
  }
  fsyncFile(file);
  return { stored, audit, schema, dossiers };
}

/**
 * The checks a backup passes before it is trusted: a SQLite file marked with our application_id, of a
 * schema this version knows, passing PRAGMA integrity_check (the full one: every index against its
 * table, every constraint). Read-only; returns the schema version. Callers say the refusals their way,
 * naming `label` (the file as the operator knows it).
 */
function inspect(file: string, label: string): number {
  let db: Db;
  try {
    db = openDatabase(file, { readonly: true, check: 'skip' }); // refuses a foreign or a newer file
  } catch (e) {
    throw storeError(e, label);
  }
  try {
    // openDatabase takes an unmarked, empty file for a new database; a backup must carry our mark.
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) throw new DomainError('err.dbNotDatabase', { file: label });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows[0]?.integrity_check !== 'ok') throw new DomainError('err.dbCorrupt', { file: label, detail: rows.slice(0, 3).map((r) => r.integrity_check).join('; ') });
    return db.pragma('user_version', { simple: true }) as number;
  } catch (e) {
    throw storeError(e, label);
  } finally {
    db.close();
  }
}

/**
 * The files the database keeps for its dossiers: the newest row of each path (a slip written again
 * replaces its file), leaving out dossiers whose personal data was purged (their files are gone).
 */
function storedFiles(db: Db): StoredFile[] {
  return db
    .prepare(
      `SELECT f.path, f.sha256 FROM dossier_files f
       WHERE f.id IN (SELECT max(g.id) FROM dossier_files g JOIN dossiers d ON d.id = g.dossier_id WHERE d.purge_id IS NULL GROUP BY g.path)
       ORDER BY f.path`,
    )
    .all() as StoredFile[];
}

/** A stored file's bytes if they are there and match their hash. */
function readChecked(file: string, sum: string): Buffer | undefined {
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  return sha256(bytes) === sum ? bytes : undefined;
}

function copyStoredFiles(stored: readonly StoredFile[], fromDir: string, toDir: string): { files: number; missing: string[] } {
  const missing: string[] = [];
  let files = 0;
  for (const f of stored) {
    const bytes = isStoredPath(f.path) ? readChecked(join(fromDir, f.path), f.sha256) : undefined;
    if (!bytes) {
      missing.push(f.path);
      continue;
    }
    writeFileDurably(join(toDir, f.path), bytes);
    files++;
  }
  return { files, missing };
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The first name `make(n)` (n = 1, 2, …) that is free in `dir`, with its .files and .sha256 too. */
function freeName(dir: string, make: (n: number) => string): string {
  for (let n = 1; ; n++) {
    const name = make(n);
    if (![name, backupFilesDir(name), backupChecksumFile(name)].some((x) => existsSync(join(dir, x)))) return name;
  }
}

// ---- restore --------------------------------------------------------------------------------

/** A backup copied into the data directory and checked, ready to be put in place. */
export interface RestorePlan {
  dbFile: string;
  backup: string;
  /** The checked copy, beside the database (a rename within one folder is atomic). */
  tmp: string;
  at: number;
  schema: number;
  dossiers: number;
  /** Whether the backup's SHA-256 file was there and matched (false: no checksum file). */
  checksum: boolean;
  files: StoredFile[];
  missing: string[];
  /** The database now in place: its dossiers (null when it cannot be read), or no database yet. */
  current: { dossiers: number | null; keepAs: string; operators: boolean } | null;
  /** Whether the backup has operators set up (who may approve, when the current database cannot tell). */
  backupOperators: boolean;
  /** The audit chain's head the backup holds. */
  audit: AuditHead | null;
}

export interface RestoreResult {
  file: string;
  from: string;
  keptAs: string | null;
  files: number;
  missing: string[];
  /** The head of the database replaced (null: none, or unreadable) and of the one now in place. */
  replacedHead: AuditHead | null;
  head: AuditHead | null;
}

/**
 * Check a backup for a restore, changing nothing in place: copied next to the database, its checksum
 * and integrity checked, brought to this version's schema, its attached files checked against their
 * hashes, and the current database probed for other processes. Refusals leave no trace.
 */
export function prepareRestore(dbFile: string, backup: string, now = Date.now(), opts: { requireChecksum?: boolean } = {}): RestorePlan {
  const from = resolve(backup);
  if (!existsSync(from) || !statSync(from).isFile()) throw new DomainError('err.restore.missing', { file: backup });
  // Without its checksum a changed byte in a name or a fee would go unseen (SQLite pages carry none).
  if (opts.requireChecksum !== false && !existsSync(backupChecksumFile(from))) throw new DomainError('err.restore.noChecksum', { file: backup, sum: backupChecksumFile(from) });
  const dir = dirname(resolve(dbFile));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Copies left by restores cut short (a killed process): a whole database each.
  removeStale(dir, new RegExp(`^\\.${escapeRe(basename(dbFile))}\\.restore-(\\d+)\\.tmp(-journal|-wal|-shm)?$`));
  const tmp = join(dir, `.${basename(dbFile)}.restore-${process.pid}.tmp`);
  try {
    rmSync(tmp, { force: true });
    copyFileSync(from, tmp, constants.COPYFILE_EXCL);
    chmodSync(tmp, 0o600);
    fsyncFile(tmp);
    const checksum = checkChecksum(from, tmp, backup);
    const schema = restoreRefusal(() => inspect(tmp, backup), backup);
    // A backup of another vehicle, or one whose key is not here (a new laptop without keys/), is
    // not put in place: its log could not be checked, nor its PINs used.
    const named = restoreRefusal(() => {
      const db = openDatabase(tmp, { readonly: true, check: 'skip' });
      try {
        return chainKeyFingerprint(db);
      } finally {
        db.close();
      }
    }, backup);
    if (named !== null) {
      const local = existingVehicleKey(dbFile);
      if (!local) throw new DomainError('err.restore.noKey', { file: backup, key: keyFile(dbFile), fingerprint: named });
      if (local.fingerprint !== named) throw new DomainError('err.restore.otherKey', { file: backup, fingerprint: named, found: local.fingerprint });
    }
    // integrity_check has passed: the copy may be written to. Migrated now, as its first open would.
    const { files, dossiers, backupOperators, audit } = restoreRefusal(() => {
      const db = openDatabase(tmp, { check: 'skip' });
      try {
        return {
          files: storedFiles(db),
          dossiers: (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n,
          backupOperators: db.prepare('SELECT 1 FROM operators WHERE disabled_at IS NULL LIMIT 1').get() !== undefined,
          audit: auditHead(db),
        };
      } finally {
        db.close();
      }
    }, backup);
    const filesDir = backupFilesDir(from);
    const missing: string[] = [];
    for (const f of files) {
      if (!isStoredPath(f.path)) throw new DomainError('err.restore.fileDamaged', { path: f.path });
      if (!existsSync(join(filesDir, f.path))) missing.push(f.path);
      else if (!readChecked(join(filesDir, f.path), f.sha256)) throw new DomainError('err.restore.fileDamaged', { path: join(filesDir, f.path) });
    }
    let current: RestorePlan['current'] = null;
    if (existsSync(dbFile)) {
      const probe = holdExclusively(dbFile);
      let dossiers: number | null = null;
      let operators = false;
      try {
        dossiers = probe ? (probe.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n : null;
        operators = probe ? probe.prepare('SELECT 1 FROM operators WHERE disabled_at IS NULL LIMIT 1').get() !== undefined : false;
      } catch {
        // damaged or from before dossiers: said as "cannot be read"
      } finally {
        probe?.close();
      }
      current = { dossiers, operators, keepAs: join(dir, freeName(dir, (n) => beforeRestoreName(dbStem(basename(dbFile)), now, n))) };
    }
    return { dbFile, backup: from, tmp, at: now, schema, dossiers, checksum, files: files.filter((f) => !missing.includes(f.path)), missing, current, backupOperators, audit };
  } catch (e) {
    discard(tmp);
    throw e instanceof DomainError ? e : storeError(e, backup);
  }
}

/** The backup's SHA-256 file, when there is one, must match the copy byte for byte. */
function checkChecksum(from: string, copy: string, label: string): boolean {
  const sumFile = backupChecksumFile(from);
  if (!existsSync(sumFile)) return false;
  const want = checksumFor(readFileSync(sumFile, 'utf8'), basename(from));
  if (want !== undefined && want !== hashFile(copy)) throw new DomainError('err.restore.damaged', { file: label, detail: 'SHA-256' });
  return want !== undefined;
}

/** The store's refusals of a backup, said as refusals to restore it. */
function restoreRefusal<T>(fn: () => T, label: string): T {
  try {
    return fn();
  } catch (e) {
    const d = storeError(e, label);
    if (d.code === 'err.dbNotDatabase') throw new DomainError('err.restore.notLuudong', { file: label });
    if (d.code === 'err.dbNewer') throw new DomainError('err.restore.newer', { file: label, found: d.params.found ?? '?', known: d.params.known ?? '?' });
    if (d.code === 'err.dbCorrupt') throw new DomainError('err.restore.damaged', { file: label, detail: d.params.detail ?? '' });
    throw d;
  }
}

function discard(tmp: string): void {
  for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
}

/**
 * Dossier codes given after the backup was taken stay given: the restored database goes on with each
 * day's numbering from the higher of the two, so a code already on a citizen's slip is never given to
 * another dossier. (The dossiers themselves are in the kept database.) A replaced database too damaged
 * to read its numbering gives nothing to carry.
 */
function carrySequences(current: Db, tmp: string): void {
  let rows: { agency: string; date: string; last: number }[];
  try {
    rows = current.prepare('SELECT agency, date, last FROM dossier_sequences').all() as typeof rows;
  } catch {
    return;
  }
  const db = openDatabase(tmp, { check: 'skip' });
  try {
    const up = db.prepare('INSERT INTO dossier_sequences (agency, date, last) VALUES (?, ?, ?) ON CONFLICT (agency, date) DO UPDATE SET last = max(last, excluded.last)');
    db.transaction(() => {
      for (const r of rows) up.run(r.agency, r.date, r.last);
    }).immediate();
  } finally {
    db.close();
  }
}

/** Drop a prepared restore that will not be committed. */
export function abandonRestore(plan: RestorePlan): void {
  discard(plan.tmp);
}

/**
 * Put the checked backup in place. With every other process kept out (the EXCLUSIVE lock, held to
 * the end): the current database's log folded into it, its dossier numbering carried over, the
 * attached files written, the database kept under a second name (a hard link: no copy, and no moment
 * without a database at its path), then the one rename that switches databases. Attached files are
 * added, never removed: the kept database still finds its own.
 */
export function commitRestore(plan: RestorePlan, by: string | null = null): RestoreResult {
  const { dbFile } = plan;
  const dir = dirname(resolve(dbFile));
  let lock: Db | undefined;
  let replacedHead: AuditHead | null = null;
  try {
    const exists = existsSync(dbFile);
    if (exists) {
      lock = holdExclusively(dbFile);
      if (lock) {
        leaveWal(lock);
        carrySequences(lock, plan.tmp);
        try {
          replacedHead = auditHead(lock);
        } catch {
          replacedHead = null; // too damaged, or from before the chain
        }
      }
    }
    // The restore is the restored database's own last word: from which backup, replacing which log
    // (its head: the entries rolled back stay provable in the kept database), by whom.
    recordRestore(plan, replacedHead, by);
    for (const f of plan.files) {
      const bytes = readChecked(join(backupFilesDir(plan.backup), f.path), f.sha256);
      if (!bytes) throw new DomainError('err.restore.fileDamaged', { path: join(backupFilesDir(plan.backup), f.path) });
      const dest = join(dir, f.path);
      if (!readChecked(dest, f.sha256)) writeFileDurably(dest, bytes);
    }
    let keptAs: string | null = null;
    if (exists) {
      keptAs = join(dir, freeName(dir, (n) => beforeRestoreName(dbStem(basename(dbFile)), plan.at, n)));
      linkSync(dbFile, keptAs);
      // Without the lock (a file SQLite cannot read) its log may still be there: it goes with the
      // file it belongs to, never left for the restored database to pick up at the same path.
      if (existsSync(`${dbFile}-wal`)) renameSync(`${dbFile}-wal`, `${keptAs}-wal`);
      rmSync(`${dbFile}-shm`, { force: true });
    }
    renameSync(plan.tmp, dbFile);
    fsyncDir(dir);
    // The clean-close mark described the replaced file: the next start checks the restored one.
    removeCleanMark(dbFile);
    const head = restoredHead(dbFile, plan.at);
    return { file: dbFile, from: plan.backup, keptAs, files: plan.files.length, missing: plan.missing, replacedHead, head };
  } catch (e) {
    discard(plan.tmp);
    throw e instanceof DomainError ? e : storeError(e, dbFile);
  } finally {
    lock?.close();
  }
}

/** The restore noted in the copy about to be put in place, in its own transaction. */
function recordRestore(plan: RestorePlan, replaced: AuditHead | null, by: string | null): void {
  const db = openDatabase(plan.tmp, { check: 'skip' });
  try {
    appendAuditAlone(db, plan.at, by, 'restore', [
      basename(plan.backup),
      plan.audit ? `${plan.audit.entries}:${plan.audit.mac}` : null,
      replaced ? `${replaced.entries}:${replaced.mac}` : null,
      plan.current ? basename(plan.current.keepAs) : null,
    ]);
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** The head kept beside the database moves to the restored log's (shorter than before, on purpose). */
function restoredHead(dbFile: string, at: number): AuditHead | null {
  let db: Db | undefined;
  try {
    db = openDatabase(dbFile, { readonly: true, check: 'skip' });
    const head = auditHead(db);
    replaceHead(db, dbFile, at);
    return head;
  } catch {
    return null; // the next `audit verify` says what it finds
  } finally {
    db?.close();
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Remove leftovers in `dir` named by `pattern` (group 1: the pid) of processes no longer running. */
function removeStale(dir: string, pattern: RegExp): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
