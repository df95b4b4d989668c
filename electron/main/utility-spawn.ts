import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { SpawnWorker } from '../core/training/spawn';
import type { SpawnModelProcess } from '../core/predict/host';
import { wrapUtility, type UtilityHandle } from './utility-handle';

/**
 * In the app, training and inference run in Electron utility processes (bundled as
 * out/main/training-worker.js and model-worker.js), so a crash or out-of-memory there ends
 * only that process and the window stays up. Under plain Node the core forks them instead.
 */
function forkUtility(entry: string, name: string, env: NodeJS.ProcessEnv | undefined): UtilityHandle {
  const child = utilityProcess.fork(entry, [], { env: { ...process.env, ...env }, stdio: 'pipe', serviceName: name });
  return wrapUtility(child, { log: (line) => console.log(`[${name}] ${line}`) });
}

export function trainingSpawner(outMainDir: string): SpawnWorker {
  return (opts) => {
    const h = forkUtility(join(outMainDir, 'training-worker.js'), 'Transfer Studio training', opts.env);
    return {
      pid: h.pid,
      send: (msg) => h.send(msg),
      onMessage: (fn) => h.onMessage(fn),
      onExit: (fn) => h.onExit((e) => fn(e.code, e.signal, e.detail)),
      kill: (signal) => h.kill(signal),
    };
  };
}

export function modelSpawner(outMainDir: string): SpawnModelProcess {
  return (env) => {
    const h = forkUtility(join(outMainDir, 'model-worker.js'), 'Transfer Studio models', env);
    return {
      send: (msg) => h.send(msg),
      onMessage: (fn) => h.onMessage(fn),
      onExit: (fn) =>
        h.onExit((e) => fn(`exit ${e.code ?? e.signal}${e.detail ? `: ${e.detail.trim().split('\n').pop()}` : ''}`)),
      // As under Node (electron/core/predict/host.ts): the model process holds nothing worth a clean stop.
      kill: () => h.kill('SIGKILL'),
    };
  };
}
