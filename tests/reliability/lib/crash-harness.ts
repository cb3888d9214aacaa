// The crash harness behind tests/reliability/crash.test.ts and bench/crash.mjs. Two processes share
// one database, as on the bus: the counter (receipts, and an in-process worker printing the thermal
// slips to a `file` printer) and the worker for the slow jobs (the A4 slip's PDF). Each is SIGKILLed
// after a random delay (seeded, so a failure can be replayed) and started again, each on its own
// schedule, until the counter has acknowledged the number of receipts asked for. A last process
// prints what is still queued, and verifyCrash (crash-verify.ts) checks what the database and the
// printer's paper say.
//
// A SIGKILL loses the process but not the kernel's page cache, so this proves the application's
// side (what is committed when, what a restart does with half-done work), not the disk's: losing
// power is what synchronous=FULL and the fsyncs are for, and that needs a machine to switch off.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleEntry } from './bundle.js';
import { rng } from './idcard.js';
import { verifyCrash, type CrashCheck } from './crash-verify.js';

export interface CrashOptions {
  /** The repository (for the bundle, data/ and node_modules). */
  root: string;
  /** An empty directory for the database, its files and the printer's output. */
  dir: string;
  /** Stop once the counter has acknowledged this many receipts in total… */
  receipts: number;
  /** …and has been killed at least this many times (default 20), however fast the machine. */
  minKills?: number;
  seed: number;
  /** The counter is killed a random 0..max ms after it is started (its start takes ~0.3 s). */
  counterKillMs?: number;
  /** The same for the A4 worker. */
  slowKillMs?: number;
  /** Progress lines, for the bench. */
  log?: (line: string) => void;
}

export interface CrashRun extends CrashCheck {
  db: string;
  printer: string;
  /** Processes started and killed, counter and slow worker. */
  counterRuns: number;
  slowRuns: number;
  kills: number;
  acked: number;
  seconds: number;
}

/**
 * A process started again each time the harness kills it, until stopped. Any other end (an exit
 * code, a signal not ours, text on stderr) is a failure of the app, reported and not restarted.
 */
class Supervised {
  runs = 0;
  kills = 0;
  failure: string | undefined;
  private child: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly argv: (run: number) => string[],
    private readonly delay: () => number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onLine: (line: string) => void,
    private readonly onFailure: () => void,
    private readonly priority = 0,
  ) {}

  start(): void {
    if (this.stopped) return;
    const run = this.runs++;
    const child = spawn(process.execPath, this.argv(run), { stdio: ['ignore', 'pipe', 'pipe'], env: this.env });
    this.child = child;
    if (this.priority && child.pid) setPriority(child.pid, this.priority);
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      let nl: number;
      // Only whole lines count: a line cut by the kill was never shown to the operator.
      while ((nl = out.indexOf('\n')) >= 0) {
        this.onLine(out.slice(0, nl));
        out = out.slice(nl + 1);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        clearTimeout(this.timer);
        const ours = signal === 'SIGKILL' && code === null;
        if (ours) this.kills++;
        if (!ours || err.trim() !== '') {
          this.failure ??= `${this.name} (run ${run}) ended with ${signal ?? `exit code ${code}`}: ${err.trim() || '(no stderr)'}`;
          this.stopped = true;
          this.onFailure();
        } else if (!this.stopped) this.start();
        resolve();
      });
    });
    this.timer = setTimeout(() => child.kill('SIGKILL'), this.delay());
  }

  /** Kill the running process (one more crash) and start no other. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.child?.kill('SIGKILL');
    await this.exited;
  }
}

/** Run a child to its end (setup, drain); refuse any end but exit code 0 with nothing on stderr. */
function runToEnd(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code, signal) => (code === 0 && err === '' ? resolve() : reject(new Error(`${argv[1]} ended with ${signal ?? code}: ${err}`))));
  });
}

export async function crashHarness(opts: CrashOptions): Promise<CrashRun> {
  const t0 = Date.now();
  mkdirSync(opts.dir, { recursive: true });
  const db = join(opts.dir, 'bus.db');
  const printer = join(opts.dir, 'printer.escpos');
  const bundle = await bundleEntry(opts.root, join(opts.root, 'tests/reliability/lib/crash-child.ts'));
  const env = { ...process.env, TZ: process.env.TZ || 'Asia/Ho_Chi_Minh', LUUDONG_LANG: 'vi' };
  const r = rng(opts.seed);
  const minKills = opts.minKills ?? 20;
  const acked: string[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const counter = new Supervised(
    'counter',
    (run) => [bundle, 'counter', db, printer, String(opts.seed * 100_000 + run)],
    () => Math.floor(r() * (opts.counterKillMs ?? 2000)),
    env,
    (line) => {
      const m = /^ACK (\S+)$/.exec(line);
      if (m) acked.push(m[1] as string);
      if (acked.length >= opts.receipts && counter.kills >= minKills) done();
      if (acked.length % 500 === 0) opts.log?.(`crash: ${acked.length} acknowledged, ${counter.kills} + ${slow.kills} kills`);
    },
    () => done(),
  );
  // At low priority, as the counter screen starts its worker for the slow jobs (src/cli/tui.tsx).
  const slow = new Supervised('A4 worker', () => [bundle, 'slow', db], () => Math.floor(r() * (opts.slowKillMs ?? 6000)), env, () => undefined, () => done(), 10);
  try {
    await runToEnd([bundle, 'setup', db, printer], env);
    counter.start();
    slow.start();
    await finished;
    await Promise.all([counter.stop(), slow.stop()]);
    const failure = counter.failure ?? slow.failure;
    if (failure) throw new Error(failure);
    await runToEnd([bundle, 'drain', db], env);
  } finally {
    await Promise.all([counter.stop(), slow.stop()]);
    rmSync(dirname(bundle), { recursive: true, force: true });
  }
  const check = verifyCrash(db, printer, acked);
  return { ...check, db, printer, counterRuns: counter.runs, slowRuns: slow.runs, kills: counter.kills + slow.kills, acked: acked.length, seconds: (Date.now() - t0) / 1000 };
}
