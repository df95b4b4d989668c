import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // tfjs backends and SQLite handles are per-process; forks keep tests from sharing them.
    pool: 'forks',
    // bin/studio.mjs runs the TypeScript source (through tsx) in tests, not out/node's bundle: tests
    // hand the training and model workers TypeScript modules (tiny backbones), and a test must never
    // run a bundle older than the code it tests. test/cli/bundle.test.ts builds and runs the bundle itself.
    // STUDIO_LINT_UNTYPED: the lint tests lint made-up files no tsconfig includes (see eslint.config.mjs).
    env: { STUDIO_FROM_SOURCE: '1', STUDIO_LINT_UNTYPED: '1' },
  },
});
