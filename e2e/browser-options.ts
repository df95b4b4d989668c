import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

// Debian's Chromium where present (build machines can't download Playwright's own browsers);
// otherwise whatever Playwright manages on this machine.
const debianChromium = '/usr/bin/chromium';
const executablePath = process.env.STUDIO_CHROMIUM ?? (existsSync(debianChromium) ? debianChromium : undefined);

/** How every spec launches Chromium; a spec that needs more flags (the fake camera) adds to these rather than repeat them. */
export const launchOptions: LaunchOptions = {
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};
