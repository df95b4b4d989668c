import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { WorkerSpawner } from '../core/worker-rpc/process';
import { wrapUtility } from './utility-handle';

const serviceNames = { training: 'Transfer Studio training', model: 'Transfer Studio models' } as const;

/**
 * In the app, training and inference run in Electron utility processes (bundled beside the main
 * bundle as out/main/training-worker.js and model-worker.js), so a crash or out-of-memory there
 * ends only that process and the window stays up. Under plain Node the core forks them instead
 * (core/worker-rpc/process.ts); both speak the same protocol.
 */
export function utilitySpawner(outMainDir: string): WorkerSpawner {
  return (kind, env) => {
    const name = serviceNames[kind];
    const child = utilityProcess.fork(join(outMainDir, `${kind}-worker.js`), [], { env: { ...process.env, ...env }, stdio: 'pipe', serviceName: name });
    return wrapUtility(child, { log: (line) => console.log(`[${name}] ${line}`) });
  };
}
