import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoreContext } from '../context';
import { StudioError, apiErrorCodes, type ApiErrorCode } from '../../../shared/api/errors';
import type { PlanItem } from '../training/data/types';
import { modelResponseSchema, type ModelRequest, type ModelResponse, type RunModelSpec } from './protocol';
import type { AssistProgress, AssistRequest, AssistResponse } from '../assist/protocol';
import { tsxImport } from '../training/spawn';

export interface ModelProcess {
  send(msg: ModelRequest): void;
  onMessage(fn: (raw: unknown) => void): void;
  onExit(fn: (detail: string) => void): void;
  kill(): void;
}

export type SpawnModelProcess = (env: NodeJS.ProcessEnv) => ModelProcess;

const here = dirname(fileURLToPath(import.meta.url));

export const forkModelProcess: SpawnModelProcess = (env) => {
  const child = fork(join(here, 'model-worker-entry.ts'), [], {
    execArgv: ['--import', tsxImport()],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ...env },
  });
  let tail = '';
  child.stderr?.on('data', (b: Buffer) => (tail = (tail + b.toString()).slice(-2000)));
  return {
    send: (m) => child.connected && child.send(m),
    onMessage: (fn) => child.on('message', fn),
    onExit: (fn) => child.once('exit', (code, signal) => fn(`exit ${code ?? signal}${tail ? `: ${tail.trim().split('\n').pop()}` : ''}`)),
    kill: () => child.kill('SIGKILL'),
  };
};

export interface ModelHostOptions {
  spawn?: SpawnModelProcess;
  env?: NodeJS.ProcessEnv;
  /** Module exporting loadBackbone(dir) (tests: tiny backbones); defaults to STUDIO_BACKBONE_LOADER. */
  loaderModule?: string;
  idleMs?: number;
}

type Pending = { resolve: (r: ModelResponse) => void; reject: (e: Error) => void; progress?: (p: AssistProgress) => void };

/**
 * One model process per core, started on demand and stopped after a quiet spell, so the core
 * (the Electron main process in the app) never blocks on inference and never loads tfjs.
 */
export class ModelHost {
  private proc: ModelProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idle: NodeJS.Timeout | null = null;

  constructor(private readonly opts: ModelHostOptions = {}) {}

  get loaderModule(): string | undefined {
    return this.opts.loaderModule ?? process.env.STUDIO_BACKBONE_LOADER;
  }

  async logits(spec: RunModelSpec, items: PlanItem[], cacheDir: string | null): Promise<{ logits: number[][]; backend: string }> {
    const r = await this.request({ type: 'logits', id: 0, spec, items, cacheDir });
    if (r.type !== 'logits') throw new Error('unexpected reply from the model process');
    return { logits: r.logits, backend: r.backend };
  }

  async export(spec: RunModelSpec, format: 'tfjs' | 'safetensors', outDir: string): Promise<{ files: string[]; notes: string[]; backend: string }> {
    const r = await this.request({ type: 'export', id: 0, spec, format, outDir });
    if (r.type !== 'exported') throw new Error('unexpected reply from the model process');
    return { files: r.files, notes: r.notes, backend: r.backend };
  }

  /** Assisted labeling: features of a dataset's items and the probe's rankings (electron/core/assist). */
  async assist(req: Omit<AssistRequest, 'type' | 'id'>, onProgress?: (p: AssistProgress) => void): Promise<AssistResponse> {
    const r = await this.request({ ...req, type: 'assist', id: 0 }, onProgress);
    if (r.type !== 'assist') throw new Error('unexpected reply from the model process');
    return r;
  }

  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.proc?.kill();
    this.proc = null;
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) p.reject(new StudioError('cancelled', 'The model process was stopped.'));
  }

  private request(req: ModelRequest, progress?: (p: AssistProgress) => void): Promise<ModelResponse> {
    const id = this.nextId++;
    const p = this.ensure();
    if (this.idle) clearTimeout(this.idle);
    return new Promise<ModelResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(progress ? { progress } : {}) });
      p.send({ ...req, id });
    }).then(
      (r) => {
        this.armIdle();
        if (r.type === 'error') {
          const code = (apiErrorCodes as readonly string[]).includes(r.code ?? '') ? (r.code as ApiErrorCode) : 'internal';
          throw new StudioError(code, r.message);
        }
        return r;
      },
      (e: unknown) => {
        this.armIdle();
        throw e;
      },
    );
  }

  private armIdle(): void {
    if (this.pending.size > 0) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), this.opts.idleMs ?? 60_000);
    this.idle.unref();
  }

  private ensure(): ModelProcess {
    if (this.proc) return this.proc;
    const proc = (this.opts.spawn ?? forkModelProcess)({ ...this.opts.env });
    this.proc = proc;
    proc.onMessage((raw) => {
      const parsed = modelResponseSchema.safeParse(raw);
      if (!parsed.success) return;
      const p = this.pending.get(parsed.data.id);
      if (!p) return;
      if (parsed.data.type === 'progress') {
        p.progress?.(parsed.data);
        return;
      }
      this.pending.delete(parsed.data.id);
      p.resolve(parsed.data);
    });
    proc.onExit((detail) => {
      if (this.proc === proc) this.proc = null;
      const left = [...this.pending.values()];
      this.pending.clear();
      for (const p of left) p.reject(new StudioError('internal', `The model process stopped (${detail}).`));
    });
    return proc;
  }
}

const hosts = new WeakMap<CoreContext, ModelHost>();
const pendingOpts = new WeakMap<CoreContext, ModelHostOptions>();

/** Lets the Electron adapter or a test configure the model process before first use. */
export function configureModelHost(ctx: CoreContext, opts: ModelHostOptions): void {
  pendingOpts.set(ctx, opts);
}

export function modelHostFor(ctx: CoreContext): ModelHost {
  let h = hosts.get(ctx);
  if (!h) {
    h = new ModelHost(pendingOpts.get(ctx) ?? {});
    hosts.set(ctx, h);
    const host = h;
    ctx.onClose(() => host.close());
  }
  return h;
}
