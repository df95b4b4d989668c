import { defineConfig } from '@playwright/test';
import { launchOptions } from './e2e/browser-options';

// `studio serve` runs the bundles a user runs (out/node: `npm run test:e2e` builds what is stale first, and
// bin/studio.mjs rebuilds a bundle older than its sources), not the TypeScript source through tsx: a studio
// and its workers start about 2 s sooner each, over some sixty starts. A spec that hands the training
// worker a TypeScript tiny backbone still works: a bundled worker loads tsx for a hook named in its env.

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions,
  },
});
