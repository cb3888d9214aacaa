#!/usr/bin/env node
// Several laptops on one hub (issue 16): a hub process and four workstation processes on loopback,
// each workstation with a screen's and a board's link. Measures, beside the single-laptop figures:
// - call-next from a workstation: the round trip of the call (what a key adds over the screen's own
//   key→frame, which bench/run.mjs measures), p50/p95;
// - a change showing at the other workstations: from the start of the issuing call at one to the
//   push's arrival at each of the three others, p50/p95;
// - the hub's memory: VmRSS/VmHWM headless with no workstation, then with four linked and working;
// - key→frame of call-next (F3) and finish (F6) on a workstation's counter screen (`--hub`, in an
//   80x24 pseudo-terminal), beside the same keys on a counter screen on the hub laptop's own file,
//   in the same run.
// With --baseline REF: the workstation's screen keys are also timed on the app as it was at REF
// (a copy of the tree at REF, built there), in the same run, alternating with this build's, beside the
// machine's load average.
// Writes the "hub" section of bench/RESULTS.md. The machine is shared with other engineers' work:
// figures are disturbed by their load (the CPU time columns are less so).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { writeSection } from './lib/results.mjs';
import { PtySession } from './lib/pty.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/luudong.js');
const quick = process.argv.includes('--quick');
const N = quick ? 60 : 300;
const dir = mkdtempSync(join(tmpdir(), 'luudong-bench-hub-'));
const db = join(dir, 'hub', 'bus.db');
const env = { ...process.env, TZ: 'Asia/Ho_Chi_Minh', LUUDONG_LANG: 'vi' };
const cli = (file, args, extra = {}) => {
  const r = spawnSync(process.execPath, [BIN, '--db', file, ...args], { encoding: 'utf8', env: { ...env, ...extra } });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const status = (pid) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
};
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
// The app as it was at --baseline REF, built beside this one (its own worktree, the same node_modules).
const baseAt = process.argv.indexOf('--baseline');
const baseRef = baseAt > 0 ? process.argv[baseAt + 1] : undefined;
let baseBin;
let baseTree;
let baseName = '';
if (baseRef) {
  baseTree = join(dir, 'baseline');
  // A copy of the tree at REF (git archive: nothing added to the repository's own worktrees).
  mkdirSync(baseTree, { recursive: true });
  const added = spawnSync('sh', ['-c', `git archive --format=tar "$1" | tar -x -C "$2"`, 'sh', baseRef, baseTree], { cwd: ROOT, encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`git archive ${baseRef}: ${added.stderr}`);
  baseName = spawnSync('git', ['log', '-1', '--format=%h', baseRef], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  symlinkSync(join(ROOT, 'node_modules'), join(baseTree, 'node_modules'));
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: baseTree, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('baseline build failed');
  baseBin = join(baseTree, 'bin/luudong.js');
}
const load0 = loadavg();
cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--counter', '2=*']);

// the hub
const hub = spawn(process.execPath, [BIN, '--db', db, '--json', 'hub', 'serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
const port = await new Promise((res) => hub.stdout.on('data', (b) => res(JSON.parse(b.toString().split('\n')[0]).listening.split(':')[1])));
await sleep(1500);
const alone = status(hub.pid);

// four workstations, paired as an operator pairs them
const outdir = join(ROOT, 'bench/out', `hub-${process.pid}`);
await build({
  entryPoints: { 'hub-client': join(ROOT, 'bench/lib/hub-client.ts'), 'hub-link': join(ROOT, 'src/hub/linkWorker.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'serialport', 'pdfkit', 'node-hid'],
  logLevel: 'error',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const clients = [];
for (let i = 1; i <= 4; i++) {
  const wsDir = join(dir, `ws${i}`);
  const code = JSON.parse(cli(db, ['--json', 'hub', 'pair'])).code;
  cli(join(wsDir, 'station.db'), ['hub', 'join', `127.0.0.1:${port}`], { LUUDONG_PAIR_CODE: code });
  const p = spawn(process.execPath, [join(outdir, 'hub-client.mjs'), wsDir], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  let buf = '';
  p.stdout.on('data', (b) => {
    buf += b.toString();
    let k;
    while ((k = buf.indexOf('\n')) >= 0) {
      const o = JSON.parse(buf.slice(0, k));
      buf = buf.slice(k + 1);
      lines.push(o);
      for (const w of [...waiters]) if (w.test(o)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(o));
    }
  });
  const wait = (test) => new Promise((r) => {
    const found = lines.find(test);
    if (found) return r(found);
    waiters.push({ test, resolve: r });
  });
  const send = (o) => p.stdin.write(JSON.stringify(o) + '\n');
  await wait((o) => o.ready);
  clients.push({ p, lines, wait, send });
}

// a change at one shows at the others: ws1 issues, ws2..4 watch
for (const c of clients.slice(1)) {
  c.send({ do: 'watch' });
  await c.wait((o) => o.watching);
}
const hubCpu0 = cpuMs(hub.pid);
clients[0].send({ do: 'issue', n: N, gapMs: 20 });
const issued = (await clients[0].wait((o) => o.issued)).issued;
await sleep(500);
const pushMs = [];
for (const c of clients.slice(1)) {
  const arrivals = new Map(c.lines.filter((o) => o.push).map((o) => [o.push, o.at]));
  for (const s of issued) if (arrivals.has(s.label)) pushMs.push(arrivals.get(s.label) - s.at);
}
const missing = issued.length * 3 - pushMs.length;

// key→frame on a counter screen: F3 calls the next ticket, F6 finishes it; on a workstation through
// the hub (counter 1), and on the hub laptop's own file (counter 2), one after the other
const K = quick ? 10 : 30;
const screenEnv = { ...env, TERM: 'xterm-256color' };
for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) delete screenEnv[k];
/** CPU time (ms) the screens' processes spent on their keys, by name: less disturbed by others' load than the frame times. */
const screenCpu = new Map();
async function screenKeys(name, argv, counterKey, keys = K) {
  const s = new PtySession(name, argv, { cols: 80, rows: 24, env: screenEnv, cwd: ROOT });
  const out = [];
  let cpu0 = 0;
  try {
    await s.started();
    await s.firstFrame(['F1', 'Quầy'], 30_000);
    await s.quiet(300, 10_000);
    if (counterKey) {
      await s.key(counterKey, { timeoutMs: 3_000, expect: 'Quầy' });
      await s.quiet(200, 5_000);
    }
    cpu0 = cpuMs(s.pid);
    for (let i = 0; i < keys; i++) {
      for (const [bytes, expect] of [['\x1bOR', 'Mời số'], ['\x1b[17~', 'Đã xong']]) {
        await s.quiet(60, 5_000);
        out.push((await s.key(bytes, { timeoutMs: 3_000, expect })).frameMs);
      }
    }
    await s.quiet(200, 5_000);
    const tag = name.replace(/ at .*/, ' (before)');
    const prev = screenCpu.get(tag) ?? { ms: 0, keys: 0 };
    screenCpu.set(tag, { ms: prev.ms + cpuMs(s.pid) - cpu0, keys: prev.keys + 2 * keys });
  } finally {
    await s.close();
  }
  return out;
}
const screensCpu0 = cpuMs(hub.pid);
const wsArgs = (bin) => [process.execPath, bin, '--db', join(dir, 'ws2', 'station.db'), '--hub', `127.0.0.1:${port}`];
const wsKeys = [];
const baseKeys = [];
if (baseBin) {
  // Before and after alternately, half the keys each time, so that the others' load falls on both.
  for (let round = 0; round < 2; round++) {
    baseKeys.push(...(await screenKeys(`workstation screen at ${baseName}`, wsArgs(baseBin), null, K / 2)));
    wsKeys.push(...(await screenKeys('workstation screen', wsArgs(BIN), null, K / 2)));
  }
} else {
  wsKeys.push(...(await screenKeys('workstation screen', wsArgs(BIN), null)));
}
const localKeys = await screenKeys('hub laptop screen', [process.execPath, BIN, '--db', db], '2');
const screensCpu = cpuMs(hub.pid) - screensCpu0;

// call-next from a workstation: the call's round trip (then finish, as the desk does)
clients[1].send({ do: 'call', n: Math.min(N - (baseBin ? 3 : 2) * K, 200), counter: 1 });
const callMs = (await clients[1].wait((o) => o.call)).call;
// the screens' keys are not the clients' work
const hubCpu = cpuMs(hub.pid) - hubCpu0 - screensCpu;
await sleep(1000);
const linked = status(hub.pid);

for (const c of clients) c.send({ do: 'quit' });
hub.kill('SIGTERM');
await sleep(1500);
const load1 = loadavg();
rmSync(outdir, { recursive: true, force: true });
rmSync(dir, { recursive: true, force: true });

const f = (x) => x.toFixed(1);
const rows = [
  `| Call-next from a workstation: the call's round trip, p50 / p95 / max, ms (${callMs.length} calls) | ${f(pct(callMs, 50))} / ${f(pct(callMs, 95))} / ${f(Math.max(...callMs))} | key→frame on a single laptop, control keys: see the first table (p95 12.2 ms); the two add up to a workstation's key→frame | p95 call + p95 single-laptop frame ≤ 30 | ${pct(callMs, 95) + 12.2 <= 30 ? '**PASS**' : '**FAIL**'} |`,
  `| A change at one workstation showing at the three others: issuing call's start → push folded there, p50 / p95 / max, ms (${pushMs.length} arrivals${missing ? `, ${missing} missing` : ''}) | ${f(pct(pushMs, 50))} / ${f(pct(pushMs, 95))} / ${f(Math.max(...pushMs))} | – | p95 ≤ 200, none missing | ${pct(pushMs, 95) <= 200 && missing === 0 ? '**PASS**' : '**FAIL**'} |`,
  `| Hub memory, VmRSS / VmHWM, MiB: headless, no workstation → four linked (8 links) after ${N} issues and ${callMs.length} calls | ${f(alone.rss)} / ${f(alone.hwm)} → ${f(linked.rss)} / ${f(linked.hwm)} | the counter screen alone: peak 81.2 MiB (first table) | growth ≤ 30 | ${linked.hwm - alone.hwm <= 30 ? '**PASS**' : '**FAIL**'} (+${f(linked.hwm - alone.hwm)}) |`,
  `| Call-next (F3) and finish (F6) on a workstation's counter screen (--hub): key→frame, p50 / p95 / max, ms (${wsKeys.length} keys) | ${f(pct(wsKeys, 50))} / ${f(pct(wsKeys, 95))} / ${f(Math.max(...wsKeys))} | the same keys on the hub laptop's own screen, same run: ${f(pct(localKeys, 50))} / ${f(pct(localKeys, 95))} / ${f(Math.max(...localKeys))} | p95 ≤ 30 | ${pct(wsKeys, 95) <= 30 ? '**PASS**' : '**FAIL**'} |`,
  ...(baseBin
    ? [`| The same keys on a workstation's screen built at ${baseName} (before), alternating with this build's in the same run: key→frame, p50 / p95 / max, ms (${baseKeys.length} keys) | ${f(pct(baseKeys, 50))} / ${f(pct(baseKeys, 95))} / ${f(Math.max(...baseKeys))} | – | – | this build: p50 ${f(pct(wsKeys, 50))}, p95 ${f(pct(wsKeys, 95))} |`]
    : []),
  ...[...screenCpu].map(([name, c]) => `| CPU time of the ${name} process per key (screen and its link's thread), ms (${c.keys} keys) | ${f(c.ms / c.keys)} | – | – | – |`),
  `| Hub CPU time for those ${N} issues and ${callMs.length} call+finish pairs, ms | ${f(hubCpu)} | – | – | – |`,
];
const loadLine = `- Load average (1/5/15 min) at the start: ${load0.map(f).join(' / ')}; at the end: ${load1.map(f).join(' / ')} (2 CPUs).`;
writeSection(ROOT, 'hub', 'Several laptops, one hub (bench/hub.mjs)', [
  '- Method: a hub process (`luudong hub serve`) and four workstation processes on loopback, each paired with `hub pair`/`hub join` and holding two links (a screen\'s and a board\'s, bench/lib/hub-client.ts). One workstation issues tickets 20 ms apart while the three others time the arrival of each push; then one calls the next ticket and finishes it, repeatedly. Clocks: all processes on one machine (performance.timeOrigin + now()).',
  '- **The machine is shared** with other engineers\' builds and tests: these figures include their load; re-measure on a quiet machine before judging a regression.',
  loadLine,
  ...(baseBin ? [`- Before and after: the workstation screen's keys were timed on this build and on the app at ${baseName} (\`--baseline ${baseRef}\`), built from a copy of that tree, alternately in two rounds against the same hub; the CPU-time rows are the screens' processes' own (utime + stime), less disturbed by the others' load than the frame times.`] : []),
  '',
  '| Measure | Figure | Single laptop | Target | Result |',
  '|---|---|---|---|---|',
  ...rows,
]);
console.log(rows.join('\n'));
// A missed target exits 1, as every bench does (bench/all.mjs gives the verdict).
process.exit(rows.some((r) => r.includes('**FAIL**')) ? 1 : 0);
