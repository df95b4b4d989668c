import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where present (build machines can't download Playwright's own browsers);
// otherwise whatever Playwright manages on this machine.
const debianChromium = '/usr/bin/chromium';
const executablePath = process.env.STUDIO_CHROMIUM ?? (existsSync(debianChromium) ? debianChromium : undefined);

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
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
