// PRAGMA quick_check off the start-up path. On a year of data (~95 MB) the check takes seconds, far
// more than the whole start-up budget, so it runs in a worker thread on its own read-only
// connection while the screen comes up. Writes wait for it: the first write of a session blocks
// (Atomics.wait) until the check has passed, and every write is refused if it failed, so a damaged
// file is never written to. A pass is recorded beside the file (never inside it: a copy or a damaged
// file would carry it along) with what identifies the file as it was checked (device, inode, size,
// modification time, the header's change counter), and a process opening the same file, unchanged,
// within RECENT_CHECK_MS trusts it instead of checking again (the board and the CLI started after
// the counter screen). A copied file, a file changed since (another writer's checkpoint, a damaged
// page, a copy put over it) or a pass older than that is checked first.
import { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { DomainError } from '../core/errors.js';
import type { Db } from './types.js';

export const RECENT_CHECK_MS = 15 * 60_000;

export interface CheckResult {
  ok: boolean;
  detail: string;
  ms: number;
  /** False when the check could not run at all (worker failure): not a verdict on the file. */
  ran?: boolean;
}

export interface IntegrityGate {
  readonly state: 'pending' | 'ok' | 'failed';
  /** Block until the check is done; throw err.dbCorrupt if it failed. Instant once settled. */
  ensure(): void;
  /** Called once with the result (at once if already settled). */
  onSettled(cb: (r: CheckResult) => void): void;
}

export function passedGate(): IntegrityGate {
  return { state: 'ok', ensure: () => undefined, onSettled: (cb) => cb({ ok: true, detail: 'ok', ms: 0 }) };
}

// Plain CommonJS, run with execArgv [] so a parent started with --input-type=module or a loader
// does not change how it is read. The flag is set whatever happens, so a waiting writer never hangs.
const WORKER = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.shared);
const t0 = Date.now();
let ok = false, ran = true, detail = '';
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -512'); // the check reads every page once: a big cache only costs memory
  const rows = db.pragma('quick_check');
  ok = rows.length === 1 && rows[0].quick_check === 'ok';
  detail = rows.slice(0, 3).map((r) => r.quick_check).join('; ');
  db.close();
} catch (e) {
  detail = String((e && e.message) || e);
  // A damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) is a verdict; anything else is not: a full disk
  // (no room for the log's index), a busy file, a worker that could not start. The writer then
  // checks on its own connection.
  ran = typeof (e && e.code) === 'string' && (e.code.startsWith('SQLITE_CORRUPT') || e.code === 'SQLITE_NOTADB');
}
try {
  workerData.port.postMessage({ ok, ran, detail, ms: Date.now() - t0 });
} finally {
  Atomics.store(flag, 0, ok ? 1 : ran ? 2 : 3);
  Atomics.notify(flag, 0);
}
`;

/**
 * A writer waits at most this long for the worker (a 95 MB file takes 0.4-3 s here); after that, or
 * if the worker could not run, the check runs on the writer's own connection.
 */
const MAX_WAIT_MS = 30_000;
/** The worker's heap: it uses about 5.5 MiB (measured); the cap is a ceiling, not a reservation. */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 24, codeRangeSizeMb: 2, stackSizeMb: 1 };

/**
 * Start quick_check of `file` in a worker thread (it never keeps the process alive). `fallback`
 * runs the same check synchronously, for when the worker cannot give a verdict.
 */
export function startIntegrityCheck(file: string, fallback: () => CheckResult, opts: { driver?: string } = {}): IntegrityGate {
  const shared = new SharedArrayBuffer(4);
  const flag = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const driver = opts.driver ?? createRequire(import.meta.url).resolve('better-sqlite3');
  // Started on the next turn of the event loop, after the first frame (which Ink draws
  // synchronously), so the screen does not wait for a thread to boot; a writer that comes first
  // starts it at once.
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    // The worker runs one statement: a small heap keeps the laptop's memory for the screen.
    const worker = new Worker(WORKER, { eval: true, execArgv: [], resourceLimits: RESOURCE_LIMITS, workerData: { file, shared, driver, port: port2 }, transferList: [port2] });
    worker.unref();
    worker.on('error', (e) => settle({ ok: false, ran: false, detail: e.message, ms: 0 }));
  };
  setImmediate(start).unref();
  port1.unref();
  let result: CheckResult | undefined;
  const waiting: ((r: CheckResult) => void)[] = [];
  const settle = (r: CheckResult) => {
    if (result && result.ran !== false) return; // a verdict stands
    result = r;
    if (r.ran === false) return; // no verdict: the first writer checks on its own connection
    port1.close();
    for (const cb of waiting.splice(0)) cb(r);
  };
  const take = (port: MessagePort) => {
    const m = receiveMessageOnPort(port);
    if (m) settle(m.message as CheckResult);
  };
  port1.on('message', (m: CheckResult) => settle(m));
  return {
    get state() {
      return !result || result.ran === false ? 'pending' : result.ok ? 'ok' : 'failed';
    },
    ensure() {
      if (!result) {
        start();
        Atomics.wait(flag, 0, 0, MAX_WAIT_MS);
        take(port1);
      }
      // No verdict from the worker (it failed, or is still busy): check here, once.
      if (!result || result.ran === false) settle(fallback());
      if (!result!.ok) throw new DomainError('err.dbCorrupt', { file, detail: result!.detail });
    },
    onSettled(cb) {
      if (result) cb(result);
      else waiting.push(cb);
    },
  };
}

/**
 * The mark of a passed check, beside the database (`<db>.checked`, owner-only): the file as it was
 * when it passed. `clean`: written when the counter screen closed the database after a passing
 * check, with everything checkpointed into the main file; the next start then trusts it whatever its
 * age, if the file is exactly as it was left (and no write-ahead log holds anything): the normal
 * morning starts without the background check. Otherwise a pass is trusted for RECENT_CHECK_MS.
 * A power cut, a killed process, another writer's checkpoint, a copied or replaced file all break
 * the match, and the next start checks.
 */
export interface FileState {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** The header's file change counter (offset 24). */
  counter: number;
}

interface CheckMark extends FileState {
  checkedAt: number;
  clean: boolean;
}

const markFile = (file: string) => `${file}.checked`;

function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/** The file as it is now: what a mark compares (undefined when it cannot be read). */
export function fileState(file: string): FileState | undefined {
  try {
    const st = statSync(file);
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    try {
      readSync(fd, head, 0, 4, 24);
    } finally {
      closeSync(fd);
    }
    return { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, counter: head.readUInt32BE(0) };
  } catch {
    return undefined;
  }
}

const sameFile = (a: FileState, b: FileState) => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.counter === b.counter;

function readMark(file: string): CheckMark | undefined {
  try {
    const m = JSON.parse(readFileSync(markFile(file), 'utf8')) as Partial<CheckMark>;
    if ([m.dev, m.ino, m.size, m.mtimeMs, m.counter, m.checkedAt].every((x) => typeof x === 'number') && typeof m.clean === 'boolean') return m as CheckMark;
  } catch {
    // none, or unreadable: no trust
  }
  return undefined;
}

/** The counter screen closed this file cleanly after a pass, and it is exactly as it was left. */
export function cleanMarkMatches(file: string): boolean {
  const now = fileState(file);
  const mark = readMark(file);
  return !!now && !!mark && mark.clean && walBytes(file) === 0 && sameFile(mark, now);
}

/** A pass on this same file, unchanged since, within RECENT_CHECK_MS of `now`. */
export function recentPassMatches(file: string, now: number): boolean {
  const state = fileState(file);
  const mark = readMark(file);
  return !!state && !!mark && sameFile(mark, state) && mark.checkedAt <= now && now - mark.checkedAt < RECENT_CHECK_MS;
}

function writeMark(file: string, mark: CheckMark): void {
  const tmp = `${markFile(file)}.tmp`;
  writeFileSync(tmp, JSON.stringify(mark), { mode: 0o600 });
  renameSync(tmp, markFile(file));
}

/**
 * Record a pass for the file as it was when the check began (`before`), if it is still so: a write
 * that reached the main file meanwhile (a checkpoint) leaves nothing to trust. Best effort.
 */
export function writePassMark(file: string, before: FileState | undefined, checkedAt: number): void {
  const now = fileState(file);
  if (!before || !now || !sameFile(before, now)) return;
  try {
    writeMark(file, { ...now, checkedAt, clean: false });
  } catch {
    // no mark: the next start checks again, which is only slower
  }
}

/**
 * After a process that passed or trusted the file closes it: its own writes (folded into the main
 * file as it closed) changed the file, not its soundness, so the mark follows the file, still dated
 * by the check itself (the window does not grow). Only the same file (device and inode) carries it.
 */
export function carryPassMark(file: string): void {
  const mark = readMark(file);
  const now = fileState(file);
  if (!mark || !now || mark.dev !== now.dev || mark.ino !== now.ino || sameFile(mark, now)) return;
  try {
    writeMark(file, { ...now, checkedAt: mark.checkedAt, clean: false });
  } catch {
    // no mark: the next start checks again
  }
}

/** Record that `file`, as it is now on disk and with no write-ahead log, passed its check and was closed. */
export function writeCleanMark(file: string, checkedAt: number): void {
  const now = fileState(file);
  if (!now || walBytes(file) > 0) return removeCleanMark(file);
  writeMark(file, { ...now, checkedAt, clean: true });
}

export function removeCleanMark(file: string): void {
  rmSync(markFile(file), { force: true });
}
