#!/usr/bin/env node
// npm run mutate [-- BATCH...]: StrykerJS over src/core, one batch of files at a time, each with its
// own incremental file and JSON report under reports/stryker/, then scripts/mutation-report.mjs
// merges the reports into bench/MUTATION.md. A batch that finished is kept even if a later one is
// stopped; naming batches runs only those, in that order (the report then merges them with the
// others' last run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Small batches, so that each finishes in minutes on a loaded machine and is kept.
export const BATCHES = {
  citizen: ['src/core/citizen.ts', 'src/core/lifecycle.ts'],
  dossier: ['src/core/dossier.ts'],
  // receipt.ts alone: with the other three it was 820 mutants, over an hour at load 12.
  receipt: ['src/core/receipt.ts'],
  workingDays: ['src/core/calendar.ts', 'src/core/dossierFigures.ts'],
  vietqr: ['src/core/vietqr.ts'],
  procedures: ['src/core/procedures.ts'],
  base: ['src/core/auth.ts', 'src/core/bigtext.ts', 'src/core/errors.ts', 'src/core/stats.ts', 'src/core/text.ts', 'src/core/time.ts', 'src/core/trip.ts', 'src/core/check.ts', 'src/core/lang.ts'],
  wedge: ['src/core/scan/wedge.ts', 'src/core/scan/classify.ts', 'src/core/scan/config.ts'],
  hidpos: ['src/core/scan/hidpos.ts', 'src/core/scan/framing.ts'],
  escpos: ['src/core/print/escpos.ts', 'src/core/print/layout.ts', 'src/core/print/qr.ts'],
  form: ['src/core/print/form.ts', 'src/core/print/printer.ts'],
  raster: ['src/core/print/raster.ts', 'src/core/print/tcvn3.ts', 'src/core/print/status.ts'],
  queue: ['src/core/queue/rules.ts'],
  queueState: ['src/core/queue/state.ts', 'src/core/queue/figures.ts', 'src/core/queue/index.ts', 'src/core/queue/types.ts'],
  config: ['src/core/config.ts', 'src/core/office.ts', 'src/core/retention.ts', 'src/core/schedule.ts'],
  handover: ['src/core/handover.ts', 'src/core/officeUpdates.ts', 'src/core/csv.ts'],
  report: ['src/core/report.ts'],
  sms: ['src/core/sms/*.ts'],
  // fees.ts alone: its check of the catalogue runs in every test that loads the data (over two hours at
  // load 12 with all the tests): it runs against the test files named in TESTS below.
  fees: ['src/core/fees.ts'],
  cash: ['src/core/cash.ts'],
  calendar: ['src/core/lunar.ts', 'src/core/ics.ts', 'src/core/spoken.ts'],
  centre: ['src/core/sync.ts', 'src/core/rater.ts'],
  termqr: ['src/core/termqr.ts'],
};

// A batch that runs another, named set of test files instead of all unit and property tests
// (vitest.mutate.config.ts reads it from MUTATE_TESTS). Fewer tests can only lower a batch's score,
// never raise it; bench/MUTATION.md names the set beside the batch.
//
// fees: checkProcedures (procedures.ts) runs checkFee, and baseFee -> computeFee -> count, on every
// procedure of the catalogue, so every load of the data (loadDomainData, checkDomainData) runs
// nearly all of fees.ts: each test that loads the catalogue inside its body "covers" each fees
// mutant, and the module-level loads of the test files (procedures.test.ts, fees.test.ts and eight
// files that load the data for its provinces, calendar or service groups) make each mutant also
// "static", so Stryker cannot switch it on in a running test runner and reloads for every one
// (mutant-test-planner.js: no hot swap for a static mutant); the vitest runner re-imports each
// covered test file per mutant, module-level loads included. Tests that load the catalogue for
// another file's data (calendar-dossier.test.ts's holidays inside a test, and any other test file
// that loads it) can catch only a fees mutant that makes the real catalogue fail to load or change
// a fee, which procedures.test.ts (checkProcedures on the real file inside its tests) and
// fees.test.ts (the catalogue's fees against the circulars) catch too. The files that exercise
// fees.ts: fees.test.ts (computeFee, checkFee, baseFee, feeInputs), procedures.test.ts (a
// procedure's fee through checkProcedures, its refusals), receipt.test.ts (planReceipt's fee
// through computeFee), data-files.property.test.ts (hostile procedures.json refused at the bad fee).
//
// handover: handover.ts, officeUpdates.ts and csv.ts are reached from the app (trip papers, the
// bundle, an office's update file) and so from every test that drives a whole Luudong: with all the
// unit and property tests (tui-random-keys and terminal-safety render the app thousands of times) a
// mutant took about 20 s, 656 of them most of a working day on two cores. The tests written for
// them are the ones named: handover.test.ts and handover-*.test.ts (the bundle, its manifest, its files'
// names, signature and checks), centre-core.test.ts (the centre's reading of a bundle), csv-line-ends.test.ts and
// office-updates-*.test.ts, and the property tests of CSV, dates, office update files and the centre's
// ingest of hostile bundles.
//
// config: the checks of config.ts and office.ts run at every load of the data files, so, as for fees,
// every test that loads them covers each of their mutants (909 of them: over three hours at 10 a
// minute). The tests written for these four files: core-misc.test.ts (service groups, priority
// categories, queue rules), config-*.test.ts, office-names.test.ts, office-check-*.test.ts,
// office-services-*.test.ts, office-id.test.ts, retention.test.ts, retention-rules.test.ts,
// retention-anonymous.test.ts, schedule.test.ts, schedule-said-in-full.test.ts,
// schedule-edges.test.ts, the holiday checks in lunar.test.ts, lunar-range.test.ts and
// calendar-dossier.test.ts, and the hostile data files of data-files.property.test.ts (every
// checker, refused at the bad field).
//
// escpos, form: the thermal forms are checked whole in tests/integration/forms-golden.test.ts (every
// form at 58 and 80 mm rendered to ESC/POS and decoded back, the A4 forms read back with pdftotext),
// in-process: the unit and property tests plus that file, a wider set than the default.
const UNIT = ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts'];
export const TESTS = {
  fees: ['tests/unit/fees.test.ts', 'tests/unit/fees-refusals.test.ts', 'tests/unit/procedures.test.ts', 'tests/unit/receipt.test.ts', 'tests/property/data-files.property.test.ts'],
  escpos: [...UNIT, 'tests/integration/forms-golden.test.ts'],
  form: [...UNIT, 'tests/integration/forms-golden.test.ts'],
  config: [
    'tests/unit/core-misc.test.ts',
    'tests/unit/office-names.test.ts',
    'tests/unit/retention.test.ts',
    'tests/unit/schedule.test.ts',
    'tests/unit/lunar.test.ts',
    'tests/unit/lunar-range.test.ts',
    'tests/unit/calendar-dossier.test.ts',
    'tests/property/data-files.property.test.ts',
    'tests/unit/retention-rules.test.ts',
    'tests/unit/schedule-edges.test.ts',
    'tests/unit/config-checks.test.ts',
    'tests/unit/config-lunar-days.test.ts',
    'tests/unit/office-services-patch.test.ts',
    'tests/unit/office-services-help.test.ts',
    'tests/unit/office-services-lookup.test.ts',
    'tests/unit/office-check-file.test.ts',
    'tests/unit/office-check-patch.test.ts',
    'tests/unit/office-id.test.ts',
    'tests/unit/retention-anonymous.test.ts',
    'tests/unit/schedule-said-in-full.test.ts',
  ],
  handover: [
    'tests/unit/handover.test.ts',
    'tests/unit/centre-core.test.ts',
    'tests/property/csv.property.test.ts',
    'tests/property/dates.property.test.ts',
    'tests/property/office-updates.property.test.ts',
    'tests/property/centre-ingest.property.test.ts',
    'tests/unit/csv-line-ends.test.ts',
    'tests/unit/office-updates-file.test.ts',
    'tests/unit/office-updates-checks.test.ts',
    'tests/unit/handover-manifest.test.ts',
    'tests/unit/handover-paths.test.ts',
    'tests/unit/handover-compare.test.ts',
    'tests/unit/handover-records.test.ts',
    'tests/unit/handover-hex.test.ts',
  ],
};

/** Drop the static mutants that survived (or were not covered) from an incremental file, if any. */
function forgetStaticSurvivors(file) {
  if (!existsSync(file)) return;
  const inc = JSON.parse(readFileSync(file, 'utf8'));
  let dropped = 0;
  for (const f of Object.values(inc.files ?? {})) {
    const before = f.mutants.length;
    f.mutants = f.mutants.filter((m) => !(m.static && (m.status === 'Survived' || m.status === 'NoCoverage')));
    dropped += before - f.mutants.length;
  }
  if (dropped > 0) {
    writeFileSync(file, JSON.stringify(inc, null, 2));
    console.log(`mutate: ${dropped} static survivors of the last run to test again`);
  }
}

// A batch mutates src/core only (a test file listed here by mistake would be mutated instead).
for (const [name, files] of Object.entries(BATCHES)) for (const f of files) if (!f.startsWith('src/core/')) throw new Error(`batch ${name}: ${f} is not in src/core`);
const asked = process.argv.slice(2);
for (const b of asked) if (!(b in BATCHES)) throw new Error(`no batch ${b}: ${Object.keys(BATCHES).join(', ')}`);
mkdirSync(join(ROOT, 'reports/stryker'), { recursive: true });
let failed = 0;
// The batches named, in the order named (all of them, in the table's order, when none is named).
for (const name of asked.length ? asked : Object.keys(BATCHES)) {
  const files = BATCHES[name];
  console.log(`\nmutate: batch ${name} (${files.join(', ')})`);
  const started = new Date().toISOString();
  // The code as Stryker copies it into its sandbox, at the start.
  const commit = spawnSync('git', ['log', '-1', '--format=%h'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src/core', 'tests'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  // Stryker's incremental run tests a mutant again when its code or the tests covering it changed. A
  // static mutant (code run when a module loads) has no covering tests recorded, so a survivor of one
  // would be taken as it was however many tests were written since: with the static mutants asked
  // for, their survivors are dropped from the batch's incremental file first and tested again.
  if (process.env.MUTATE_STATIC) forgetStaticSurvivors(join(ROOT, `reports/stryker/${name}.incremental.json`));
  const r = spawnSync('npx', ['stryker', 'run'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, MUTATE_BATCH: name, MUTATE_FILES: files.join(','), ...(TESTS[name] ? { MUTATE_TESTS: TESTS[name].join(',') } : {}) } });
  if (r.status !== 0) {
    failed++;
    console.error(`mutate: batch ${name} failed (exit ${r.status ?? r.signal})`);
    continue;
  }
  writeFileSync(join(ROOT, `reports/stryker/${name}.meta.json`), JSON.stringify({ batch: name, files, ...(TESTS[name] ? { tests: TESTS[name] } : {}), commit, dirty, started, finished: new Date().toISOString() }, null, 2));
}
const report = spawnSync(process.execPath, [join(ROOT, 'scripts/mutation-report.mjs')], { cwd: ROOT, stdio: 'inherit' });
process.exit(failed ? 2 : (report.status ?? 1));
