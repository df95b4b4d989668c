import type { RpcHandlers } from '../worker-rpc/rpc';
import type { ModelMethods, RunModelSpec } from './protocol';
import type { RunModel } from './run-model';

/**
 * The model process's handlers: it owns tfjs, keeps the last run's model loaded (predicting image
 * after image reuses it) and answers one request at a time (worker-rpc/rpc.ts serves them in
 * order). The core process never loads tfjs. Heavy modules load lazily, so a bad request never
 * pays for (or crashes in) them.
 */
export function modelHandlers(): RpcHandlers<ModelMethods> {
  let backend: string | null = null;
  let loaded: { key: string; model: RunModel } | null = null;

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

  return {
    logits: async (p) => {
      const name = await ensureBackend();
      const model = await modelFor(p.spec);
      const { runLogits } = await import('./run-model');
      return { logits: await runLogits(model, p.items, p.cacheDir), backend: name };
    },
    export: async (p) => {
      const name = await ensureBackend();
      const model = await modelFor(p.spec);
      const r =
        p.format === 'tfjs'
          ? await (await import('../export/tfjs')).exportTfjs(model, p.outDir)
          : p.format === 'onnx'
            ? await (await import('../export/onnx')).exportOnnx(model, p.outDir)
            : await (await import('../export/safetensors')).exportSafetensors(model, p.outDir);
      return { files: r.files, notes: r.notes, backend: name };
    },
    assist: async (p, progress) => {
      const name = await ensureBackend();
      const { handleAssist } = await import('../assist/worker');
      return handleAssist({ ...p, type: 'assist', id: 0 }, name, progress);
    },
    attention: async (p, progress) => {
      const name = await ensureBackend();
      return (await import('../explain/worker')).handleAttention(p, name, progress);
    },
    explain: async (p, progress) => {
      const name = await ensureBackend();
      const model = await modelFor(p.spec);
      return (await import('../explain/worker')).handleExplain(model, p, name, progress);
    },
  };
}
