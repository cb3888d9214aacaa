// @ts-nocheck
// A process in a pseudo-terminal, driven through bench/lib/ptyrun.py. All timestamps come from the
// helper (CLOCK_MONOTONIC, nanoseconds, as BigInt) and are taken where the bytes cross the pty, so
// pipe relaying and this process's event loop add nothing to the figures.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HELPER = fileURLToPath(new URL('./ptyrun.py', import.meta.url));

/** Ink's synchronized-output brackets (DEC mode 2026): every frame on a TTY ends with ESU. */
export const BSU = Buffer.from('\x1b[?2026h');
export const ESU = Buffer.from('\x1b[?2026l');

let python;
/** The real interpreter (not a pyenv shim script, which costs ~100 ms per start). */
function pythonPath() {
  python ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 20_000 }).trim();
  return python;
}

const live = new Set();

function tryKill(pid, signal) {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    /* gone */
  }
}

/** Last resort (process exit, signals, watchdog): SIGKILL every process group we started. */
export function killAllSessions() {
  for (const s of live) s.killNow();
}

export class Timeout extends Error {}

export class PtySession {
  /**
   * @param {string} name label for messages
   * @param {string[]} argv command and arguments (exec'd directly, no shell)
   * @param {{cols?: number, rows?: number, env?: NodeJS.ProcessEnv, cwd?: string}} opts
   */
  constructor(name, argv, { cols = 80, rows = 24, env = process.env, cwd = process.cwd() } = {}) {
    this.name = name;
    this.argv = argv;
    /** @type {{t: bigint, data: Buffer}[]} */
    this.chunks = [];
    /** @type {{t: bigint, n: number}[]} */
    this.writes = [];
    this.pid = 0;
    this.tFork = 0n;
    this.exit = null;
    this.stderr = '';
    this.errors = [];
    this.waiters = new Set();
    this.pending = Buffer.alloc(0);
    this.helper = spawn(pythonPath(), ['-S', '-E', HELPER, String(cols), String(rows), '--', ...argv], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // its own process group, so cleanup can kill it as a group
    });
    live.add(this);
    this.helper.stdout.on('data', (b) => this.onData(b));
    this.helper.stderr.on('data', (b) => {
      if (this.stderr.length < 20_000) this.stderr += b.toString();
    });
    this.helper.stdin.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      this.helper.on('close', (code, signal) => {
        live.delete(this);
        this.helperExit = { code, signal };
        this.notify();
        resolve();
      });
    });
    this.helper.on('error', (e) => {
      this.errors.push(e);
      this.notify();
    });
  }

  onData(b) {
    this.pending = this.pending.length ? Buffer.concat([this.pending, b]) : b;
    for (;;) {
      const nl = this.pending.indexOf(10);
      if (nl < 0) break;
      const head = this.pending.subarray(0, nl).toString('latin1').split(' ');
      const len = Number(head[1]);
      if (this.pending.length < nl + 1 + len) break;
      const payload = Buffer.from(this.pending.subarray(nl + 1, nl + 1 + len));
      this.pending = this.pending.subarray(nl + 1 + len);
      this.onFrame(head[0], head.slice(2), payload);
    }
    this.notify();
  }

  onFrame(kind, f, payload) {
    switch (kind) {
      case 'S':
        this.pid = Number(f[0]);
        this.tFork = BigInt(f[1]);
        break;
      case 'O':
        this.chunks.push({ t: BigInt(f[0]), data: payload });
        break;
      case 'W':
        this.writes.push({ n: Number(f[0]), t: BigInt(f[1]) });
        break;
      case 'X':
        this.exit = { code: Number(f[0]), t: BigInt(f[1]), maxRssKb: Number(f[2]), utime: Number(f[3]), stime: Number(f[4]) };
        break;
      case 'E':
        this.errors.push(new Error(payload.toString()));
        break;
      default:
        this.errors.push(new Error(`ptyrun: unknown frame ${kind}`));
    }
  }

  notify() {
    for (const w of [...this.waiters]) w();
  }

  /**
   * Resolve with check()'s first non-undefined value, re-checked whenever the helper reports
   * something; reject on timeout, or when the process is gone and check() still says no.
   */
  waitFor(check, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      let timer;
      const done = (fn, v) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        fn(v);
      };
      const waiter = () => {
        let v;
        try {
          v = check();
        } catch (e) {
          return done(reject, e);
        }
        if (v !== undefined) return done(resolve, v);
        if (this.errors.length) return done(reject, this.errors[0]);
        if (this.exit || this.helperExit) {
          const tail = this.text().slice(-400);
          return done(reject, new Error(`${this.name}: process ended (${JSON.stringify(this.exit ?? this.helperExit, (k, v) => (typeof v === "bigint" ? String(v) : v))}) while waiting for ${what}; stderr: ${this.stderr.slice(-400)} output tail: ${JSON.stringify(tail)}`));
        }
      };
      timer = setTimeout(() => done(reject, new Timeout(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      this.waiters.add(waiter);
      waiter();
    });
  }

  started(timeoutMs = 10_000) {
    return this.waitFor(() => (this.pid ? this.pid : undefined), timeoutMs, 'the spawn report');
  }

  /** Everything the process printed so far (or from chunk `from`), decoded. */
  text(from = 0, to = this.chunks.length) {
    return Buffer.concat(this.chunks.slice(from, to).map((c) => c.data)).toString('utf8');
  }

  /**
   * The first complete frame showing one of `markers`: the time (ns after fork) of the chunk where a
   * marker appeared and of the chunk that closed that frame (ESU), or the marker chunk when the
   * program does not bracket frames within `esuGraceMs`.
   */
  async firstFrame(markers, timeoutMs = 30_000, esuGraceMs = 200) {
    const ms = [markers].flat().map((m) => Buffer.from(m));
    let acc = Buffer.alloc(0);
    let seen = 0;
    const found = await this.waitFor(
      () => {
        for (; seen < this.chunks.length; seen++) {
          const chunk = this.chunks[seen].data;
          acc = Buffer.concat([acc, chunk]);
          for (const m of ms) {
            const at = acc.indexOf(m);
            if (at >= 0) return { index: seen, offset: Math.max(0, at + m.length - (acc.length - chunk.length)) };
          }
        }
        return undefined;
      },
      timeoutMs,
      `first frame with ${JSON.stringify(markers)}`,
    );
    const markerT = this.chunks[found.index].t;
    let frameT = markerT;
    try {
      frameT = await this.waitFor(() => this.findEsu(found.index, found.offset), esuGraceMs, 'end of frame');
    } catch (e) {
      if (!(e instanceof Timeout)) throw e;
    }
    return { markerMs: ns2ms(markerT - this.tFork), frameMs: ns2ms(frameT - this.tFork), index: found.index };
  }

  /** Time of the first chunk at/after (index, offset) holding an ESU (ESU is written on its own). */
  findEsu(index, offset = 0) {
    for (let i = index; i < this.chunks.length; i++) {
      if (this.chunks[i].data.indexOf(ESU, i === index ? offset : 0) >= 0) return this.chunks[i].t;
    }
    return undefined;
  }

  /** Resolve once nothing has been printed for `quietMs` (up to timeoutMs). */
  async quiet(quietMs, timeoutMs = 5_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const n = this.chunks.length;
      await sleep(quietMs);
      if (this.chunks.length === n) return;
      if (Date.now() > until) throw new Timeout(`${this.name}: output did not settle within ${timeoutMs} ms`);
    }
  }

  /**
   * Send one key and time the reaction: from the write into the pty to the first output chunk after
   * it, and to the end (ESU) of the first frame after it that shows `expect` (when given; so a tty
   * echo, or an unrelated frame such as a clock tick landing just then, is never taken for the
   * answer). `skipped` counts frames passed over that way.
   */
  async key(bytes, { timeoutMs = 2_000, expect } = {}) {
    const w0 = this.writes.length;
    const c0 = this.chunks.length;
    this.helper.stdin.write(bytes);
    const w = await this.waitFor(() => this.writes[w0], timeoutMs, 'the write report');
    // Output frames come in the order the helper saw them: chunks after the W report were read after the write.
    let cw = c0;
    while (cw < this.chunks.length && this.chunks[cw].t < w.t) cw++;
    let from = cw;
    let skipped = 0;
    const end = await this.waitFor(
      () => {
        for (let i = from; i < this.chunks.length; i++) {
          if (this.chunks[i].data.indexOf(ESU) < 0) continue;
          if (expect === undefined || this.text(from, i + 1).includes(expect)) return i;
          skipped++;
          from = i + 1;
        }
        return undefined;
      },
      timeoutMs,
      `the frame answering ${JSON.stringify(bytes)}${expect ? ` (showing ${JSON.stringify(expect)})` : ''}`,
    );
    const first = this.chunks[cw];
    const frame = this.chunks[end];
    return { firstMs: ns2ms(first.t - w.t), frameMs: ns2ms(frame.t - w.t), ok: true, skipped, bytes: this.chunks.slice(cw, end + 1).reduce((a, c) => a + c.data.length, 0) };
  }

  /** Write bytes into the pty; resolves with the helper's report {n, t} of the write. */
  async send(bytes, timeoutMs = 2_000) {
    const w0 = this.writes.length;
    this.helper.stdin.write(bytes);
    return this.waitFor(() => this.writes[w0], timeoutMs, 'the write report');
  }

  /** Ask politely (EOF on the helper's stdin: SIGTERM to the group, SIGKILL after 2 s); then force. */
  async close(timeoutMs = 6_000) {
    if (!this.helperExit) {
      this.helper.stdin.end();
      const t = setTimeout(() => this.killNow(), timeoutMs);
      await this.closed;
      clearTimeout(t);
    }
    // the child is a session leader of its own: make sure nothing of it survives
    if (this.pid && isAlive(this.pid)) tryKill(-this.pid, 'SIGKILL');
    return this.exit;
  }

  killNow() {
    if (this.pid) tryKill(-this.pid, 'SIGKILL');
    if (this.helper.pid) tryKill(-this.helper.pid, 'SIGKILL');
  }
}

export const ns2ms = (ns) => Number(ns) / 1e6;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function isAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

// ---- /proc ---------------------------------------------------------------------------------------

/** The node process: `pid` itself when it runs node, else the first node descendant (wrappers). */
export function findNodePid(pid, depth = 0) {
  const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  if (comm === 'node' || comm.startsWith('node')) return pid;
  if (depth > 4) return undefined;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let kids = '';
    try {
      kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const k of kids.trim().split(/\s+/).filter(Boolean)) {
      const found = findNodePid(Number(k), depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** VmHWM and VmRSS in KiB. */
export function memory(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
}

let clkTck;
/** CPU time used so far: utime+stime from /proc/PID/stat (clock ticks, all threads, dead ones too)
 * and the sum of per-thread run time from /proc/PID/task/x/schedstat (ns, live threads). */
export function cpuTime(pid) {
  clkTck ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]); // fields 14 and 15 of stat(5), counted from field 3
  let schedNs = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      schedNs += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      /* thread ended */
    }
  }
  return { ticks, clkTck, schedNs, at: process.hrtime.bigint() };
}

/** Whole-machine CPU counters from /proc/stat (jiffies): busy and total over all CPUs. */
export function machineCpu() {
  const f = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal (guest is already in user)
  return { busy: total - idle, total };
}
