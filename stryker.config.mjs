// Mutation testing of the pure domain (npm run mutate; the report: bench/MUTATION.md).
// @ts-check

// Stryker runs vitest in worker threads, where vitest.config.ts's env.TZ cannot change the zone of
// the process: the test-runner processes inherit it from here instead.
process.env.TZ = 'Asia/Ho_Chi_Minh';
// A tenth of each property test's runs per mutant (hundreds to thousands still): the exact unit tests do most
// of the killing, and a full run stays within minutes on two shared cores.
process.env.PROPERTY_SCALE ??= '0.1';
// scripts/mutate.mjs runs one batch of files at a time (MUTATE_BATCH, MUTATE_FILES), each with its
// own incremental file and report, so that every finished batch is kept; alone, this is all of src/core.
const batch = process.env.MUTATE_BATCH ?? 'all';
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: process.env.MUTATE_FILES ? process.env.MUTATE_FILES.split(',') : ['src/core/**/*.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  checkers: ['typescript'],
  // src/core alone: type-checking the whole project for each mutant made the checker the bottleneck.
  tsconfigFile: 'tsconfig.mutate.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine is shared by several engineers on two cores: one test runner (run it under nice)
  // unless MUTATE_CONCURRENCY says the machine is free for more.
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 1),
  // Later runs test again only the mutants whose code or tests changed.
  incremental: true,
  incrementalFile: `reports/stryker/${batch}.incremental.json`,
  reporters: ['json', 'clear-text', 'progress-append-only'],
  jsonReporter: { fileName: `reports/stryker/${batch}.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true, reportMutants: false },
  ignorePatterns: ['dist', 'bench/out', 'reports', 'coverage', '*.db', '*.db-wal', '*.db-shm'],
  tempDirName: '.stryker-tmp',
  timeoutMS: 10000,
  // Static mutants (code run once, when a module loads: tables, constants) cannot be traced to the
  // tests that use them, so each runs every test related to its file: 28% of the mutants and 90%
  // of the time (hours on two shared cores). Left out unless MUTATE_STATIC=1 (npm run
  // mutate:static); bench/MUTATION.md says how many were left out.
  ignoreStatic: !process.env.MUTATE_STATIC,
  thresholds: { high: 90, low: 85, break: null },
};
