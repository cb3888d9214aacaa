// The one SQLite database of a process: opened once, checked, migrated. Durable settings: WAL with
// synchronous=FULL (a committed action survives a power cut), foreign keys, a busy timeout so a second
// process (board, print worker, CLI) waits instead of failing.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statfsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DomainError } from '../core/errors.js';
import { cleanMarkMatches, fileState, passedGate, recentPassMatches, removeCleanMark, startIntegrityCheck, writeCleanMark, writePassMark, type IntegrityGate } from './integrity.js';
import { chainKeyFingerprint, registerAuditFunctions } from './audit.js';
import { existingVehicleKey, keyFile, vehicleKey, type VehicleKey } from './vehicleKey.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import type { Db } from './types.js';


export interface OpenOptions {
  /**
   * When to run PRAGMA quick_check on an existing file: 'sync' (default) before returning;
   * 'deferred': the caller runs it (see openStore) and gates writes on it; 'skip': never (tests of
   * other refusals only).
   */
  check?: 'sync' | 'deferred' | 'skip';
  readonly?: boolean;
}

/** XDG data directory for luudong: $XDG_DATA_HOME/luudong or ~/.local/share/luudong. */
export function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'luudong');
}

/** --db FILE, then LUUDONG_DB, then the XDG default (demo.db for the demo). */
export function resolveDbPath(opts: { db?: string; demo?: boolean }, env: NodeJS.ProcessEnv = process.env): string {
  if (opts.db) return opts.db;
  if (opts.demo) return join(dataHome(env), 'demo.db');
  if (env.LUUDONG_DB) return env.LUUDONG_DB;
  return join(dataHome(env), 'luudong.db');
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function looksLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/** Map an SQLite error to a message the operator can act on. */
export function storeError(e: unknown, file = ''): DomainError {
  if (e instanceof DomainError) return e;
  const code = (e as { code?: string }).code ?? '';
  const detail = (e as Error).message ?? String(e);
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && outOfRoom(file))) return new DomainError('err.dbFull');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new DomainError('err.dbBusy');
  // The file was replaced under an open connection (a restore put another database in place):
  // nothing was written, and this process must start again on the new file.
  if (code === 'SQLITE_READONLY_DBMOVED') return new DomainError('err.dbReplaced', { file });
  if (code.startsWith('SQLITE_READONLY')) return new DomainError('err.dbReadOnly');
  if (code.startsWith('SQLITE_CORRUPT')) return new DomainError('err.dbCorrupt', { file, detail });
  if (code === 'SQLITE_NOTADB') return new DomainError('err.dbNotDatabase', { file });
  if (code.startsWith('SQLITE_IOERR')) return new DomainError('err.dbIo', { detail });
  return new DomainError('err.unexpected', { detail });
}

/**
 * SQLite says SQLITE_FULL only when a write into the database or its log finds no room. On a full
 * disk, setting up the log's index (SQLITE_IOERR_SHMSIZE) fails as "disk I/O error", and so does a
 * write past the process's file-size limit (EFBIG, SQLITE_IOERR_WRITE): ask the file system and the
 * limits rather than tell the operator of a hardware fault.
 */
function outOfRoom(file: string): boolean {
  try {
    if (!/^Max file size\s+unlimited/m.test(readFileSync('/proc/self/limits', 'utf8'))) return true;
  } catch {
    // not Linux: no limits to read
  }
  if (!file) return false;
  try {
    const fs = statfsSync(dirname(file));
    return fs.bavail * fs.bsize < 1024 * 1024;
  } catch {
    return false;
  }
}

/**
 * Open (creating if needed) and migrate the database. A file written by a newer schema, a file that
 * is not ours, or one that fails quick_check is refused and left exactly as it was.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  let isNew: boolean;
  try {
    isNew = !existsSync(file) || statSync(file).size === 0;
    if (!isNew && !looksLikeSqlite(file)) throw new DomainError('err.dbNotDatabase', { file });
    if (isNew && !opts.readonly) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      // Owner-only from the first byte: SQLite gives the -wal and -shm files the database's mode.
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('err.dbOpen', { file, detail: (e as Error).message });
  }
  try {
    return openChecked(file, isNew, opts, false);
  } catch (e) {
    // A full disk: the write-ahead log's index (the -shm file, 32 KiB) cannot be made, and every
    // command failed, reading ones too. Opened again holding the file to itself (the index then
    // lives in memory), the file reads; a write still says the disk is full.
    if (!isNew && e instanceof DomainError && e.code === 'err.dbFull' && outOfRoom(file)) return openChecked(file, isNew, opts, true);
    throw e;
  }
}

/** SQLite's index files a failed open on a full disk left behind, unusable by anyone: removed. */
function dropUnusableIndex(file: string): void {
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return -1;
    }
  };
  // A live connection's index is at least 32 KiB; an empty log holds nothing to lose.
  if (size(`${file}-shm`) >= 0 && size(`${file}-shm`) < 32 * 1024) rmSync(`${file}-shm`, { force: true });
  if (size(`${file}-wal`) === 0 && size(`${file}-shm`) < 0) rmSync(`${file}-wal`, { force: true });
}

function openChecked(file: string, isNew: boolean, opts: OpenOptions, diskFull: boolean): Db {
  if (diskFull) dropUnusableIndex(file);
  let db: Db;
  try {
    db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  } catch (e) {
    throw new DomainError('err.dbOpen', { file, detail: (e as Error).message });
  }
  try {
    if (diskFull) db.pragma('locking_mode = EXCLUSIVE');
    if (!isNew) refuseForeign(db, file);
    // A schema change writes to the file: never before the file has passed its check.
    const needsMigration = (db.pragma('user_version', { simple: true }) as number) < SCHEMA_VERSION;
    if (!isNew && (opts.check ?? 'sync') === 'sync') quickCheck(db, file);
    else if (!isNew && opts.check === 'deferred' && needsMigration && !opts.readonly) quickCheck(db, file);
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly && !diskFull) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    // Every connection, read-only ones too: a statement that would fire an audit trigger is compiled
    // with them (a repository prepares its writes up front); the key is only read when one runs.
    registerAuditFunctions(db, chainKeyFor(db, file));
    if (!opts.readonly) {
      if (diskFull && needsMigration) throw new DomainError('err.dbFull');
      migrate(db);
    }
    // A hub's file is streamed by Litestream, which must own checkpointing: a checkpoint that
    // restarts the write-ahead log behind its back makes it start a new generation (the whole file
    // sent again to every standby). So no automatic checkpoints on any connection to it.
    if (!opts.readonly && isReplicated(db)) db.pragma('wal_autocheckpoint = 0');
    return db;
  } catch (e) {
    db.close();
    throw storeError(e, file);
  }
}

/** Is this file a hub's, streamed to standby copies by Litestream (hub_settings, migration 11)? */
export function isReplicated(db: Db): boolean {
  try {
    return (db.prepare("SELECT value FROM hub_settings WHERE key = 'replicated'").get() as { value: string } | undefined)?.value === '1';
  } catch {
    return false; // an older schema: no hub tables
  }
}

/**
 * The vehicle key the audit triggers of this database use, resolved when a trigger first needs it.
 * A database that names a key (vehicle_keys) gets that key or nothing: a missing key is never made
 * again here (a new one would make the chain unverifiable and the PINs unusable), a different one
 * (a database copied from another vehicle) is refused. A database that names none yet (new, or from
 * before the keyed chain) gets the key beside it, made if there is none.
 */
function chainKeyFor(db: Db, file: string): () => VehicleKey {
  const recorded = chainKeyFingerprint(db);
  let key: VehicleKey | undefined;
  return () => {
    if (key) return key;
    const found = recorded === null ? vehicleKey(file) : existingVehicleKey(file);
    if (!found) throw new DomainError('err.key.missing', { file: keyFile(file), fingerprint: recorded ?? '' });
    if (recorded !== null && found.fingerprint !== recorded) throw new DomainError('err.key.other', { file: found.file, fingerprint: recorded, found: found.fingerprint });
    return (key = found);
  };
}

function refuseForeign(db: Db, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== APPLICATION_ID && appId !== 0) throw new DomainError('err.dbNotDatabase', { file });
  if (appId === 0) {
    // Migration 1 sets our application_id in the same transaction as the first schema version, so
    // an unmarked file is ours to initialise only when it is empty.
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number };
    if (version !== 0 || tables.n > 0) throw new DomainError('err.dbNotDatabase', { file });
  }
  if (version > SCHEMA_VERSION) {
    throw new DomainError('err.dbNewer', { file, found: version, known: SCHEMA_VERSION });
  }
}

/**
 * PRAGMA quick_check: the file's structure. CHECK constraints are left out, as a read-only
 * connection (the background worker's) leaves them out: on a year of data they cost 2 s of the 2.3.
 */
export function quickCheck(db: Db, file: string): void {
  const wasIgnoring = db.pragma('ignore_check_constraints', { simple: true }) === 1;
  db.pragma('ignore_check_constraints = ON');
  let rows: { quick_check: string }[];
  try {
    rows = db.pragma('quick_check') as { quick_check: string }[];
  } finally {
    if (!wasIgnoring) db.pragma('ignore_check_constraints = OFF');
  }
  const first = rows[0]?.quick_check ?? 'no answer';
  if (first !== 'ok') throw new DomainError('err.dbCorrupt', { file, detail: rows.map((r) => r.quick_check).slice(0, 3).join('; ') });
}

/**
 * Bring the schema up to `target` (the current version unless a test builds an older one), one
 * migration per IMMEDIATE transaction with its version number, so a cut-off leaves a whole version.
 */
export function migrate(db: Db, target = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current + 1; v <= target; v++) {
    const sql = MIGRATIONS[v - 1] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v}`);
      if (v === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
    }).immediate();
  }
}

/**
 * Open the database for a long-running front door or the CLI without paying for quick_check at
 * start-up: it runs in a worker (or is trusted if it passed recently) and writes wait for it.
 */
export function openStore(file: string, now: () => number = Date.now): { db: Db; gate: IntegrityGate } {
  const existed = existsSync(file) && statSync(file).size > 0;
  // Before opening: opening may leave a write-ahead log behind, which would break the match. A pass
  // is trusted only for this same file, unchanged (a mark beside it, never one inside it).
  const trusted = existed && (cleanMarkMatches(file) || recentPassMatches(file, now()));
  const before = existed ? fileState(file) : undefined;
  const db = openDatabase(file, { check: 'deferred' });
  if (!existed || trusted) return { db, gate: passedGate() };
  const gate = startIntegrityCheck(file, () => {
    const t0 = Date.now();
    try {
      quickCheck(db, file);
      return { ok: true, detail: 'ok', ms: Date.now() - t0 };
    } catch (e) {
      return { ok: false, detail: e instanceof DomainError ? String(e.params.detail) : (e as Error).message, ms: Date.now() - t0 };
    }
  });
  // (Nothing is written into the database for it: a write would change the file the mark describes.)
  gate.onSettled((r) => {
    if (r.ok) writePassMark(file, before, now());
  });
  return { db, gate };
}

/**
 * Close the database at the end of a counter session: check it, fold the write-ahead log into the
 * main file, close, and leave the clean-close mark so the next start need not check again. Returns
 * the check's verdict (a damaged file gets no mark, and the next start checks and refuses it).
 */
export function closeStore(db: Db, file: string, now: () => number = Date.now): { ok: boolean; ms: number } {
  const t0 = Date.now();
  let ok = false;
  try {
    quickCheck(db, file);
    ok = true;
    // Under Litestream (a hub with standbys) the log is Litestream's to fold: see openDatabase.
    if (!isReplicated(db)) db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    ok = false;
  }
  db.close();
  try {
    if (ok) writeCleanMark(file, now());
    else removeCleanMark(file);
  } catch {
    // no mark: the next start checks in the background, which is only slower
  }
  return { ok, ms: Date.now() - t0 };
}
