/**
 * Typed request/response over a worker process (the model process today; any worker that answers
 * requests tomorrow). The parent calls `client.call('method', params, onProgress?)`; the worker
 * serves `handlers.method(params, progress)`. Both sides validate with the same zod schemas, so a
 * malformed message becomes an error reply, never a crash or a silent hang.
 *
 * How to add a message type to the model worker (ONNX inference, attention, text prediction, …):
 *   1. In electron/core/predict/protocol.ts add one entry to `modelMethods`:
 *        attention: { params: attentionParamsSchema, result: attentionResultSchema, progress?: schema },
 *      (put the schemas in your own file beside your feature and import them).
 *   2. In electron/core/predict/model-worker.ts add the handler to `modelHandlers`:
 *        attention: async (p, progress) => { …; return { … } },
 *      It runs in the model process (tfjs loaded, one request at a time); import heavy modules
 *      lazily inside it. Throw an Error with a string `code` (an ApiErrorCode) for a typed failure.
 *   3. Call it from the core: `services.models.call('attention', params, onProgress)` — typed from
 *      the map, no cast. The compiler fails until both sides exist.
 * The training worker speaks a stream of events instead (training/protocol.ts: ToWorker/FromWorker)
 * over the same process layer (./process.ts spawn, ./port.ts child side).
 */
import { z } from 'zod';
import { StudioError, apiErrorCodes, type ApiErrorCode } from '../../../shared/api/errors';
import { describeExit, type WorkerProcess } from './process';
import type { ParentChannel } from './port';

export interface MethodSpec {
  params: z.ZodTypeAny;
  result: z.ZodTypeAny;
  /** Messages sent while the request runs; they never settle it. */
  progress?: z.ZodTypeAny;
}
export type MethodMap = Record<string, MethodSpec>;

export type RpcParams<M extends MethodMap, K extends keyof M> = z.input<M[K]['params']>;
export type RpcResult<M extends MethodMap, K extends keyof M> = z.output<M[K]['result']>;
export type RpcProgress<M extends MethodMap, K extends keyof M> = M[K]['progress'] extends z.ZodTypeAny ? z.output<M[K]['progress']> : never;

export type RpcHandlers<M extends MethodMap> = {
  [K in keyof M]: (
    params: z.output<M[K]['params']>,
    progress: (p: M[K]['progress'] extends z.ZodTypeAny ? z.input<M[K]['progress']> : never) => void,
  ) => Promise<z.input<M[K]['result']>>;
};

/** The frames on the wire; `method` names an entry of the map both sides were built with. */
const callFrame = z.object({ id: z.number().int(), method: z.string(), params: z.unknown() });
const replyFrame = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({ kind: z.literal('error'), id: z.number().int(), error: z.object({ message: z.string(), code: z.string().optional() }) }),
  z.object({ kind: z.literal('progress'), id: z.number().int(), progress: z.unknown() }),
]);
type ReplyFrame = z.infer<typeof replyFrame>;

interface Pending {
  method: string;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
  progress?: (p: unknown) => void;
}

export interface RpcClientOptions {
  /** Starts the worker; called on the first request and again after the worker has died. */
  spawn: () => WorkerProcess;
  /** What the worker is called in error messages ("the model process"). */
  name: string;
  /** The worker is stopped after this long with nothing to do (it holds nothing worth keeping warm for ever). */
  idleMs?: number;
}

const codeOf = (code: string | undefined): ApiErrorCode => ((apiErrorCodes as readonly string[]).includes(code ?? '') ? (code as ApiErrorCode) : 'internal');

/** The parent's side: one worker started on demand, requests matched to replies by id. */
export class RpcClient<M extends MethodMap> {
  private proc: WorkerProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly methods: M,
    private readonly opts: RpcClientOptions,
  ) {}

  call<K extends keyof M & string>(method: K, params: RpcParams<M, K>, onProgress?: (p: RpcProgress<M, K>) => void): Promise<RpcResult<M, K>> {
    const id = this.nextId++;
    let proc: WorkerProcess;
    try {
      proc = this.ensure();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (this.idle) clearTimeout(this.idle);
    return new Promise<RpcResult<M, K>>((resolve, reject) => {
      this.pending.set(id, {
        method,
        resolve: resolve as (r: unknown) => void,
        reject,
        ...(onProgress ? { progress: onProgress as (p: unknown) => void } : {}),
      });
      proc.send({ id, method, params });
    }).finally(() => this.armIdle());
  }

  /** Stops the worker; requests still waiting fail as cancelled. */
  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.proc?.kill('SIGKILL');
    this.proc = null;
    this.rejectAll(new StudioError('cancelled', `${capitalised(this.opts.name)} was stopped.`));
  }

  private rejectAll(err: Error): void {
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) p.reject(err);
  }

  private armIdle(): void {
    if (this.pending.size > 0 || !this.proc) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), this.opts.idleMs ?? 60_000);
    this.idle.unref();
  }

  private onReply(frame: ReplyFrame): void {
    const p = this.pending.get(frame.id);
    if (!p) return;
    const spec = this.methods[p.method]!;
    if (frame.kind === 'progress') {
      const parsed = spec.progress?.safeParse(frame.progress);
      if (parsed?.success) p.progress?.(parsed.data);
      return;
    }
    this.pending.delete(frame.id);
    if (frame.kind === 'error') return p.reject(new StudioError(codeOf(frame.error.code), frame.error.message));
    const parsed = spec.result.safeParse(frame.result);
    if (parsed.success) p.resolve(parsed.data);
    else p.reject(new StudioError('internal', `${capitalised(this.opts.name)} sent a malformed ${p.method} reply: ${issue(parsed.error)}`));
  }

  private ensure(): WorkerProcess {
    if (this.proc) return this.proc;
    const proc = this.opts.spawn();
    this.proc = proc;
    proc.onMessage((raw) => {
      const frame = replyFrame.safeParse(raw);
      // A frame without an id cannot be matched to anything; it is dropped.
      if (frame.success) this.onReply(frame.data);
    });
    proc.onExit((exit) => {
      if (this.proc !== proc) return;
      this.proc = null;
      this.rejectAll(new StudioError('internal', `${capitalised(this.opts.name)} stopped (${describeExit(exit)}).`));
    });
    return proc;
  }
}

/**
 * The worker's side: validates each request against the map, runs the handlers one at a time (a
 * worker holds one model and one tfjs backend; two requests at once would fight over both), and
 * answers each with its result or its error.
 */
export function serveRpc<M extends MethodMap>(methods: M, channel: ParentChannel, handlers: RpcHandlers<M>): void {
  let queue = Promise.resolve();
  const reply = (frame: ReplyFrame) => void channel.send(frame);
  channel.onMessage((raw) => {
    const frame = callFrame.safeParse(raw);
    const id = typeof (raw as { id?: unknown } | null)?.id === 'number' ? (raw as { id: number }).id : -1;
    if (!frame.success) return reply({ kind: 'error', id, error: { message: `The worker got a malformed request: ${issue(frame.error)}`, code: 'invalid_params' } });
    const { method } = frame.data;
    const spec = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (!spec) return reply({ kind: 'error', id, error: { message: `The worker has no method '${method}'.`, code: 'invalid_params' } });
    const params = spec.params.safeParse(frame.data.params);
    if (!params.success) return reply({ kind: 'error', id, error: { message: `Bad ${method} request: ${issue(params.error)}`, code: 'invalid_params' } });
    const handler = handlers[method as keyof M]!;
    queue = queue.then(async () => {
      try {
        const result: unknown = await handler(params.data, ((p: unknown) => reply({ kind: 'progress', id, progress: p })) as never);
        reply({ kind: 'result', id, result });
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        reply({ kind: 'error', id, error: { message: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) } });
      }
    });
  });
}

function issue(e: z.ZodError): string {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'message'}: ${i.message}` : 'invalid';
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
