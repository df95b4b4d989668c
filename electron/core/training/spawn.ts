import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ToWorker } from './protocol';

/** The parent's view of a training process, whatever started it (child_process here, utilityProcess in the app). */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(msg: ToWorker): void;
  onMessage(fn: (raw: unknown) => void): void;
  /** Called once; `detail` is the tail of the process's stderr (out-of-memory messages land there). */
  onExit(fn: (code: number | null, signal: string | null, detail: string) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export type SpawnWorker = (opts: { env?: NodeJS.ProcessEnv }) => WorkerHandle;

const here = dirname(fileURLToPath(import.meta.url));

/**
 * tsx's loader by absolute URL: a bare `--import tsx` is resolved from the working directory, so a
 * `studio` command run outside the repository started a training process that died at once.
 */
export const tsxImport = (): string => pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Plain Node: fork the TypeScript entry through tsx (the CLI and browser mode run from source). */
export const forkWorker: SpawnWorker = (opts) => {
  const child = fork(join(here, 'worker-entry.ts'), [], {
    execArgv: ['--import', tsxImport()],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ...opts.env },
  });
  let tail = '';
  child.stderr?.on('data', (b: Buffer) => {
    tail = (tail + b.toString()).slice(-4000);
  });
  return {
    pid: child.pid,
    send(msg) {
      if (child.connected) child.send(msg);
    },
    onMessage(fn) {
      child.on('message', fn);
    },
    onExit(fn) {
      child.once('exit', (code, signal) => fn(code, signal, tail));
    },
    kill(signal = 'SIGTERM') {
      child.kill(signal);
    },
  };
};
