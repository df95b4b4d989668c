import { defineConfig } from '@playwright/test';
import { launchOptions } from './e2e/browser-options';

// `studio serve` runs from TypeScript source in e2e (tests hand the workers TypeScript tiny backbones);
// every spawned studio inherits this.
process.env.STUDIO_FROM_SOURCE ??= '1';

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
