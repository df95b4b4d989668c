// The core's one door for the CLI (a lint rule allows electron/cli no other core module): openCore
// and the typed client over it, which is how every command does its work, plus what a face does
// before a core exists or around it — where the data folder is, the version, the process safety net,
// the check of serve's --host, and attaching the browser transport (as the Electron shell attaches IPC).
// When a command needs something else from the core, it is an API method (shared/api/methods/<domain>.ts
// and its handler), not a new line here.
export { openCore, type Core, type CoreOptions } from './core';
export { createInProcessClient } from './api/in-process-client';
export { resolveDataDir } from './data-dir';
export { packageRoot, studioVersion } from './version';
export { installSafetyNet } from './safety-net';
export { isLoopbackHost } from './server/host-check';
export { startBrowserServer } from './server/http-server';
