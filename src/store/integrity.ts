// PRAGMA quick_check off the start-up path. On a year of data (~95 MB) the check takes seconds, far
// more than the whole start-up budget, so it runs in a worker thread on its own read-only
// connection while the screen comes up. Writes wait for it: the first write of a session blocks
// (Atomics.wait) until the check has passed, and every write is refused if it failed, so a damaged
// file is never written to. A pass is recorded, and a process opening the file again within
// RECENT_CHECK_MS trusts it instead of checking again (the board and the CLI started after the
// counter screen).
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  // SQLite's own errors (SQLITE_CORRUPT, SQLITE_NOTADB...) are a verdict; anything else is not.
  ran = typeof (e && e.code) === 'string' && e.code.startsWith('SQLITE_');
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

/** When did this database last pass a check (ms), if it was recorded. */
export function lastPassedCheck(db: Db): number | undefined {
  const row = db.prepare('SELECT max(at) AS at FROM integrity_checks WHERE ok = 1').get() as { at: number | null };
  return row.at ?? undefined;
}

export function recordCheck(db: Db, r: CheckResult, at: number): void {
  db.prepare('INSERT INTO integrity_checks (at, ok, detail, ms) VALUES (?, ?, ?, ?)').run(at, r.ok ? 1 : 0, r.detail.slice(0, 500), r.ms);
}

/**
 * The clean-close mark: written when the counter screen closes the database after a passing check,
 * with everything checkpointed into the main file. If the file is exactly as it was left (same size
 * and modification time, no write-ahead log with content), the next start trusts that check instead
 * of checking again: the normal morning starts without the background check. A power cut, a killed
 * process, another writer or a copied file all break the match, and the next start checks.
 */
interface CleanMark {
  size: number;
  mtimeMs: number;
  checkedAt: number;
}

const markFile = (file: string) => `${file}.checked`;

function fileState(file: string): { size: number; mtimeMs: number; walBytes: number } | undefined {
  try {
    const st = statSync(file);
    let walBytes = 0;
    try {
      walBytes = statSync(`${file}-wal`).size;
    } catch {
      walBytes = 0;
    }
    return { size: st.size, mtimeMs: st.mtimeMs, walBytes };
  } catch {
    return undefined;
  }
}

export function cleanMarkMatches(file: string): boolean {
  const now = fileState(file);
  if (!now || now.walBytes > 0) return false;
  try {
    const mark = JSON.parse(readFileSync(markFile(file), 'utf8')) as CleanMark;
    return mark.size === now.size && mark.mtimeMs === now.mtimeMs;
  } catch {
    return false;
  }
}

/** Record that `file`, as it is now on disk, passed its check. Owner-only, replaced atomically. */
export function writeCleanMark(file: string, checkedAt: number): void {
  const now = fileState(file);
  if (!now || now.walBytes > 0) return removeCleanMark(file);
  const tmp = `${markFile(file)}.tmp`;
  writeFileSync(tmp, JSON.stringify({ size: now.size, mtimeMs: now.mtimeMs, checkedAt } satisfies CleanMark), { mode: 0o600 });
  renameSync(tmp, markFile(file));
}

export function removeCleanMark(file: string): void {
  rmSync(markFile(file), { force: true });
}
