// PRAGMA quick_check off the start-up path. On a year of data (~95 MB) the check takes seconds, far
// more than the whole start-up budget, so it runs in a worker thread on its own read-only
// connection while the screen comes up. Writes wait for it: the first write of a session blocks
// (Atomics.wait) until the check has passed, and every write is refused if it failed, so a damaged
// file is never written to. A pass is recorded, and a process opening the file again within
// RECENT_CHECK_MS trusts it instead of checking again (the board and the CLI started after the
// counter screen).
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { DomainError } from '../core/errors.js';
import type { Db } from './db.js';

export const RECENT_CHECK_MS = 15 * 60_000;

export interface CheckResult {
  ok: boolean;
  detail: string;
  ms: number;
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
let ok = false, detail = '';
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  const rows = db.pragma('quick_check');
  ok = rows.length === 1 && rows[0].quick_check === 'ok';
  detail = rows.slice(0, 3).map((r) => r.quick_check).join('; ');
  db.close();
} catch (e) {
  detail = String((e && e.message) || e);
}
try {
  workerData.port.postMessage({ ok, detail, ms: Date.now() - t0 });
} finally {
  Atomics.store(flag, 0, ok ? 1 : 2);
  Atomics.notify(flag, 0);
}
`;

/** A writer waits at most this long for the check (a 95 MB file takes about 3 s here). */
const MAX_WAIT_MS = 120_000;

/** Start quick_check of `file` in a worker thread. The worker never keeps the process alive. */
export function startIntegrityCheck(file: string): IntegrityGate {
  const shared = new SharedArrayBuffer(4);
  const flag = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { file, shared, driver, port: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  let result: CheckResult | undefined;
  const waiting: ((r: CheckResult) => void)[] = [];
  const settle = (r: CheckResult) => {
    if (result) return;
    result = r;
    port1.close();
    for (const cb of waiting.splice(0)) cb(r);
  };
  const take = (port: MessagePort) => {
    const m = receiveMessageOnPort(port);
    if (m) settle(m.message as CheckResult);
  };
  port1.on('message', (m: CheckResult) => settle(m));
  worker.on('error', (e) => settle({ ok: false, detail: e.message, ms: 0 }));
  return {
    get state() {
      return result ? (result.ok ? 'ok' : 'failed') : 'pending';
    },
    ensure() {
      if (!result) {
        const waited = Atomics.wait(flag, 0, 0, MAX_WAIT_MS);
        take(port1);
        if (!result) settle({ ok: Atomics.load(flag, 0) === 1, detail: waited === 'timed-out' ? 'quick_check did not finish' : 'no report', ms: 0 });
      }
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
