#!/usr/bin/env node
// After `stryker run` (npm run mutate): the mutation score of src/core and every surviving mutant,
// written to bench/MUTATION.md, and the headline to bench/RESULTS.md (its "mutation" section).
//
// A survivor is a change to the code that no test noticed. Each one must be killed by a test or
// explained as equivalent (the program behaves the same, so no test can tell) in
// bench/mutation-equivalent.json (and bench/mutation-equivalent/*.json, one per batch, so that
// engineers explaining different batches at once never edit the same file), matched by file,
// mutator, the original code and its replacement
// (not by line, which moves). Exit code 1 when the score is under the target or a survivor is
// neither killed nor explained; 2 when there is no report to read.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine, writeSection } from '../bench/lib/results.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPORTS = join(ROOT, 'reports/stryker');
const EQUIVALENT = join(ROOT, 'bench/mutation-equivalent.json');
const OUT = join(ROOT, 'bench/MUTATION.md');
const TARGET = 85;

// The batches of scripts/mutate.mjs, each its own Stryker report (an unbatched `npx stryker run` writes all.json).
const names = existsSync(REPORTS) ? readdirSync(REPORTS).filter((f) => f.endsWith('.json') && !f.endsWith('.incremental.json') && !f.endsWith('.meta.json')) : [];
if (names.length === 0) {
  console.error('mutation-report: no report in reports/stryker/; run npm run mutate first');
  process.exit(2);
}
const report = { files: {} };
const batches = [];
/** Files whose code changed after the batch that measured them ran: file -> batch. */
const changedSince = new Map();
// A batch's report can also carry files of an older batch's definition, with their results of
// then (Stryker keeps what its incremental file held): a file is taken from the batch that lists
// it, and from another only while no batch that lists it has run.
const owned = new Set();
// Files a batch that ran listed but in which Stryker found nothing to change (types only, a
// re-export): it writes no entry for them, so they are counted as run, with no mutant, and named.
const listedByRun = new Set();
const listed = (files, name) => files.some((g) => g === name || (g.endsWith('/*.ts') && name.startsWith(g.slice(0, -4)) && !name.slice(g.length - 4).includes('/')));
for (const f of names.sort()) {
  const metaFile = join(REPORTS, f.replace(/\.json$/, '.meta.json'));
  const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : { batch: f.replace(/\.json$/, ''), commit: '?', finished: '?' };
  for (const g of Array.isArray(meta.files) ? meta.files : []) if (!g.includes('*')) listedByRun.add(g);
  for (const [path, file] of Object.entries(JSON.parse(readFileSync(join(REPORTS, f), 'utf8')).files)) {
    const own = Array.isArray(meta.files) && listed(meta.files, path.replace(/^.*?(src\/core\/)/, '$1'));
    if (own) owned.add(path);
    else if (owned.has(path) || path in report.files) continue;
    report.files[path] = file;
    // A file measured as it was when the batch ran: if it has changed since, its figures are of code
    // that is no longer there.
    const rel = path.replace(/^.*?(src\/core\/)/, '$1');
    const now = existsSync(join(ROOT, rel)) ? readFileSync(join(ROOT, rel), 'utf8') : null;
    if (now !== file.source) changedSince.set(rel, meta.batch);
    else changedSince.delete(rel);
  }
  batches.push(`${meta.batch} (code ${meta.commit}${meta.dirty ? ' with uncommitted changes' : ''}, finished ${meta.finished}${Array.isArray(meta.tests) ? `; only the tests ${meta.tests.join(', ')}` : ''})`);
}
const outdated = [...changedSince].sort().map(([f, b]) => `${f.replace(/^src\/core\//, '')} (batch ${b})`);
const notRun = (() => {
  const all = [];
  const walk = (d) => {
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true })) e.isDirectory() ? walk(`${d}/${e.name}`) : e.name.endsWith('.ts') && all.push(`${d}/${e.name}`);
  };
  walk('src/core');
  const done = new Set(Object.keys(report.files).map((p) => p.replace(/^.*?(src\/core\/)/, '$1')));
  return all.filter((f) => !done.has(f) && !listedByRun.has(f)).sort();
})();
const inReport = new Set(Object.keys(report.files).map((p) => p.replace(/^.*?(src\/core\/)/, '$1')));
const noMutant = [...listedByRun].filter((f) => !inReport.has(f) && existsSync(join(ROOT, f))).sort();
/** @type {{ file: string, line?: number | number[], mutator: string, original: string, replacement: string, why: string }[]} */
const EQUIVALENT_DIR = join(ROOT, 'bench/mutation-equivalent');
const equivalent = [EQUIVALENT, ...(existsSync(EQUIVALENT_DIR) ? readdirSync(EQUIVALENT_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(EQUIVALENT_DIR, f)) : [])]
  .filter((f) => existsSync(f))
  .flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).mutants);

/** The source text a location covers (lines and columns from 1, end exclusive). */
function textAt(source, { start, end }) {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}
const oneLine = (s) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 110 ? `${t.slice(0, 107)}…` : t;
};
const cell = (s) => oneLine(s).replace(/\|/g, '\\|').replace(/`/g, 'ˋ');

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const rows = [];
const survivors = [];
const used = new Set();
const total = { mutants: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, compileError: 0, runtimeError: 0, ignored: 0, equivalent: 0 };
const key = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage', CompileError: 'compileError', RuntimeError: 'runtimeError', Ignored: 'ignored' };

for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const name = relative(ROOT, join(ROOT, path)).replace(/^.*?(src\/core\/)/, '$1');
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, compileError: 0, runtimeError: 0, ignored: 0, equivalent: 0 };
  const signatures = new Map();
  for (const m of file.mutants) {
    const sig = `${m.mutatorName}\0${textAt(file.source, m.location)}\0${m.replacement ?? ''}`;
    signatures.set(sig, (signatures.get(sig) ?? 0) + 1);
  }
  for (const m of file.mutants) {
    total.mutants++;
    c[key[m.status]]++;
    total[key[m.status]]++;
    if (m.status === 'Ignored' && /static/i.test(m.statusReason ?? '')) total.static = (total.static ?? 0) + 1;
    if (!UNDETECTED.has(m.status)) continue;
    const original = textAt(file.source, m.location);
    const sig = `${m.mutatorName}\0${original}\0${m.replacement ?? ''}`;
    // An explanation is for one mutant: where the same change can be made in several places of the
    // file (a '0' -> "" at three lines), the entry must name its line, or it would also explain
    // the others, which may well be real gaps (`line`: a number, or a list when one reason covers
    // the same change at several lines).
    const why = equivalent.findIndex(
      (e) =>
        e.file === name &&
        e.mutator === m.mutatorName &&
        e.original === original &&
        e.replacement === (m.replacement ?? '') &&
        (e.line === undefined ? (signatures.get(sig) ?? 0) === 1 : [e.line].flat().includes(m.location.start.line)),
    );
    if (why >= 0) {
      used.add(why);
      c.equivalent++;
      total.equivalent++;
    }
    survivors.push({ file: name, line: m.location.start.line, mutator: m.mutatorName, status: m.status, original, replacement: m.replacement ?? '', why: why >= 0 ? equivalent[why].why : null });
  }
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage;
  rows.push({ name, c, detected, valid });
}

const score = (detected, valid) => (valid === 0 ? 100 : (100 * detected) / valid);
const detectedAll = total.killed + total.timeout;
const validAll = detectedAll + total.survived + total.noCoverage;
const overall = score(detectedAll, validAll);
// Equivalent mutants cannot be killed by any test: the score without them, as Stryker's docs suggest reading it.
const overallEq = score(detectedAll, validAll - total.equivalent);
const unexplained = survivors.filter((s) => s.why === null);
const stale = equivalent.filter((_, i) => !used.has(i));
const commit = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd: ROOT, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src/core', 'tests'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
const stryker = JSON.parse(readFileSync(join(ROOT, 'node_modules/@stryker-mutator/core/package.json'), 'utf8')).version;
const pct = (x) => `${x.toFixed(1)}%`;
// The target is met by a score over the whole of src/core, each batch run on the code as it is, with
// every survivor killed or explained.
const verdict = notRun.length
  ? `INCOMPLETE: the score covers ${rows.length + noMutant.length} of ${rows.length + noMutant.length + notRun.length} files`
  : outdated.length
    ? `INCOMPLETE: to run again on the code as it is: ${outdated.join(', ')}`
    : overall < TARGET
      ? 'FAIL'
      : unexplained.length
        ? `FAIL: ${unexplained.length} survivors neither killed nor explained`
        : 'PASS';

const md = [
  '# Mutation testing of src/core',
  '',
  'How to run: `npm run mutate` (StrykerJS with the vitest runner and the TypeScript checker, `stryker.config.mjs`; the tests it runs: `vitest.mutate.config.ts`, the unit and property tests, property tests at a tenth of their runs). Run in batches of files (`scripts/mutate.mjs`), each incremental: a later run tests again only the mutants whose code or covering tests changed (`reports/stryker/`: committed with the figures of each batch, although `reports/` is ignored, so that this file can be rebuilt and the next run reuses them). A batch may run its own, named set of test files (`TESTS` in `scripts/mutate.mjs`, which says why): fewer for fees.ts, whose check runs on the whole catalogue at every load of the data, so that every test loading it covers each of its mutants (fewer tests can only lower a score); for escpos and form, the unit and property tests plus tests/integration/forms-golden.test.ts, which renders every thermal form at 58 and 80 mm and decodes it back, in-process. Its line under Batches names them. This file is rewritten by `scripts/mutation-report.mjs` after each run.',
  '',
  machineLine(ROOT),
  `- Batches (scripts/mutate.mjs): ${batches.join('; ')}`,
  ...(notRun.length ? [`- **Not in this report** (no batch run yet): ${notRun.join(', ')}`] : []),
  ...(noMutant.length ? [`- Run, with nothing to mutate (types and re-exports only): ${noMutant.join(', ')}`] : []),
  `- Code: ${commit}${dirty ? ' (with uncommitted changes in src/core or tests)' : ''}; StrykerJS ${stryker}`,
  `- Mutants: ${total.mutants} in ${rows.length} files: ${total.killed} killed, ${total.timeout} timed out, ${total.survived} survived, ${total.noCoverage} not covered, ${total.compileError} type errors (rejected by the TypeScript checker, not run), ${total.runtimeError} runtime errors, ${total.ignored} ignored${total.static ? ` (${total.static} of them static mutants: code run once when a module loads, tables and constants, left out of this run as each would run every related test; \`npm run mutate:static\` includes them)` : ''}`,
  `- **Mutation score: ${pct(overall)}** (detected / (detected + survived + not covered)); ${pct(overallEq)} counting the ${total.equivalent} equivalent mutants explained below as untestable. Target ≥ ${TARGET}%: **${verdict}**`,
  `- Survivors neither killed nor explained: ${unexplained.length}`,
  '',
  '| File | mutants | killed | timeout | survived | no cover | type errors | score | survivors explained as equivalent |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${Object.values(r.c).reduce((a, b) => a + b, 0) - r.c.equivalent} | ${r.c.killed} | ${r.c.timeout} | ${r.c.survived} | ${r.c.noCoverage} | ${r.c.compileError} | ${pct(score(r.detected, r.valid))} | ${r.c.equivalent} |`),
  '',
  '## Surviving mutants',
  '',
  'Each with why it is equivalent (no test can tell it from the original), from `bench/mutation-equivalent.json`; "NOT EXPLAINED" marks one a test should kill.',
  '',
  '| Where | Mutator | Original | Mutant | Why it survives |',
  '|---|---|---|---|---|',
  ...survivors.map((s) => `| ${s.file}:${s.line} | ${s.mutator}${s.status === 'NoCoverage' ? ' (no test covers it)' : ''} | \`${cell(s.original)}\` | \`${cell(s.replacement)}\` | ${s.why ? cell(s.why) : '**NOT EXPLAINED**'} |`),
  '',
].join('\n');
writeFileSync(OUT, md);
writeSection(ROOT, 'mutation', 'Mutation testing (npm run mutate)', [
  `- Batches: ${batches.join('; ')}; StrykerJS ${stryker}, ${total.mutants} mutants in ${rows.length} files${total.static ? ` (${total.static} static ones not run: see bench/MUTATION.md)` : ''}`,
  `- Per file: ${rows.map((r) => `${r.name.replace(/^src\/core\//, '')} ${pct(score(r.detected, r.valid))}`).join(', ')}`,
  ...(notRun.length ? [`- Files not run yet: ${notRun.length} of src/core: ${notRun.map((f) => f.replace(/^src\/core\//, '')).join(', ')}`] : []),
  `- **Mutation score ${pct(overall)}** (${pct(overallEq)} without the ${total.equivalent} equivalent mutants); target ≥ ${TARGET}%: **${verdict}**; survivors not explained: ${unexplained.length}. Every survivor, and why: bench/MUTATION.md.`,
]);
console.log(`mutation score ${pct(overall)} (${detectedAll}/${validAll}), ${survivors.length} survivors, ${unexplained.length} not explained; wrote ${relative(ROOT, OUT)}`);
for (const s of unexplained) console.log(`  NOT EXPLAINED ${s.file}:${s.line} ${s.mutator}: ${oneLine(s.original)} -> ${oneLine(s.replacement)}`);
for (const e of stale) console.log(`  (no longer needed: the explanation of ${e.file} ${e.mutator} ${oneLine(e.original)} -> ${oneLine(e.replacement)})`);
if (notRun.length) console.log(`  not run yet: ${notRun.join(', ')}`);
if (outdated.length) console.log(`  to run again: ${outdated.join(', ')}`);
process.exit(overall >= TARGET && unexplained.length === 0 && notRun.length === 0 && outdated.length === 0 ? 0 : 1);
