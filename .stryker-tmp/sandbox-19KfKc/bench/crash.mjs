#!/usr/bin/env node
// @ts-nocheck
// Crash benchmark (issue 7): the harness of tests/reliability/crash.test.ts run longer. The counter
// process (receipts with their slips printed to a `file` printer) and the A4 worker are SIGKILLed at
// random moments and started again until 5,000 receipts have been acknowledged; then every promise
// of tests/reliability/lib/crash-verify.ts is checked. Figures go to bench/RESULTS.md.
//
//   node bench/crash.mjs [--receipts N] [--seed S] [--no-write]
process.env.TZ ||= 'Asia/Ho_Chi_Minh';

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHarness } from './lib/reliability.mjs';
import { writeSection } from './lib/results.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const RECEIPTS = opt('--receipts', 5000);
const SEED = opt('--seed', 2026);

const { crashHarness } = await loadHarness(ROOT, 'crash-harness');

const dir = mkdtempSync(join(tmpdir(), 'luudong-crash-bench-'));
const fsType = execFileSync('df', ['--output=fstype', dir], { encoding: 'utf8' }).trim().split('\n').at(-1);
const run = await crashHarness({ root: ROOT, dir, receipts: RECEIPTS, seed: SEED, log: (l) => console.error(l) });
const lines = [
  `- Method: two processes on one database in ${tmpdir()} (${fsType}): the counter (ID-card QR → citizen, dossier received with its slip jobs in one transaction, "ACK <code>" written only after the commit, an in-process worker printing the thermal slips to a \`file\` printer, at most 2 slips waiting) and the worker of the A4 slip PDFs; each SIGKILLed 0–2 s (counter) or 0–6 s (A4 worker, at nice 10 as the counter screen runs it) after its start, at random (seed ${SEED}), and started again, until ${RECEIPTS.toLocaleString('en')} receipts were acknowledged; then one run printing what was left, and the checks of tests/reliability/lib/crash-verify.ts (integrity_check, every acknowledged code stored, codes of the day 1..N, each dossier with its slip jobs, each slip on paper once or marked interrupted, each stored PDF as recorded).`,
  '',
  '| Measure | Value |',
  '|---|---|',
  `| Processes started (counter + A4 worker) | ${run.counterRuns} + ${run.slowRuns} |`,
  `| Kills (SIGKILL) | ${run.kills} |`,
  `| Receipts acknowledged | ${run.acked} |`,
  `| Dossiers committed but not yet acknowledged when killed | ${run.unacked} |`,
  `| Thermal slips printed (done) / interrupted (of which on paper) | ${run.slips.done} / ${run.slips.interrupted} (${run.slips.interruptedCameOut}) |`,
  `| A4 PDFs stored / interrupted / still queued | ${run.a4.done} / ${run.a4.interrupted} / ${run.a4.queued} |`,
  `| Wall time | ${run.seconds.toFixed(1)} s (${(run.acked / run.seconds).toFixed(1)} receipts/s, restarts included) |`,
  `| Broken promises | ${run.problems.length === 0 ? '**none**' : run.problems.join('; ')} |`,
];
console.log(lines.slice(2).join('\n'));
if (run.problems.length === 0) rmSync(dir, { recursive: true, force: true });
else console.error(`kept for inspection: ${dir}`);
if (!argv.includes('--no-write')) writeSection(ROOT, 'crash', 'Crashes (bench/crash.mjs)', lines);
process.exitCode = run.problems.length === 0 ? 0 : 1;
