import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import NoSkips from './tests/helpers/no-skips.js';

// As in the bundle (scripts/build.mjs): the string-width that Ink uses, under the wrapper's name for it.
const inkRequire = createRequire(createRequire(import.meta.url).resolve('ink'));

export default defineConfig({
  resolve: { alias: { 'string-width-original': inkRequire.resolve('string-width') } },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests that drive real processes (tmux, a second writer) share the machine's two cores.
    pool: 'forks',
    env: { TZ: 'Asia/Ho_Chi_Minh' },
    // dist/ rebuilt once before the run when any of its sources is newer (tests/helpers/build.ts);
    // a real PostgreSQL cluster for the centre's tests, started once per run on first use.
    globalSetup: ['tests/helpers/build.ts', 'tests/helpers/pg-global.ts'],
    // A skipped test fails the run unless LUUDONG_ALLOW_SKIP is set (tests/helpers/no-skips.ts).
    reporters: ['default', new NoSkips()],
  },
});
