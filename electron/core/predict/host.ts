import { RpcClient, type RpcParams, type RpcProgress, type RpcResult } from '../worker-rpc/rpc';
import type { WorkerSpawner } from '../worker-rpc/process';
import type { PlanItem } from '../training/data/types';
import { modelMethods, type ModelMethods, type RunModelSpec } from './protocol';

export interface ModelHostOptions {
  spawn: WorkerSpawner;
  env?: NodeJS.ProcessEnv;
  /** Module exporting loadBackbone(dir) (tests: tiny backbones); the core passes STUDIO_BACKBONE_LOADER by default. */
  loaderModule?: string;
  idleMs?: number;
}

/**
 * The model process, seen from the core: started on demand and stopped after a quiet spell, so the
 * core (the Electron main process in the app) never blocks on inference and never loads tfjs.
 * `call` reaches any method of predict/protocol.ts's `modelMethods`; the helpers below name the
 * common ones.
 */
export class ModelHost {
  private readonly rpc: RpcClient<ModelMethods>;

  constructor(private readonly opts: ModelHostOptions) {
    this.rpc = new RpcClient(modelMethods, {
      name: 'the model process',
      spawn: () => opts.spawn('model', { ...opts.env }),
      ...(opts.idleMs !== undefined ? { idleMs: opts.idleMs } : {}),
    });
  }

  get loaderModule(): string | undefined {
    return this.opts.loaderModule;
  }

  call<K extends keyof ModelMethods & string>(method: K, params: RpcParams<ModelMethods, K>, onProgress?: (p: RpcProgress<ModelMethods, K>) => void): Promise<RpcResult<ModelMethods, K>> {
    return this.rpc.call(method, params, onProgress);
  }

  logits(spec: RunModelSpec, items: PlanItem[], cacheDir: string | null): Promise<RpcResult<ModelMethods, 'logits'>> {
    return this.rpc.call('logits', { spec, items, cacheDir });
  }

  export(spec: RunModelSpec, format: 'tfjs' | 'safetensors' | 'onnx', outDir: string): Promise<RpcResult<ModelMethods, 'export'>> {
    return this.rpc.call('export', { spec, format, outDir });
  }

  /** Assisted labeling: features of a dataset's items and the probe's rankings (electron/core/assist). */
  assist(params: RpcParams<ModelMethods, 'assist'>, onProgress?: (p: RpcProgress<ModelMethods, 'assist'>) => void): Promise<RpcResult<ModelMethods, 'assist'>> {
    return this.rpc.call('assist', params, onProgress);
  }

  close(): void {
    this.rpc.close();
  }
}
