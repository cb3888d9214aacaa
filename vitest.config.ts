import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests that drive real processes (tmux, a second writer) share the machine's two cores.
    pool: 'forks',
    env: { TZ: 'Asia/Ho_Chi_Minh' },
  },
});
