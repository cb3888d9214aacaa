import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests Stryker runs against each mutant of src/core (npm run mutate): the unit and property
// tests of the pure domain. The counter screen's minute of random keys and the tests of processes,
// devices and the bundle stay out: they do not exercise src/core more closely and would make a
// run of a few thousand mutants take hours on two shared cores. (Not mergeConfig: it would append
// these lists to the base config's instead of replacing them.)
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // These tests do not run the bundle: no build in Stryker's sandbox.
    globalSetup: [],
    // A batch may name its own set of test files (MUTATE_TESTS, from scripts/mutate.mjs's TESTS
    // table, which says why: fewer for fees, the thermal forms' golden test added for escpos and form).
    include: process.env.MUTATE_TESTS ? process.env.MUTATE_TESTS.split(',') : ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts'],
    // i18n.test.ts reads the source files, which under Stryker are the instrumented copies.
    exclude: ['tests/property/tui-random-keys.test.ts', 'tests/unit/string-width-fast.test.ts', 'tests/unit/i18n.test.ts'],
  },
});
