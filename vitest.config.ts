import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // tfjs backends and SQLite handles are per-process; forks keep tests from sharing them.
    pool: 'forks',
  },
});
