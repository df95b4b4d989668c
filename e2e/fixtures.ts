import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { createWsClient, type SocketConstructor, type WsClient } from '../renderer/src/api/ws-client';

export interface StudioServer {
  /** The URL `studio serve` printed, token included. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  proc: ChildProcess;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Starts `studio serve` on its own fresh data dir (each test gets one, as Actual Budget's tests do). */
export async function startStudio(dataDir = mkdtempSync(join(tmpdir(), 'studio-e2e-')), extraEnv: NodeJS.ProcessEnv = {}): Promise<StudioServer> {
  const proc = spawn(process.execPath, [join(root, 'bin', 'studio.mjs'), '--data-dir', dataDir, '--json', 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((ok, fail) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) ok(buf.slice(0, nl));
    });
    proc.once('exit', (code) => fail(new Error(`studio serve exited with ${code}: ${stderr}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  const u = new URL(url);
  return { url, origin: u.origin, token: u.searchParams.get('token')!, dataDir, proc };
}

export async function stopStudio(s: StudioServer): Promise<void> {
  if (s.proc.exitCode === null) {
    const exited = new Promise((r) => s.proc.once('exit', r));
    s.proc.kill('SIGTERM');
    await exited;
  }
}

/** Opens the app and waits for the app's own signal that the API transport is up. */
export async function openStudio(page: Page, s: StudioServer, hash = ''): Promise<void> {
  await page.goto(s.url + (hash ? `#/${hash}` : ''));
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

/**
 * The typed client over the studio's own WebSocket, from the test's side: what a spec uses to set up
 * data and to wait for the core's events (an import finished, a run ended) instead of polling in the page.
 * Close it before the studio stops.
 */
export function apiFor(s: StudioServer): WsClient {
  return createWsClient(`${s.origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(s.token)}`, WebSocket as unknown as SocketConstructor);
}

export { importAndWait } from '../shared/api/wait-import';
export { waitForRunEnd } from '../shared/api/wait-run';

export const test = base.extend<{ studio: StudioServer }>({
  // eslint-disable-next-line no-empty-pattern
  studio: async ({}, use) => {
    const s = await startStudio();
    await use(s);
    await stopStudio(s);
    rmSync(s.dataDir, { recursive: true, force: true });
  },
});

export { expect };
