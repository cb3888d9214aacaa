#!/usr/bin/env node
// Concurrency benchmark (issue 7): the harness of tests/reliability/concurrency.test.ts for ten
// minutes of a simulated morning. The counter screen (tmux, driven with keys), the board (tmux),
// `luudong print-worker` and two CLI loops (a kiosk issuing tickets and receiving dossiers, a second
// desk calling, serving and receiving) on one database; no database error may reach anyone and
// every acknowledged action must be in the database at the end. Figures go to bench/RESULTS.md,
// with the wall time of each CLI command under this load (a Node start included).
//
//   node bench/concurrency.mjs [--seconds N] [--seed S] [--no-write]
process.env.TZ ||= 'Asia/Ho_Chi_Minh';

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHarness } from './lib/reliability.mjs';
import { writeSection } from './lib/results.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const SECONDS = opt('--seconds', 600);
const SEED = opt('--seed', 11);

if (!existsSync(join(ROOT, 'dist/luudong.cjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
const { concurrencyHarness } = await loadHarness(ROOT, 'concurrency-harness');

const dir = mkdtempSync(join(tmpdir(), 'luudong-load-bench-'));
const run = await concurrencyHarness({ root: ROOT, dir, seconds: SECONDS, seed: SEED, log: (l) => console.error(l) });
const order = ['queue issue', 'citizen parse-qr', 'dossier receive', 'queue call', 'queue start', 'queue finish'];
const cliRows = order.filter((k) => run.cli[k]).map((k) => `| \`luudong ${k}\` | ${run.cli[k].n} | ${run.cli[k].p50} | ${run.cli[k].p95} | ${run.cli[k].max} |`);
const lines = [
  `- Method: ${Math.round(SECONDS / 60)} minutes (seed ${SEED}) with, on one database: the counter screen as desk 1 in tmux (each cycle: F2 a ticket, F3 call, F5 start, H a dossier from a scanned ID card through its 7 steps, F6 finish), the board in tmux (read every 0.5 s), \`luudong print-worker\` beside the screen's own worker on a \`file\` printer, and two CLI loops without pause (a kiosk: a ticket, and every other time a citizen and a dossier; desk 2: call, start, a dossier with the ticket, finish). Checked throughout: every CLI exit code, stderr and JSON answer (the one refusal allowed: nobody waiting for desk 2), the two panes and the worker's log for any error text; at the end: every acknowledged ticket, call, start, finish and dossier in the database, every print job printed exactly once on paper, integrity_check.`,
  '',
  '| Measure | Value |',
  '|---|---|',
  `| Wall time | ${run.seconds.toFixed(0)} s |`,
  `| Counter screen cycles (ticket → call → dossier → finish) | ${run.tui.cycles} (${run.tui.received} dossiers received on screen) |`,
  `| Tickets / dossiers in the database | ${run.tickets} / ${run.dossiers} |`,
  `| Print jobs on paper (tickets and slips, each exactly once) | ${run.jobsPrinted} |`,
  `| Refusals "nobody waiting" at desk 2 (expected) | ${run.refusals} |`,
  `| Board captures read | ${run.boardCaptures} |`,
  `| Errors that reached a user, and actions lost | ${run.problems.length === 0 ? '**none**' : run.problems.map((p) => p.split('\n')[0]).join('; ')} |`,
  '',
  '| CLI command under load | runs | p50 ms | p95 ms | max ms |',
  '|---|---|---|---|---|',
  ...cliRows,
];
console.log(lines.slice(2).join('\n'));
if (run.problems.length === 0) rmSync(dir, { recursive: true, force: true });
else console.error(`kept for inspection: ${dir}\n${run.problems.join('\n\n')}`);
if (!argv.includes('--no-write')) writeSection(ROOT, 'concurrency', 'Concurrency (bench/concurrency.mjs)', lines);
process.exitCode = run.problems.length === 0 ? 0 : 1;
