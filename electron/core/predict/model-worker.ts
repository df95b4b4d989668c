import { modelRequestSchema, type ModelRequest, type ModelResponse, type RunModelSpec } from './protocol';
import type { RunModel } from './run-model';

/**
 * The model process: owns tfjs, keeps the last run's model loaded (predicting image after image
 * reuses it), answers one request at a time. The core process never loads tfjs.
 */
export function serveModelRequests(send: (m: ModelResponse) => void, onMessage: (fn: (raw: unknown) => void) => void): void {
  let backend: string | null = null;
  let loaded: { key: string; model: RunModel } | null = null;
  let queue = Promise.resolve();

  const ensureBackend = async () => {
    if (backend) return backend;
    const { climbLadder, parseForcedBackend } = await import('../training/backend/ladder');
    const { defaultRungs } = await import('../training/backend/rungs');
    backend = (await climbLadder(defaultRungs(), parseForcedBackend(process.env.STUDIO_BACKEND))).name;
    return backend;
  };
  const modelFor = async (spec: RunModelSpec): Promise<RunModel> => {
    const key = JSON.stringify(spec);
    if (loaded?.key === key) return loaded.model;
    loaded?.model.dispose();
    loaded = null;
    const { loadRunModel } = await import('./run-model');
    loaded = { key, model: await loadRunModel(spec) };
    return loaded.model;
  };

  const handle = async (req: ModelRequest): Promise<ModelResponse> => {
    const name = await ensureBackend();
    if (req.type === 'assist') {
      const { handleAssist } = await import('../assist/worker');
      return handleAssist(req, name, send);
    }
    const model = await modelFor(req.spec);
    if (req.type === 'logits') {
      const { runLogits } = await import('./run-model');
      return { type: 'logits', id: req.id, logits: await runLogits(model, req.items, req.cacheDir), backend: name };
    }
    if (req.format === 'tfjs') {
      const { exportTfjs } = await import('../export/tfjs');
      const r = await exportTfjs(model, req.outDir);
      return { type: 'exported', id: req.id, files: r.files, notes: r.notes, backend: name };
    }
    const { exportSafetensors } = await import('../export/safetensors');
    const r = await exportSafetensors(model, req.outDir);
    return { type: 'exported', id: req.id, files: r.files, notes: r.notes, backend: name };
  };

  onMessage((raw) => {
    const parsed = modelRequestSchema.safeParse(raw);
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
    if (!parsed.success) {
      send({ type: 'error', id, message: `The model process got a malformed request: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    queue = queue.then(async () => {
      try {
        send(await handle(parsed.data));
      } catch (err) {
        const code = (err as { code?: unknown })?.code;
        send({ type: 'error', id, message: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) });
      }
    });
  });
}
