#!/usr/bin/env node
// The benchmark of the counter screen on a year of data, each figure beside two baselines measured
// in the same run: bare Node (`node -e 0`) and a bare Ink "hello" (unbundled, development React).
//
//   npm run bench                     build, then this (2-3 minutes; the first run also seeds
//                                     the database once, ~15 s, cached in bench/out/)
//   node bench/run.mjs --quick        fewer repetitions, for trying things out
//   node bench/run.mjs --help
//
// Every program runs in a pseudo-terminal of 80x24 (bench/lib/ptyrun.py; CI variables removed,
// since Ink renders nothing until exit under CI). Figures: time to first frame, peak RSS (VmHWM of
// the node process), key-press-to-frame latency, idle CPU. Writes bench/RESULTS.md. Exit code 0 when
// every target is met, 1 when one is missed (FAIL is printed, and RESULTS.md says which), 2 when the
// harness itself breaks (3 for its watchdog).
process.env.TZ ||= 'Asia/Ho_Chi_Minh'; // where the bus runs; the seeded trips use local dates

import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshCopy, prepareDatabases, SEED } from './lib/seed.mjs';
import { cpuTime, findNodePid, killAllSessions, machineCpu, memory, PtySession, sleep, Timeout } from './lib/pty.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'bench/out');
const RESULTS = join(ROOT, 'bench/RESULTS.md');

// ---- options -------------------------------------------------------------------------------------

const HELP = `usage: node bench/run.mjs [--quick] [--reps N] [--idle SECONDS] [--keys N] [--gap MS] [--no-write]
  --reps N      repetitions of start-up / memory / idle measurements (default 7; median reported)
  --idle S      idle window for the CPU figure, per repetition (default 10)
  --keys N      key presses for the latency figure (default 200)
  --gap MS      quiet time before each key press (default 50; more than Ink's frame throttle at >= 30 fps)
  --quick       --reps 3 --idle 3 --keys 60
  --no-low-spec skip the run under a CPU quota of a third of a core (cgroup v1, needs root)
  --no-write    print only, leave bench/RESULTS.md alone
  --note TEXT   a line about the conditions of this run, written into RESULTS.md
  --app-root DIR       measure the app of another checkout/build (DIR/bin/luudong.js), to compare a change
  --app-node-args STR  extra node options for the app only, e.g. "--max-semi-space-size=1"
  (--app-root and --app-node-args only print: RESULTS.md stays about this checkout)`;

function parseArgs(argv) {
  const o = { reps: 7, idle: 10, keys: 200, gap: 50, burst: 60, write: true, sessionKeys: 12, appRoot: ROOT, appNodeArgs: [], lowSpec: true, lowSpecReps: 5, lowSpecKeys: 90 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (a === '--quick') Object.assign(o, { reps: 3, idle: 3, keys: 60, burst: 30, lowSpecReps: 3, lowSpecKeys: 30 });
    else if (a === '--no-low-spec') o.lowSpec = false;
    else if (a === '--note') o.note = argv[++i] ?? '';
    else if (a === '--reps') o.reps = Math.max(1, Math.round(num()));
    else if (a === '--idle') o.idle = Math.max(1, num());
    else if (a === '--keys') o.keys = Math.max(3, Math.round(num()));
    else if (a === '--gap') o.gap = num();
    else if (a === '--no-write') o.write = false;
    else if (a === '--app-root') o.appRoot = resolve(argv[++i] ?? '.');
    else if (a === '--app-node-args') o.appNodeArgs = (argv[++i] ?? '').split(/\s+/).filter(Boolean);
    else throw new Error(`unknown option ${a}\n${HELP}`);
  }
  return o;
}

// ---- safety: nothing we start survives us ------------------------------------------------------

process.on('exit', killAllSessions);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    killAllSessions();
    process.stderr.write(`\nbench: ${sig}, stopped\n`);
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig] ?? 0));
  });
}
const WATCHDOG_MS = 15 * 60_000;
setTimeout(() => {
  killAllSessions();
  process.stderr.write(`bench: watchdog - still running after ${WATCHDOG_MS / 60_000} min, stopped\n`);
  process.exit(3);
}, WATCHDOG_MS).unref();

// ---- small helpers -------------------------------------------------------------------------------

const log = (...a) => process.stderr.write(a.join(' ') + '\n');
const sorted = (xs) => [...xs].filter(Number.isFinite).sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const pct = (xs, p) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
};
const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const mib = (kb) => kb / 1024;
const range = (xs, d = 0, f = (x) => x) => {
  const s = sorted(xs.map(f));
  return s.length > 1 ? `${fmt(s[0], d)}–${fmt(s[s.length - 1], d)}` : '';
};

/** The environment of every measured program: an interactive terminal, not CI, no NODE_ENV. */
function childEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'BUILD_NUMBER' || k === 'RUN_ID') delete env[k];
  }
  for (const k of ['NODE_ENV', 'NODE_OPTIONS', 'INK_SCREEN_READER', 'LUUDONG_DB', 'LUUDONG_DATA_DIR', 'COLUMNS', 'LINES', 'NO_COLOR', 'FORCE_COLOR']) delete env[k];
  env.TERM = 'xterm-256color';
  env.LUUDONG_LANG = 'vi';
  return env;
}

/** The app's Ink frame-rate cap, as written in src/cli/tui.tsx (for the report). */
function maxFps(root) {
  try {
    const n = Number(/maxFps:\s*(\d+)/.exec(readFileSync(join(root, 'src/cli/tui.tsx'), 'utf8'))?.[1]);
    return n ? ` (${n} fps: ${Math.ceil(1000 / n)} ms)` : '';
  } catch {
    return '';
  }
}

/** Which code was measured: commit, uncommitted changes outside bench/, when dist/ was built. */
function buildInfo(root) {
  const git = (...a) => execFileSync('git', ['-C', root, ...a], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  let commit = 'not a git checkout';
  let dirty = [];
  try {
    commit = git('log', '-1', '--format=%h %s').trim();
    dirty = git('status', '--porcelain', '--untracked-files=all', '--', '.', ':!bench').split('\n').filter(Boolean).map((l) => l.slice(3));
  } catch {
    /* no git */
  }
  let built = '';
  try {
    built = statSync(bundleOf(root)).mtime.toISOString();
  } catch {
    /* checked elsewhere */
  }
  return `${commit}${dirty.length ? ` + uncommitted changes (${dirty.slice(0, 6).join(', ')}${dirty.length > 6 ? ', …' : ''})` : ''}; dist/ built ${built}`;
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const mhz = /^cpu MHz\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    /* os.cpus() then */
  }
  return { nproc, model, mhz, node: process.version, kernel: release(), memGiB: totalmem() / 2 ** 30 };
}

/** The built app of a checkout: dist/luudong.cjs, or dist/luudong.js for builds before the code cache (--app-root). */
function bundleOf(root) {
  const cjs = join(root, 'dist/luudong.cjs');
  return existsSync(cjs) || !existsSync(join(root, 'dist/luudong.js')) ? cjs : join(root, 'dist/luudong.js');
}

/** Warn when dist/ is older than the sources (the bench measures the built bundle). */
function checkBuild(root) {
  const dist = bundleOf(root);
  if (!existsSync(dist)) throw new Error('dist/luudong.cjs is missing: run `npm run build` (or `npm run bench`, which builds first)');
  const built = statSync(dist).mtimeMs;
  const newer = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (statSync(p).mtimeMs > built) newer.push(relative(root, p));
    }
  };
  if (existsSync(join(root, 'src'))) walk(join(root, 'src'));
  if (newer.length) log(`bench: WARNING dist/ is older than ${newer.slice(0, 3).join(', ')}${newer.length > 3 ? ' …' : ''}: measuring the old build (npm run bench rebuilds)`);
}

// ---- the programs ------------------------------------------------------------------------------

const APP_MARKERS = ['F1', 'Tab', 'Lưu động']; // key bar (F1 help / Tab counter) or the header
const HELLO_MARKERS = ['Hello'];
const ALT_SCREEN = '\x1b[?1049h';

let APP = { root: ROOT, nodeArgs: [], build: '' };

function programs(db) {
  return {
    node0: ['node', '-e', '0'],
    nodeIdle: ['node', '-e', 'setInterval(() => {}, 1 << 30)'],
    hello: ['node', join(ROOT, 'bench/fixtures/ink-hello.mjs')],
    inkKeys: ['node', join(ROOT, 'bench/fixtures/ink-keys.mjs')],
    app: (file) => ['node', ...APP.nodeArgs, join(APP.root, 'bin/luudong.js'), '--db', file],
  };
}

/** Keys that always change the screen, with text the answering frame must contain. */
const KEY_CYCLE = [
  { name: 'Tab', bytes: '\t', expect: 'Quầy' }, // next counter; status line "Máy này làm Quầy N."
  { name: '?', bytes: '?', expect: '│' }, // help dialog (a bordered box)
  { name: 'Esc', bytes: '\x1b', expect: 'Quầy' }, // back to the main screen (its counter rows)
];

async function startInPty(name, argv, env, markers) {
  const s = new PtySession(name, argv, { cols: 80, rows: 24, env, cwd: ROOT });
  try {
    await s.started();
    const ff = await s.firstFrame(markers, 30_000);
    const nodePid = findNodePid(s.pid);
    if (!nodePid) throw new Error(`${name}: no node process under pid ${s.pid}`);
    // CPU the process used until its first frame (run time of its threads): unlike the wall time,
    // hardly moved by others' load; under a third of a core the wall time is at least three times it
    const cpu = cpuTime(nodePid);
    ff.cpuMs = cpu.schedNs / 1e6;
    return { s, ff, nodePid };
  } catch (e) {
    await s.close();
    throw e;
  }
}

/**
 * Send keys, each after `gap` ms of quiet (the think time; also no frame of the last key in flight).
 * Always starts the cycle with Tab, from the main screen (an Esc there would change nothing).
 */
async function pressKeys(s, n, gap) {
  const out = [];
  let failures = 0;
  for (let i = 0; i < n; i++) {
    const k = KEY_CYCLE[i % KEY_CYCLE.length];
    if (gap > 0) await s.quiet(gap, 5_000);
    try {
      const r = await s.key(k.bytes, { timeoutMs: 1_000, expect: k.expect });
      out.push({ key: k.name, ...r });
    } catch (e) {
      if (!(e instanceof Timeout)) throw e;
      failures++;
      if (process.env.BENCH_DEBUG) log(`bench: ${s.name}: ${e.message}; output since: ${JSON.stringify(s.text(s.chunks.length - 3)).slice(0, 600)}`);
      out.push({ key: k.name, firstMs: NaN, frameMs: NaN, ok: false, timeout: true });
      if (failures > 10) throw new Error(`${s.name}: more than 10 key presses unanswered, giving up`);
    }
  }
  return { out, failures };
}

/** Wait (up to maxMs) until none of `pids` used CPU during one `sampleMs` sample. */
async function cpuSettled(pids, sampleMs = 300, maxMs = 8_000) {
  const until = Date.now() + maxMs;
  for (;;) {
    const a = pids.map((p) => cpuTime(p).ticks);
    await sleep(sampleMs);
    const b = pids.map((p) => cpuTime(p).ticks);
    if (b.every((x, i) => x === a[i]) || Date.now() > until) return;
  }
}

// ---- measurements ------------------------------------------------------------------------------

async function measureNodeBare(env, reps) {
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const s = new PtySession('node -e 0', programs().node0, { env, cwd: ROOT });
    await s.started();
    const x = await s.waitFor(() => s.exit ?? undefined, 10_000, 'exit');
    await s.close();
    if (x.code !== 0) throw new Error(`node -e 0 exited with ${x.code}`);
    runs.push({ wallMs: Number(x.t - s.tFork) / 1e6, maxRssKb: x.maxRssKb });
  }
  return runs;
}

/**
 * One repetition: Ink hello and the app start one after the other (order alternating between
 * repetitions; the first one is idle, its CPU settled, while the second starts). The app's file is a
 * fresh copy that the app has just been started on once (the "unclean" start, measured too) and quit
 * cleanly, so the measured start is a normal morning. The app gets a few key presses, then all of
 * them - plus an idle bare node - sit for the idle window: CPU over the window, VmHWM after.
 */
async function repetition(i, env, db, o, appBroken) {
  const p = programs(db);
  const rec = { hello: {}, app: {}, nodeIdle: {} };
  const sess = {};
  try {
    const order = i % 2 === 0 ? ['hello', 'app'] : ['app', 'hello'];
    for (const which of order) {
      if (which === 'app' && appBroken()) continue;
      try {
        let r;
        if (which === 'hello') r = await startInPty('ink-hello', p.hello, env, HELLO_MARKERS);
        else {
          // a file the app itself left clean the evening before (the normal morning)
          const file = freshCopy(db.big);
          rec.unclean = await startUncleanThenQuit(env, db, file, o.sessionKeys, o.gap); // same keys as below, no idle window
          // A normal morning without V8's code cache (bin/codecache.js): the first start after an install or update.
          rec.nocache = await startUncleanThenQuit({ ...env, LUUDONG_CODE_CACHE: '0' }, db, file);
          r = await startInPty('luudong', p.app(file), env, APP_MARKERS);
        }
        sess[which] = r;
        rec[which].ttffMs = r.ff.frameMs;
        rec[which].ttffCpuMs = r.ff.cpuMs;
        rec[which].markerMs = r.ff.markerMs;
        if (which === 'app') {
          const alt = r.s.chunks.find((c) => c.data.includes(ALT_SCREEN));
          rec.app.altScreenMs = alt ? Number(alt.t - r.s.tFork) / 1e6 : NaN;
          rec.app.firstFrameHwmKb = memory(r.nodePid).hwmKb;
        }
        await r.s.quiet(150, 5_000);
        await cpuSettled([r.nodePid]); // the next start gets the machine to itself
      } catch (e) {
        if (which === 'hello') throw e; // the baseline must work: that is the harness breaking
        rec.app.error = String(e.message ?? e);
      }
    }
    const idle = new PtySession('node idle', p.nodeIdle, { env, cwd: ROOT });
    await idle.started();
    sess.nodeIdle = { s: idle, nodePid: idle.pid };
    await sleep(400); // let it finish starting
    if (sess.app) {
      const k = await pressKeys(sess.app.s, o.sessionKeys, o.gap);
      rec.app.sessionKeys = k.out.map((x) => x.frameMs);
      rec.app.sessionKeyFailures = k.failures;
      await sess.app.s.quiet(200, 5_000);
    }
    // idle window, once start-up work (JIT, GC, background checks) has died down
    await cpuSettled(Object.values(sess).map((r) => r.nodePid));
    const before = {};
    const chunksBefore = {};
    for (const [w, r] of Object.entries(sess)) {
      before[w] = cpuTime(r.nodePid);
      chunksBefore[w] = r.s.chunks.length;
    }
    const m0 = machineCpu();
    await sleep(o.idle * 1000);
    const m1 = machineCpu();
    // our processes are idle now: what the machine does meanwhile is someone else's load (noise)
    rec.backgroundPct = ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100;
    for (const [w, r] of Object.entries(sess)) {
      const after = cpuTime(r.nodePid);
      const secs = Number(after.at - before[w].at) / 1e9;
      rec[w].idleCpuPct = ((after.ticks - before[w].ticks) / after.clkTck / secs) * 100;
      rec[w].idleCpuSchedPct = ((after.schedNs - before[w].schedNs) / 1e9 / secs) * 100;
      rec[w].idleChunks = r.s.chunks.length - chunksBefore[w];
      const m = memory(r.nodePid);
      rec[w].hwmKb = m.hwmKb;
      rec[w].rssKb = m.rssKb;
    }
  } finally {
    await Promise.all(Object.values(sess).map((r) => r.s.close()));
  }
  return rec;
}

/** The latency figure: one app session, N key presses after `gap` ms of quiet each; then a burst. */
async function measureLatency(env, db, o) {
  const file = freshCopy(db.big);
  await startUncleanThenQuit(env, db, file);
  const r = await startInPty('luudong (latency)', programs(db).app(file), env, APP_MARKERS);
  try {
    await r.s.quiet(300, 5_000);
    await cpuSettled([r.nodePid]); // steady state: start-up work (and the background check) done
    const paced = await pressKeys(r.s, o.keys, o.gap);
    await r.s.quiet(200, 5_000);
    const burst = await pressKeys(r.s, o.burst, 0);
    await r.s.quiet(200, 5_000);
    return { paced, burst, clearFrames: countFullClears(r.s) };
  } finally {
    await r.s.close();
  }
}

/** Frames that clear the whole screen and redraw everything (Ink's path for full-height output). */
function countFullClears(s) {
  let n = 0;
  for (const c of s.chunks) if (c.data.includes('\x1b[2J\x1b[3J\x1b[H')) n++;
  return n;
}

/** Diagnostic: the same app on a database holding only the open trip (fixed costs vs data size). */
async function measureSmallDb(env, db, reps) {
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const file = freshCopy(db.small);
    await startUncleanThenQuit(env, db, file);
    const r = await startInPty('luudong (small db)', programs(db).app(file), env, APP_MARKERS);
    try {
      const alt = r.s.chunks.find((c) => c.data.includes(ALT_SCREEN));
      runs.push({ ttffMs: r.ff.frameMs, altScreenMs: alt ? Number(alt.t - r.s.tFork) / 1e6 : NaN, hwmKb: memory(r.nodePid).hwmKb });
    } finally {
      await r.s.close();
    }
  }
  return runs;
}

/**
 * Start the app on `file` the way a morning after a crash (or a copied file) starts - nothing says
 * the file was left clean, so it checks it in the background - and quit it cleanly (q, y), which
 * is how a normal day ends and what lets the next start skip the check. Returns that start's
 * figures (first frame; VmHWM once its background work is done) and how long the quit took. (On a
 * file left clean, it is a normal start that quits cleanly: the start without the code cache.)
 */
async function startUncleanThenQuit(env, db, file, keys = 0, gap = 50) {
  const r = await startInPty('luudong (unclean start)', programs(db).app(file), env, APP_MARKERS);
  const out = { ttffMs: r.ff.frameMs };
  try {
    await r.s.quiet(150, 5_000);
    await cpuSettled([r.nodePid]);
    if (keys) {
      await pressKeys(r.s, keys, gap);
      await r.s.quiet(200, 5_000);
      if (KEY_CYCLE[(keys - 1) % KEY_CYCLE.length].name === '?') await r.s.send('\x1b'); // back to the main screen for q
      await cpuSettled([r.nodePid]);
    }
    out.hwmKb = memory(r.nodePid).hwmKb;
    await r.s.send('q');
    await r.s.quiet(100, 5_000);
    const w = await r.s.send('y');
    const x = await r.s.waitFor(() => r.s.exit ?? undefined, 20_000, 'the app to quit after q, y');
    out.quitMs = Number(x.t - w.t) / 1e6;
    out.exitCode = x.code;
  } finally {
    await r.s.close();
  }
  out.leftClean = existsSync(`${file}.checked`);
  return out;
}

/** Diagnostic, in this process: what the app's openDatabase and first load cost on each file. */
function dbDiagnostics(db) {
  const time = (fn, n = 3) => {
    const ms = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      fn();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  const out = {};
  for (const [name, file] of [['big', db.big], ['small', db.small]]) {
    const copy = freshCopy(file); // never open the pristine file read-write
    const rw = new Database(copy);
    const ro = new Database(copy, { readonly: true });
    try {
      const trip = ro.prepare('SELECT id FROM trips WHERE closed_at IS NULL').get();
      const events = ro.prepare(
        `SELECT e.id, e.ticket_id, t.label, e.type, e.at, e.counter, e.grp, e.priority, e.operator
           FROM queue_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.trip_id = ? AND e.id > ? ORDER BY e.id`,
      );
      out[name] = {
        quickCheckRwMs: time(() => rw.pragma('quick_check'), 2),
        quickCheckRoMs: time(() => ro.pragma('quick_check'), 2),
        // quick_check of the same file without evaluating CHECK constraints (what read-only does)
        quickCheckIgnoreChecksMs: time(() => {
          rw.pragma('ignore_check_constraints = ON');
          rw.pragma('quick_check');
          rw.pragma('ignore_check_constraints = OFF');
        }, 2),
        openTripLoadMs: time(() => events.all(trip.id, 0), 5),
      };
    } finally {
      ro.close();
      rw.close();
    }
  }
  return out;
}

// ---- a low-spec laptop: a third of a core ------------------------------------------------------

const LOW_SPEC_QUOTA = { periodUs: 100_000, quotaUs: 33_333 };

/**
 * A cgroup v1 CPU controller group capped at a third of one core (cpu.cfs_quota_us / period), the
 * stand-in for a 2-core Celeron shared with the rest of the laptop. Programs are started in it
 * through `sh`, which puts itself into the group and execs them (so the time to first frame includes
 * the shell's exec, for the baseline and the app alike). Null (with the reason) when there is no
 * cgroup v1 cpu controller or no right to make a group.
 */
function lowSpecGroup() {
  const base = '/sys/fs/cgroup/cpu';
  const dir = join(base, `luudong-bench-${process.pid}`);
  try {
    if (!existsSync(join(base, 'cpu.cfs_quota_us'))) return { error: 'no cgroup v1 cpu controller at /sys/fs/cgroup/cpu' };
    mkdirSync(dir);
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(LOW_SPEC_QUOTA.periodUs));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(LOW_SPEC_QUOTA.quotaUs));
  } catch (e) {
    return { error: `cannot make a cgroup (${e.code ?? e.message}); run as root` };
  }
  const wrap = (argv) => ['sh', '-c', 'echo $$ > "$0" && exec "$@"', join(dir, 'cgroup.procs'), ...argv];
  const stats = () => {
    const t = readFileSync(join(dir, 'cpu.stat'), 'utf8');
    const n = (k) => Number(new RegExp(`^${k} (\\d+)`, 'm').exec(t)?.[1] ?? NaN);
    return { periods: n('nr_periods'), throttled: n('nr_throttled'), throttledNs: n('throttled_time') };
  };
  const remove = () => {
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(dir);
        return;
      } catch {
        execFileSync('sleep', ['0.1']);
      }
    }
  };
  return { dir, wrap, stats, remove };
}

/**
 * The low-spec run: bare Ink (hello; and a bare Ink app answering keys) and the app, each started
 * in the quota group, alternating; the app's first frame on a file left clean (a normal morning),
 * then key presses (Tab / ? / Esc, each after quiet time) against the same presses into bare Ink.
 */
async function measureLowSpec(env, db, o) {
  const g = lowSpecGroup();
  if (g.error) return { error: g.error };
  const p = programs(db);
  const out = { hello: [], app: [], helloCpu: [], appCpu: [], keys: [], inkKeys: [], throttle: null };
  try {
    const s0 = g.stats();
    for (let i = 0; i < o.lowSpecReps; i++) {
      const order = i % 2 === 0 ? ['hello', 'app'] : ['app', 'hello'];
      for (const which of order) {
        let r;
        if (which === 'hello') r = await startInPty('ink-hello (1/3 core)', g.wrap(p.hello), env, HELLO_MARKERS);
        else {
          const file = freshCopy(db.big);
          await startUncleanThenQuit(env, db, file); // outside the group: only the measured start is slowed
          r = await startInPty('luudong (1/3 core)', g.wrap(p.app(file)), env, APP_MARKERS);
        }
        out[which].push(r.ff.frameMs);
        out[`${which}Cpu`].push(r.ff.cpuMs);
        await r.s.close();
      }
    }
    // key presses: the app, then bare Ink answering the same bytes
    const file = freshCopy(db.big);
    await startUncleanThenQuit(env, db, file);
    const app = await startInPty('luudong keys (1/3 core)', g.wrap(p.app(file)), env, APP_MARKERS);
    try {
      await app.s.quiet(300, 10_000);
      await cpuSettled([app.nodePid], 300, 15_000);
      const k = await pressKeys(app.s, o.lowSpecKeys, o.gap * 2);
      out.keys = k.out;
      out.keyFailures = k.failures;
    } finally {
      await app.s.close();
    }
    const ink = await startInPty('ink-keys (1/3 core)', g.wrap(p.inkKeys), env, HELLO_MARKERS);
    try {
      await ink.s.quiet(300, 10_000);
      for (let i = 0; i < o.lowSpecKeys; i++) {
        const k = KEY_CYCLE[i % KEY_CYCLE.length];
        await ink.s.quiet(o.gap * 2, 5_000);
        try {
          const r = await ink.s.key(k.bytes, { timeoutMs: 2_000, expect: `keys: ${i + 1}` });
          out.inkKeys.push({ key: k.name, ...r });
        } catch (e) {
          if (!(e instanceof Timeout)) throw e;
          out.inkKeys.push({ key: k.name, frameMs: NaN, timeout: true });
        }
      }
    } finally {
      await ink.s.close();
    }
    const s1 = g.stats();
    out.throttle = { periods: s1.periods - s0.periods, throttled: s1.throttled - s0.throttled };
  } finally {
    g.remove();
  }
  return out;
}

// ---- report ------------------------------------------------------------------------------------

function verdict(ok) {
  return ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL';
}

/** The rows of the low-spec run (a third of a core): first frame and key latency, beside bare Ink. */
function lowSpecRows(low, o) {
  if (!o.lowSpec) return [];
  const quota = `${Math.round((LOW_SPEC_QUOTA.quotaUs / LOW_SPEC_QUOTA.periodUs) * 100)}% of a core`;
  if (!low || low.error) {
    return [{ metric: `Low-spec (${quota}): time to first frame, key→frame latency`, node: '', ink: '', app: `not measured: ${low?.error ?? 'the app failed'}`, target: '≤ 1200; p95 ≤ 50', ok: false, spread: '' }];
  }
  const keys = low.keys.map((x) => x.frameMs);
  const printable = low.keys.filter((x) => x.key === '?').map((x) => x.frameMs);
  const ink = low.inkKeys.map((x) => x.frameMs);
  const inkFailures = low.inkKeys.filter((x) => x.timeout).length;
  const appTtff = median(low.app);
  return [
    {
      metric: `Low-spec (${quota}, cgroup v1): time to first frame, ms (median of ${low.app.length})`,
      node: '',
      ink: fmt(median(low.hello)),
      app: fmt(appTtff),
      target: '≤ 1200',
      ok: Number.isFinite(appTtff) && appTtff <= 1200,
      spread: `Ink ${range(low.hello)}; app ${range(low.app)}`,
    },
    {
      metric: `Low-spec: key→frame latency, all keys (Tab, ?, Esc) p50 / p95 / max, ms (${keys.length} keys; bare Ink answering the same keys)`,
      node: '',
      ink: ink.length ? `${fmt(pct(ink, 50), 1)} / ${fmt(pct(ink, 95), 1)} / ${fmt(Math.max(...sorted(ink)), 1)}${inkFailures ? ` (${inkFailures} failed)` : ''}` : 'n/a',
      app: keys.length ? `${fmt(pct(keys, 50), 1)} / ${fmt(pct(keys, 95), 1)} / ${fmt(Math.max(...sorted(keys)), 1)}${low.keyFailures ? ` (${low.keyFailures} failed)` : ''}` : 'n/a',
      target: 'p95 ≤ 50, no failures',
      ok: keys.length ? pct(keys, 95) <= 50 && !low.keyFailures : false,
      spread: `printable (?) p50 / p95 ${fmt(pct(printable, 50), 1)} / ${fmt(pct(printable, 95), 1)}; throttled in ${low.throttle?.throttled ?? 'n/a'} of ${low.throttle?.periods ?? 'n/a'} quota periods`,
    },
  ];
}

function buildReport({ o, m, dbs, started, seconds, nodeBare, reps, lat, small, diag, low }) {
  const col = (w, f) => reps.map((r) => (r[w] ? f(r[w]) : undefined)).filter((x) => x !== undefined);
  const helloTtff = median(col('hello', (x) => x.ttffMs));
  const appTtff = median(col('app', (x) => x.ttffMs));
  const helloHwm = median(col('hello', (x) => x.hwmKb));
  const appHwm = median(col('app', (x) => x.hwmKb));
  const nodeWall = median(nodeBare.map((x) => x.wallMs));
  const nodeRss = median(nodeBare.map((x) => x.maxRssKb));
  // Printable keys are shown at once, as echoes the keyboard-wedge router takes back if their burst
  // turns out to be a scan (src/core/scan/wedge.ts): one frame, like control keys.
  const printable = (x) => x.key.length === 1 && x.key >= ' ';
  const paced = lat?.paced.out.filter((x) => !printable(x)).map((x) => x.frameMs) ?? [];
  const pacedText = lat?.paced.out.filter(printable).map((x) => x.frameMs) ?? [];
  const pacedFirst = lat?.paced.out.filter((x) => !printable(x)).map((x) => x.firstMs) ?? [];
  const burst = lat?.burst.out.map((x) => x.frameMs) ?? [];
  const p95 = pct(paced, 95);
  const idleApp = median(col('app', (x) => x.idleCpuPct));
  const idleHello = median(col('hello', (x) => x.idleCpuPct));
  const idleNode = median(col('nodeIdle', (x) => x.idleCpuPct));
  const appErrors = reps.map((r) => r.app.error).filter(Boolean);
  const uncleanTtff = median(col('unclean', (x) => x.ttffMs));
  const uncleanHwm = median(col('unclean', (x) => x.hwmKb));
  const quits = col('unclean', (x) => x);
  const has = (x) => Number.isFinite(x);

  const background = reps.map((r) => r.backgroundPct).filter(Number.isFinite);
  const rows = [
    {
      metric: `Time to first frame, ms (median of ${o.reps})`,
      node: `${fmt(nodeWall)} (node -e 0, to exit)`,
      ink: `${fmt(helloTtff)}`,
      app: has(appTtff) ? `${fmt(appTtff)}` : 'no frame',
      target: `≤ ½ Ink = ${fmt(helloTtff / 2)}`,
      ok: has(appTtff) ? appTtff <= helloTtff / 2 : false,
      spread: `Ink ${range(col('hello', (x) => x.ttffMs))}; app ${range(col('app', (x) => x.ttffMs))}`,
    },
    {
      metric: `Peak RSS (VmHWM), MiB (median of ${o.reps})`,
      node: `${fmt(mib(nodeRss), 1)} (node -e 0)`,
      ink: `${fmt(mib(helloHwm), 1)}`,
      app: has(appHwm) ? `${fmt(mib(appHwm), 1)}` : 'n/a',
      target: `≤ Ink = ${fmt(mib(helloHwm), 1)}`,
      ok: has(appHwm) ? appHwm <= helloHwm : false,
      spread: `Ink ${range(col('hello', (x) => x.hwmKb), 1, mib)}; app ${range(col('app', (x) => x.hwmKb), 1, mib)}`,
    },
    {
      metric: `- after an unclean exit (file checked in the background): first frame, ms`,
      node: '',
      ink: `${fmt(helloTtff)}`,
      app: has(uncleanTtff) ? `${fmt(uncleanTtff)}` : 'n/a',
      target: `≤ ½ Ink = ${fmt(helloTtff / 2)}`,
      ok: has(uncleanTtff) ? uncleanTtff <= helloTtff / 2 : false,
      spread: `app ${range(col('unclean', (x) => x.ttffMs))}`,
    },
    {
      metric: `- without the code cache (first start after an install or update; not a target): first frame, ms`,
      node: '',
      ink: `${fmt(helloTtff)}`,
      app: has(median(col('nocache', (x) => x.ttffMs))) ? `${fmt(median(col('nocache', (x) => x.ttffMs)))}` : 'n/a',
      target: '',
      ok: undefined,
      spread: `app ${range(col('nocache', (x) => x.ttffMs))}`,
    },
    {
      metric: `- after an unclean exit: peak RSS, MiB`,
      node: '',
      ink: `${fmt(mib(helloHwm), 1)}`,
      app: has(uncleanHwm) ? `${fmt(mib(uncleanHwm), 1)}` : 'n/a',
      target: `≤ Ink = ${fmt(mib(helloHwm), 1)}`,
      ok: has(uncleanHwm) ? uncleanHwm <= helloHwm : false,
      spread: `app ${range(col('unclean', (x) => x.hwmKb), 1, mib)}`,
    },
    {
      metric: `Key→frame latency, control keys (Tab, Esc) p50 / p95 / max, ms (${paced.length} keys)`,
      node: '–',
      ink: '–',
      app: paced.length ? `${fmt(pct(paced, 50), 1)} / ${fmt(p95, 1)} / ${fmt(Math.max(...sorted(paced)), 1)}${lat.paced.failures ? ` (${lat.paced.failures} failed)` : ''}` : 'n/a',
      target: 'p95 ≤ 16, no failures',
      ok: paced.length ? p95 <= 16 && lat.paced.failures === 0 : false,
      spread: paced.length ? `first byte p50 ${fmt(pct(pacedFirst, 50), 1)}` : '',
    },
    {
      metric: `Key→frame latency, printable keys (?) p50 / p95 / max, ms (${pacedText.length} keys)`,
      node: '–',
      ink: '–',
      app: pacedText.length ? `${fmt(pct(pacedText, 50), 1)} / ${fmt(pct(pacedText, 95), 1)} / ${fmt(Math.max(...sorted(pacedText)), 1)}` : 'n/a',
      target: 'p95 ≤ 16, no failures',
      ok: pacedText.length ? pct(pacedText, 95) <= 16 && lat.paced.failures === 0 : false,
      spread: '',
    },
    ...lowSpecRows(low, o),
    {
      metric: `Idle CPU, % of one core (${o.idle} s, median of ${o.reps})`,
      node: `${fmt(idleNode, 2)} (idle timer)`,
      ink: `${fmt(idleHello, 2)}`,
      app: has(idleApp) ? `${fmt(idleApp, 2)}` : 'n/a',
      target: '< 1',
      ok: has(idleApp) ? idleApp < 1 : false,
      spread: `app ${range(col('app', (x) => x.idleCpuPct), 2)}; schedstat ${fmt(median(col('app', (x) => x.idleCpuSchedPct)), 3)}`,
    },
  ];

  const table = [
    ['Metric', 'bare Node', 'bare Ink hello', 'luudong', 'Target', 'Result'],
    ...rows.map((r) => [r.metric, r.node, r.ink, r.app, r.target, verdict(r.ok)]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => [...r[c]].length)));
  const text = table.map((r, i) => r.map((c, j) => c.padEnd(widths[j])).join('  ') + (i === 0 ? '\n' + widths.map((w) => '-'.repeat(w)).join('  ') : '')).join('\n');
  const md = ['| ' + table[0].join(' | ') + ' |', '|' + table[0].map(() => '---').join('|') + '|', ...table.slice(1).map((r) => '| ' + r.map((c, j) => (j === 5 ? `**${c}**` : c)).join(' | ') + ' |')].join('\n');

  const bi = dbs.bigInfo;
  const diagLines = [
    `- App time to alternate screen (module load + openApp, before the first render): median ${fmt(median(col('app', (x) => x.altScreenMs)))} ms on the year database; ${fmt(median(small.map((x) => x.altScreenMs)))} ms on a database holding only the open trip.`,
    `- CPU time used until the first frame (run time of the process's threads, little moved by others' load): median ${fmt(median(col('hello', (x) => x.ttffCpuMs)))} ms bare Ink hello, ${fmt(median(col('app', (x) => x.ttffCpuMs)))} ms luudong${low && !low.error ? `; in the low-spec run ${fmt(median(low.helloCpu ?? []))} / ${fmt(median(low.appCpu ?? []))} ms` : ''}.`,
    `- App time to first frame on the open-trip-only database: median ${fmt(median(small.map((x) => x.ttffMs)))} ms (${range(small.map((x) => x.ttffMs))}); VmHWM at first frame ${fmt(mib(median(small.map((x) => x.hwmKb))), 1)} MiB vs ${fmt(mib(median(col('app', (x) => x.firstFrameHwmKb))), 1)} MiB on the year database.`,
    `- PRAGMA quick_check on the year database (${fmt(bi.bytes / 2 ** 20, 1)} MiB), in-process: ${fmt(diag.big.quickCheckRwMs)} ms on a read-write connection, ${fmt(diag.big.quickCheckRoMs)} ms read-only, ${fmt(diag.big.quickCheckIgnoreChecksMs)} ms read-write with ignore_check_constraints - a read-only connection skips the CHECK constraints (queue_events.type IN (...) on every row), which is most of the cost. Small database: ${fmt(diag.small.quickCheckRwMs, 1)} ms. Loading the open trip's events: ${fmt(diag.big.openTripLoadMs, 2)} ms vs ${fmt(diag.small.openTripLoadMs, 2)} ms.`,
    lat
      ? `- Burst typing (next key as soon as the frame is out, no pause): p50 / p95 / max ${fmt(pct(burst, 50), 1)} / ${fmt(pct(burst, 95), 1)} / ${fmt(Math.max(...sorted(burst)), 1)} ms - Ink throttles renders to maxFps${maxFps(APP.root)}, so a key within that window of the last frame waits for it.`
      : '- Latency session failed.',
    lat
      ? `- Latency by key (p50 / p95 ms): ${KEY_CYCLE.map((k) => {
          const xs = lat.paced.out.filter((x) => x.key === k.name).map((x) => x.frameMs);
          return `${k.name} ${fmt(pct(xs, 50), 1)} / ${fmt(pct(xs, 95), 1)}`;
        }).join('; ')}; bytes written per frame: median ${fmt(median(lat.paced.out.map((x) => x.bytes)))}; unrelated frames passed over (e.g. the clock): ${lat.paced.out.reduce((a, x) => a + (x.skipped ?? 0), 0)}.`
      : '',
    lat ? `- Frames that cleared and redrew the whole screen in the latency session: ${lat.clearFrames} (Ink does this for every frame whose output is as tall as the terminal).` : '',
    quits.length
      ? `- Clean quit (q, y: the app checks the file, folds the WAL in, leaves its mark): median ${fmt(median(quits.map((x) => x.quitMs)))} ms from the key to exit; ${quits.filter((x) => x.leftClean).length} of ${quits.length} quits left the clean-close mark${quits.some((x) => x.exitCode !== 0) ? `; exit codes ${quits.map((x) => x.exitCode).join(', ')}` : ''}.`
      : '',
    `- Output during the idle windows (app): ${col('app', (x) => x.idleChunks).join(', ')} chunks per ${o.idle} s.`,
    appErrors.length ? `- App errors: ${appErrors.map((e) => e.slice(0, 300)).join(' | ')}` : '',
  ].filter(Boolean);

  const raw = [
    `- node -e 0 wall ms: ${nodeBare.map((x) => fmt(x.wallMs)).join(', ')}; maxRSS MiB: ${nodeBare.map((x) => fmt(mib(x.maxRssKb), 1)).join(', ')}`,
    `- Ink hello TTFF ms: ${col('hello', (x) => fmt(x.ttffMs)).join(', ')}; VmHWM MiB: ${col('hello', (x) => fmt(mib(x.hwmKb), 1)).join(', ')}; idle CPU %: ${col('hello', (x) => fmt(x.idleCpuPct, 2)).join(', ')}`,
    `- luudong TTFF ms: ${col('app', (x) => fmt(x.ttffMs)).join(', ')}; VmHWM MiB: ${col('app', (x) => fmt(mib(x.hwmKb), 1)).join(', ')}; idle CPU %: ${col('app', (x) => fmt(x.idleCpuPct, 2)).join(', ')}`,
    `- luudong without the code cache (a clean start): TTFF ms: ${col('nocache', (x) => fmt(x.ttffMs)).join(', ')}`,
    `- luudong after an unclean exit: TTFF ms: ${col('unclean', (x) => fmt(x.ttffMs)).join(', ')}; VmHWM MiB: ${col('unclean', (x) => fmt(mib(x.hwmKb), 1)).join(', ')}; quit ms: ${col('unclean', (x) => fmt(x.quitMs)).join(', ')}`,
    ...(low && !low.error
      ? [
          `- low-spec (a third of a core): Ink hello TTFF ms: ${low.hello.map((x) => fmt(x)).join(', ')}; luudong TTFF ms: ${low.app.map((x) => fmt(x)).join(', ')}; luudong keys ms: ${low.keys.map((x) => fmt(x.frameMs, 1)).join(', ')}`,
          `- low-spec bare Ink keys ms: ${low.inkKeys.map((x) => fmt(x.frameMs, 1)).join(', ')}`,
        ]
      : []),
    `- luudong first key press after start (cold code), ms: ${col('app', (x) => (x.sessionKeys ? fmt(x.sessionKeys[0], 1) : undefined)).join(', ')}; the ${o.sessionKeys} keys of each start, median ${fmt(median(reps.flatMap((r) => r.app.sessionKeys ?? [])), 1)} ms`,
  ];

  const m2 = m;
  const header = [
    `Date: ${started.toISOString()} (took ${fmt(seconds)} s)`,
    `App: ${resolve(APP.root) !== resolve(ROOT) ? `${APP.root} ` : ''}${APP.nodeArgs.length ? `node ${APP.nodeArgs.join(' ')}, ` : ''}${APP.build}`,
    `Machine: ${m2.nproc} CPU × ${m2.model}${m2.mhz ? ` @ ${fmt(Number(m2.mhz))} MHz` : ''}, ${fmt(m2.memGiB, 1)} GiB RAM, Linux ${m2.kernel}, Node ${m2.node}`,
    `Dataset: ${bi.tickets.toLocaleString('en')} tickets, ${bi.events.toLocaleString('en')} queue events (${Object.entries(bi.byType).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}), ${bi.closedTrips} closed trips ${bi.firstDate} … plus the open trip of ${bi.lastDate} (${bi.openTickets} tickets: ${Object.entries(bi.openEvents).map(([k, v]) => `${k} ${v}`).join(', ')}); file ${fmt(bi.bytes / 2 ** 20, 1)} MiB (seed key ${dbs.key}${dbs.built ? `, seeded in ${fmt(dbs.seedMs / 1000, 1)} s` : ', cached'})`,
    `Background load on the machine during the idle windows (others' processes): median ${fmt(median(background), 1)}%, max ${fmt(Math.max(...sorted(background)), 1)}% of all CPUs${median(background) > 5 ? ' - WARNING: the machine was busy, figures are noisy; run again on a quiet machine' : ''}`,
    ...(o.note ? [`Note: ${o.note}`] : []),
    ...(o.lowSpec ? [`Low-spec run: every program (the app, a bare Ink hello for the first frame, a bare Ink app answering keys for the latency) started inside a cgroup v1 CPU group limited to ${LOW_SPEC_QUOTA.quotaUs} µs per ${LOW_SPEC_QUOTA.periodUs} µs (cpu.cfs_quota_us: a third of one core), by a shell that joins the group and execs the program; the app on a copy of the year database left clean outside the group (so only the measured start is slowed); keys Tab / ? / Esc, each after ${o.gap * 2} ms of quiet.`] : []),
    `Method: pseudo-terminal 80×24 (bench/lib/ptyrun.py, timestamps at the pty), CI variables removed, TZ=${process.env.TZ}. Each repetition copies the database afresh, starts the app on it and quits with q, y (as a day ends: the app checks the file and leaves its clean-close mark), then starts it again: that second start is the measured "normal morning"; the first one is reported as the start after an unclean exit (it checks the file in the background). Time to first frame = spawn to the end (ESU) of the first frame showing the key bar/header ("Hello" for the baseline). Peak RSS = VmHWM of the node process after first frame, ${o.sessionKeys} key presses and the idle window. Latency = write of a key into the pty to the end of the frame answering it (keys cycle Tab / ? / Esc, each after ${o.gap} ms of quiet). Idle CPU = utime+stime over the idle window, which starts once the processes have stopped using CPU (up to 8 s).`,
  ];
  return { text, md, rows, header, diagLines, raw };
}

// ---- main --------------------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = new Date();
  const t0 = performance.now();
  APP = { root: o.appRoot, nodeArgs: o.appNodeArgs, build: buildInfo(o.appRoot) };
  const variant = resolve(APP.root) !== resolve(ROOT) || APP.nodeArgs.length > 0;
  if (variant) o.write = false; // RESULTS.md is for the app as it is in this checkout
  checkBuild(APP.root);
  const env = childEnv();
  const m = machine();
  log(`bench: ${m.nproc} × ${m.model}, Node ${m.node}; reps ${o.reps}, idle ${o.idle} s, keys ${o.keys}`);
  if (variant) log(`bench: measuring the app at ${APP.root} with node ${APP.nodeArgs.join(' ') || '(no options)'}; not writing RESULTS.md`);

  const dbs = prepareDatabases(OUT, env, (s) => log(`bench: ${s}`));
  const bi = dbs.bigInfo;
  if (bi.openRows !== 1 || bi.trips !== SEED.closedTrips + 1 || bi.tickets !== SEED.tickets + SEED.openTickets) {
    throw new Error(`seeded database is not as expected: ${JSON.stringify(bi)}`);
  }
  // the app itself must agree on the open trip
  const shown = JSON.parse(execFileSync('node', [...APP.nodeArgs, join(APP.root, 'bin/luudong.js'), '--db', dbs.big, '--json', 'trip', 'show'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 }));
  if (shown?.trip?.id !== bi.openTrip.id) throw new Error(`the app does not see open trip ${bi.openTrip.id}: ${JSON.stringify(shown).slice(0, 300)}`);
  log(`bench: database ready (${bi.tickets.toLocaleString('en')} tickets, ${bi.events.toLocaleString('en')} events, ${(bi.bytes / 2 ** 20).toFixed(1)} MiB; ${dbs.built ? 'seeded' : 'cached'})`);

  log('bench: bare node ...');
  const nodeBare = await measureNodeBare(env, o.reps);

  const reps = [];
  let appFailures = 0;
  for (let i = 0; i < o.reps; i++) {
    const rec = await repetition(i, env, dbs, o, () => appFailures >= 2);
    if (rec.app.error) appFailures++;
    reps.push(rec);
    log(
      `bench: rep ${i + 1}/${o.reps}: first frame Ink ${fmt(rec.hello.ttffMs)} ms, app ${fmt(rec.app.ttffMs)} ms (unclean start ${fmt(rec.unclean?.ttffMs)} ms); VmHWM Ink ${fmt(mib(rec.hello.hwmKb), 1)} MiB, app ${fmt(mib(rec.app.hwmKb), 1)} MiB; idle CPU Ink ${fmt(rec.hello.idleCpuPct, 2)}%, app ${fmt(rec.app.idleCpuPct, 2)}%${rec.app.error ? `; app error: ${rec.app.error.slice(0, 200)}` : ''}`,
    );
  }

  let lat;
  if (appFailures < 2) {
    log(`bench: latency, ${o.keys} key presses + a burst of ${o.burst} ...`);
    try {
      lat = await measureLatency(env, dbs, o);
    } catch (e) {
      log(`bench: latency session failed: ${e.message}`);
    }
  }
  let low;
  if (o.lowSpec && appFailures < 2) {
    log(`bench: low-spec run (a third of a core), ${o.lowSpecReps} starts and ${o.lowSpecKeys} key presses ...`);
    try {
      low = await measureLowSpec(env, dbs, o);
      if (low.error) log(`bench: low-spec run skipped: ${low.error}`);
    } catch (e) {
      log(`bench: low-spec run failed: ${e.message}`);
      low = { error: `failed: ${e.message}` };
    }
  }
  log('bench: diagnostics ...');
  const small = appFailures < 2 ? await measureSmallDb(env, dbs, Math.min(o.reps, 5)).catch((e) => (log(`bench: small-db run failed: ${e.message}`), [])) : [];
  const diag = dbDiagnostics(dbs);

  const seconds = (performance.now() - t0) / 1000;
  const buildAfter = buildInfo(APP.root);
  if (buildAfter !== APP.build) {
    log(`bench: WARNING the app changed during the run (${buildAfter}): figures may mix builds; run again`);
    APP.build += ` - WARNING: changed during the run (now ${buildAfter}), figures may mix builds`;
  }
  const r = buildReport({ o, m, dbs, started, seconds, nodeBare, reps, lat, small, diag, low });
  console.log('\n' + r.header.join('\n') + '\n\n' + r.text + '\n\nDiagnostics:\n' + r.diagLines.join('\n') + '\n');
  const failed = r.rows.filter((x) => x.ok === false);
  process.exitCode = failed.length ? 1 : 0;
  console.log(failed.length ? `FAIL: ${failed.length} of ${r.rows.length} targets missed (${failed.map((x) => x.metric.split(',')[0]).join('; ')})` : `PASS: all ${r.rows.length} targets met`);

  if (o.write) {
    const md = [
      '# Benchmark results',
      '',
      'How to run: `npm run bench` (builds, then `node bench/run.mjs`; `--quick` for a short run, `--help` for options). This file is overwritten by every run, except the dossier and printing sections, which `node bench/dossiers.mjs` and `node bench/printing.mjs` (both run by `npm run bench`) rewrite.',
      '',
      ...r.header.map((l) => `- ${l}`),
      '',
      r.md,
      '',
      `Spread (min–max over repetitions): ${r.rows.map((x) => `${x.metric.split(',')[0]}: ${x.spread}`).join('; ')}.`,
      '',
      '## Diagnostics',
      '',
      ...r.diagLines,
      '',
      '## Raw figures per repetition',
      '',
      ...r.raw,
      '',
    ].join('\n');
    // Keep the sections the other benches write (bench/dossiers.mjs, bench/printing.mjs), between their markers.
    const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
    const kept = [...old.matchAll(/<!-- (\w+):start -->[\s\S]*?<!-- \1:end -->/g)].map((m) => m[0]);
    writeFileSync(RESULTS, kept.length ? `${md.trimEnd()}\n\n${kept.join('\n\n')}\n` : md);
    log(`bench: wrote ${relative(ROOT, RESULTS)}`);
  }
  for (const f of [dbs.big, dbs.small]) for (const ext of ['', '-wal', '-shm', '.checked']) rmSync(f.replace(/\.db$/, '') + '-run.db' + ext, { force: true });
}

main().then(
  () => {
    killAllSessions();
    process.exit(process.exitCode ?? 0); // 1 when a target was missed
  },
  (e) => {
    killAllSessions();
    process.stderr.write(`bench: harness error: ${e?.stack ?? e}\n`);
    process.exit(2);
  },
);
