import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The two kinds of worker process: training (one run) and model (inference, export, assist, …). */
export type WorkerKind = 'training' | 'model';

export interface WorkerExit {
  code: number | null;
  /** The signal that ended it (under utilityProcess: the one this parent sent), else null. */
  signal: string | null;
  /** The tail of its stderr (out-of-memory messages land there). */
  detail: string;
}

/** The parent's view of a worker process, whatever started it (child_process here, utilityProcess in the app). */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(msg: unknown): void;
  onMessage(fn: (raw: unknown) => void): void;
  /** Called once. */
  onExit(fn: (exit: WorkerExit) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts a worker of a kind; the core gets one from openCore's options (Electron passes utilityProcess's). */
export type WorkerSpawner = (kind: WorkerKind, env: NodeJS.ProcessEnv) => WorkerProcess;

/** Source entries, relative to this folder (tests and dev run TypeScript through tsx). */
const sourceEntries: Record<WorkerKind, string> = {
  training: '../training/worker-entry.ts',
  model: '../predict/model-worker-entry.ts',
};

/**
 * tsx's loader by absolute URL: a bare `--import tsx` is resolved from the working directory, so a
 * `studio` command run outside the repository started a worker that died at once.
 */
export const tsxImport = (): string => pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Where a worker's entry is, relative to the running module. From TypeScript source it is the .ts
 * entry, run through tsx. From a bundle (out/node/cli.mjs, Electron's out/main/index.js, or a chunk
 * below them) it is the sibling bundle `<kind>-worker<ext>`, so tsx is never needed at run time.
 */
export function workerEntry(kind: WorkerKind, moduleUrl: string = import.meta.url, opts: { typescriptHook?: boolean } = {}): { file: string; execArgv: string[] } {
  const self = fileURLToPath(moduleUrl);
  const here = dirname(self);
  if (self.endsWith('.ts')) return { file: join(here, sourceEntries[kind]), execArgv: ['--import', tsxImport()] };
  const name = `${kind}-worker${extname(self) || '.js'}`;
  // Rollup may put shared code in a chunks/ folder below the entry bundles.
  const candidates = [join(here, name), join(here, '..', name)];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`The ${kind} worker bundle is missing (looked for ${candidates.join(' and ')}); rebuild with npm run build.`);
  // A test names a TypeScript backbone loader (STUDIO_BACKBONE_LOADER=…/tiny-backbones.ts): only then,
  // in a checkout where the dev tool is installed, does a bundled worker load tsx.
  return { file, execArgv: opts.typescriptHook ? ['--import', tsxImport()] : [] };
}

/** Whether the worker is asked to import a TypeScript module (a test's backbone loader). */
export const namesTypeScriptHook = (env: NodeJS.ProcessEnv): boolean => /\.[cm]?ts$/.test(env.STUDIO_BACKBONE_LOADER ?? '');

/** Keeps the last few KB of a stream: what a dying process said last. */
export function tailOf(stream: NodeJS.ReadableStream | null | undefined, limit = 4000): () => string {
  let tail = '';
  stream?.on('data', (b: Buffer) => {
    tail = (tail + b.toString()).slice(-limit);
  });
  return () => tail;
}

/** One line for an error message: "exit 134: <last stderr line>". */
export function describeExit(e: WorkerExit): string {
  const last = e.detail.trim().split('\n').pop();
  return `exit ${e.code ?? e.signal}${last ? `: ${last}` : ''}`;
}

/** Plain Node: child_process.fork of the entry (the CLI, browser mode and tests). */
export const nodeSpawner: WorkerSpawner = (kind, env) => {
  const childEnv = { ...process.env, ...env };
  const entry = workerEntry(kind, import.meta.url, { typescriptHook: namesTypeScriptHook(childEnv) });
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: childEnv,
  });
  const tail = tailOf(child.stderr);
  // A fork that cannot start emits 'error' (then 'exit', or nothing): say why instead of crashing the core.
  let spawnError = '';
  child.on('error', (err) => {
    spawnError = `could not start the ${kind} worker: ${err.message}\n`;
  });
  return {
    pid: child.pid,
    send(msg) {
      if (child.connected) child.send(msg as object);
    },
    onMessage(fn) {
      child.on('message', fn);
    },
    onExit(fn) {
      child.once('exit', (code, signal) => fn({ code, signal, detail: spawnError + tail() }));
    },
    kill(signal = 'SIGTERM') {
      child.kill(signal);
    },
  };
};
