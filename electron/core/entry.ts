// The core's one door for the CLI (a lint rule allows electron/cli no other core module): openCore
// and the typed client over it, which is how every command does its work, plus what a face does
// before a core exists or around it — where the data folder is, the version, the process safety net,
// the check of serve's --host, and attaching the browser transport (as the Electron shell attaches IPC).
// When a command needs something else from the core, it is an API method (shared/api/methods/<domain>.ts
// and its handler), not a new line here.
import type { openCore } from './core';
import type { createInProcessClient } from './api/in-process-client';
import type { startBrowserServer } from './server/http-server';

export type { Core, CoreOptions } from './core';
export { resolveDataDir } from './data-dir';
export { packageRoot, studioVersion } from './version';
export { installSafetyNet } from './safety-net';
export { isLoopbackHost } from './server/host-check';

export interface CoreModules {
  openCore: typeof openCore;
  createInProcessClient: typeof createInProcessClient;
  startBrowserServer: typeof startBrowserServer;
}

/**
 * The core itself, read when a command first opens one: the store, the handlers and their services
 * are most of the CLI's code, and a command that never opens a core (--version, --help, a refused
 * option) used to parse all of it before doing anything (the bundle keeps them in separate chunks).
 */
export async function loadCore(): Promise<CoreModules> {
  const [core, client, server] = await Promise.all([import('./core'), import('./api/in-process-client'), import('./server/http-server')]);
  return { openCore: core.openCore, createInProcessClient: client.createInProcessClient, startBrowserServer: server.startBrowserServer };
}
