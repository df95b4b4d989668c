import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { SpawnWorker } from '../core/training/spawn';
import type { SpawnModelProcess } from '../core/predict/host';

/**
 * In the app, training and inference run in Electron utility processes (bundled as
 * out/main/training-worker.js and model-worker.js), so a crash or out-of-memory there ends
 * only that process and the window stays up. Under plain Node the core forks them instead.
 */
function forkUtility(entry: string, name: string, env: NodeJS.ProcessEnv | undefined) {
  const child = utilityProcess.fork(entry, [], { env: { ...process.env, ...env }, stdio: 'pipe', serviceName: name });
  let tail = '';
  child.stderr?.on('data', (b: Buffer) => {
    tail = (tail + b.toString()).slice(-4000);
  });
  return { child, tail: () => tail };
}

export function trainingSpawner(outMainDir: string): SpawnWorker {
  return (opts) => {
    const { child, tail } = forkUtility(join(outMainDir, 'training-worker.js'), 'Transfer Studio training', opts.env);
    return {
      pid: child.pid,
      send: (msg) => child.postMessage(msg),
      onMessage: (fn) => void child.on('message', fn),
      // utilityProcess reports no signal; a kill shows up as a non-zero code.
      onExit: (fn) => void child.once('exit', (code) => fn(code, null, tail())),
      kill: () => void child.kill(),
    };
  };
}

export function modelSpawner(outMainDir: string): SpawnModelProcess {
  return (env) => {
    const { child, tail } = forkUtility(join(outMainDir, 'model-worker.js'), 'Transfer Studio models', env);
    return {
      send: (msg) => child.postMessage(msg),
      onMessage: (fn) => void child.on('message', fn),
      onExit: (fn) => void child.once('exit', (code) => fn(`exit ${code}${tail() ? `: ${tail().trim().split('\n').pop()}` : ''}`)),
      kill: () => void child.kill(),
    };
  };
}
