// The main thread's side of the link to the hub: synchronous calls (the screens and the CLI call
// the app synchronously, as they do on a single laptop) over the worker thread that owns the
// connection (./linkWorker.ts). A call posts its request and blocks on Atomics.wait over a shared
// counter the worker bumps with every message, up to a deadline; messages that come while nothing
// waits (pushes, the link going down or up, late outcomes) are handled on the event loop.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { DomainError } from '../core/errors.js';
import { RelayedError } from './wire.js';
import type { FromWorker, LinkWorkerData, ToWorker } from './linkWorker.js';
import type { Hello, WireError } from './protocol.js';

export interface LinkOptions {
  host: string;
  port: number;
  identity: string;
  key: Buffer;
  hello: Omit<Hello, 't' | 'v' | 'trip' | 'since'>;
  epoch?: number;
  /** How long a call may block the caller (ms). */
  callTimeoutMs?: number;
  /** How long the first connection may take (ms). */
  connectTimeoutMs?: number;
  beatMs?: number;
  deadMs?: number;
  /** Keep the process alive while linked (a headless service); screens and the CLI need not. */
  keepAlive?: boolean;
}

export type LinkEvent =
  | { kind: 'welcome'; msg: Record<string, unknown> }
  | { kind: 'push'; msg: Record<string, unknown> }
  | { kind: 'note'; msg: Record<string, unknown> }
  | { kind: 'link'; up: boolean; reason?: string }
  | { kind: 'outcome'; method: string; args: unknown[]; ok?: unknown; err?: WireError };

export const CALL_TIMEOUT_MS = 2000;
/**
 * Calls that check a PIN wait longer: the hub makes the PIN's slow hash first, by design up to half a
 * second on the vehicle's laptop and more when it is busy (src/app/operators.ts, PIN_SCRYPT).
 */
export const PIN_CALL_TIMEOUT_MS = 10_000;
const PIN_METHODS = new Set(['login', 'operators.supervisor']);
const UNSURE_MS = 10 * 60_000;

/** The worker's code: the bundle's own file, or (from source, in tests) bundled now by esbuild. */
function workerSource(): { url: URL } | { code: string } {
  const here = import.meta.url;
  for (const name of ['./hub-link.js', './hub-link.mjs']) {
    const built = new URL(name, here);
    if (!here.includes('/src/') && existsSync(fileURLToPath(built))) return { url: built };
  }
  const req = createRequire(here);
  const esbuild = req(['es', 'build'].join('')) as typeof import('esbuild');
  const out = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./linkWorker.ts', here))],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
  return { code: (out.outputFiles[0] as { text: string }).text };
}

let cachedSource: ReturnType<typeof workerSource> | undefined;

export class HubLink {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private n = 0;
  private readonly waiting = new Map<number, { ok?: unknown; err?: WireError } | null>();
  private readonly listeners = new Set<(e: LinkEvent) => void>();
  /**
   * Writes whose caller was told "not sure", by what they asked. Asking the same again (the
   * operator presses the key again) reuses the id, so it cannot be applied twice: it gets the answer
   * of the first press, even when that answer already came as an outcome. Forgotten once a caller
   * has had its answer, or after UNSURE_MS.
   */
  private readonly unsure = new Map<string, { rid: string; at: number }>();
  private closed = false;
  up = false;
  lastReason: string | undefined;
  readonly timeoutMs: number;

  constructor(private readonly opts: LinkOptions) {
    this.timeoutMs = opts.callTimeoutMs ?? CALL_TIMEOUT_MS;
    const { port1, port2 } = new MessageChannel();
    const shared = new SharedArrayBuffer(4);
    this.flag = new Int32Array(shared);
    this.port = port1;
    const data: LinkWorkerData = {
      host: opts.host,
      port: opts.port,
      identity: opts.identity,
      key: opts.key.toString('hex'),
      hello: opts.hello,
      epoch: opts.epoch ?? 0,
      port2,
      flag: shared,
      ...(opts.beatMs ? { beatMs: opts.beatMs } : {}),
      ...(opts.deadMs ? { deadMs: opts.deadMs } : {}),
    };
    cachedSource ??= workerSource();
    const src = cachedSource;
    this.worker = 'url' in src ? new Worker(src.url, { workerData: data, transferList: [port2] }) : new Worker(src.code, { eval: true, workerData: data, transferList: [port2] });
    this.worker.on('error', () => {
      this.up = false;
      this.emit({ kind: 'link', up: false, reason: 'err.hub.down' });
    });
    port1.on('message', (m: FromWorker) => this.dispatch(m));
    if (!opts.keepAlive) {
      this.worker.unref();
      port1.unref();
    }
  }

  on(fn: (e: LinkEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: LinkEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  private dispatch(m: FromWorker): void {
    switch (m.k) {
      case 'res':
        if (this.waiting.has(m.n)) this.waiting.set(m.n, { ...('ok' in m ? { ok: m.ok } : {}), ...(m.err ? { err: m.err } : {}) });
        return;
      case 'welcome':
        this.up = true;
        this.lastReason = undefined;
        this.emit({ kind: 'welcome', msg: m.msg });
        return;
      case 'push':
        this.emit({ kind: 'push', msg: m.msg });
        return;
      case 'note':
        this.emit({ kind: 'note', msg: m.msg });
        return;
      case 'link':
        this.up = m.up;
        this.lastReason = m.reason;
        this.emit({ kind: 'link', up: m.up, ...(m.reason ? { reason: m.reason } : {}) });
        return;
      case 'outcome':
        this.emit({ kind: 'outcome', method: m.m, args: m.a, ...('ok' in m ? { ok: m.ok } : {}), ...(m.err ? { err: m.err } : {}) });
        return;
    }
  }

  /** Handle whatever the worker has posted, now, without waiting. */
  drain(): void {
    for (let r = receiveMessageOnPort(this.port); r; r = receiveMessageOnPort(this.port)) this.dispatch(r.message as FromWorker);
  }

  /** Block until `done()` or the deadline; messages are handled as they come. */
  private block(done: () => boolean, deadline: number): boolean {
    for (;;) {
      const seen = Atomics.load(this.flag, 0);
      this.drain();
      if (done()) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.flag, 0, seen, left);
    }
  }

  /** Wait for the first welcome; refused or unreachable hubs are said so. */
  connect(): void {
    let reason: string | undefined;
    const off = this.on((e) => {
      if (e.kind === 'link' && !e.up) reason = e.reason;
    });
    const ok = this.block(() => this.up || reason !== undefined, Date.now() + (this.opts.connectTimeoutMs ?? 4000));
    off();
    if (!ok || !this.up) {
      this.close();
      throw new RelayedError({ code: reason ?? 'err.hub.unreachable', params: { address: `${this.opts.host}:${this.opts.port}` } });
    }
  }

  /**
   * Ask the hub, synchronously. A write gets a request id, kept for as long as its outcome is not
   * known: asked again (the operator presses the key again after "not sure"), it goes with the same
   * id and cannot be applied twice.
   */
  call(method: string, args: unknown[], write: boolean): unknown {
    if (this.closed) throw new DomainError('err.hub.down', {});
    const n = ++this.n;
    const key = `${method}\n${JSON.stringify(args)}`;
    const prior = this.unsure.get(key);
    const rid = write ? (prior && Date.now() - prior.at < UNSURE_MS ? prior.rid : randomBytes(16).toString('hex')) : undefined;
    this.waiting.set(n, null);
    const timeout = PIN_METHODS.has(method) ? Math.max(this.timeoutMs, PIN_CALL_TIMEOUT_MS) : this.timeoutMs;
    this.port.postMessage({ k: 'call', n, m: method, a: args, ...(rid ? { rid } : {}), deadline: Date.now() + timeout } satisfies ToWorker);
    const answered = this.block(() => this.waiting.get(n) !== null, Date.now() + timeout);
    const res = this.waiting.get(n);
    this.waiting.delete(n);
    if (!answered || !res) {
      this.port.postMessage({ k: 'abandon', n } satisfies ToWorker);
      if (rid) {
        this.unsure.set(key, { rid, at: Date.now() });
        throw new DomainError('err.hub.pending', {});
      }
      if (this.up) throw new DomainError('err.hub.timeout', {});
      throw new DomainError('err.hub.down', {});
    }
    // Refused by the link (never sent): the first press's outcome is still to come.
    if (rid && res.err?.code !== 'err.hub.down') this.unsure.delete(key);
    if (res.err) throw new RelayedError(res.err);
    return res.ok;
  }

  /** The operator's login (or name), replayed by the worker after each reconnection. */
  session(login: { name: string; pin: string } | null, operator: string | null): void {
    this.port.postMessage({ k: 'session', login, operator } satisfies ToWorker);
  }

  /** Writes sent whose outcome has not come back yet. */
  unsureCount(): number {
    return this.unsure.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.postMessage({ k: 'close' } satisfies ToWorker);
    this.port.close();
    void this.worker.terminate();
  }
}
