import { fromWorkerSchema, toWorkerSchema, type FromWorker, type TrainJob } from './protocol';
import { CancelledError, RunControl } from './control';
import { ioFailureReason } from './io-failure';

/** The transport the training process talks over: child_process IPC under Node, parentPort under Electron's utilityProcess. */
export interface WorkerPort {
  send(msg: FromWorker): Promise<void>;
  onMessage(fn: (raw: unknown) => void): void;
  exit(code: number): void;
}

async function run(job: TrainJob, port: WorkerPort, control: RunControl): Promise<void> {
  const send = (m: FromWorker) => void port.send(fromWorkerSchema.parse(m));
  send({ type: 'phase', phase: 'loading' });
  // tfjs and the backbones load lazily so a bad message never pays for (or crashes in) them.
  const { climbLadder, parseForcedBackend } = await import('./backend/ladder');
  const { defaultRungs } = await import('./backend/rungs');
  const backend = await climbLadder(defaultRungs(), parseForcedBackend(job.forcedBackend ?? process.env.STUDIO_BACKEND));
  send({ type: 'backend', ...backend });

  const { loadBackboneFor } = await import('./backbone-loader');
  const loaded = await loadBackboneFor(job.backbone.dir, job.backbone.loaderModule);
  const backbone = loaded.backbone;
  const info = backbone.info;
  const o = job.options;
  const n = info.numBlocks;
  const cut = job.mode === 'probe' ? n : job.mode === 'full' ? 0 : Math.max(0, n - (o.finetuneBlocks ?? info.defaultFinetuneBlocks));

  // The backbones package's own preprocessing (what its parity tests check), never a copy of it.
  const { encoderFor } = await import('./data/encoder-for');
  const { usesExactHead } = await import('./engine/trainer');
  // The exact probe fits on view 0 only: augmentation views would be computed for nothing.
  const encoder = encoderFor(loaded.preprocessing, job.mode === 'probe' && usesExactHead(o) ? { ...o, augmentViews: 1 } : o, job.backbone.weightsHash);

  const { FeatureCache } = await import('./engine/feature-cache');
  const { computeFeatures } = await import('./engine/features');
  const { train } = await import('./engine/trainer');
  // The frozen part runs on ONNX Runtime unless STUDIO_INFERENCE=tfjs (or ORT cannot start: then tfjs, with the reason).
  const { openTrunkEngine } = await import('../onnx/engine');
  const trunk = await openTrunkEngine(job.backbone.loaderModule ? null : job.backbone.dir, job.mode === 'probe' ? 'features' : cut);
  send({ type: 'phase', phase: 'features' });
  const feats = await computeFeatures(job.items, {
    trunkEngine: trunk.engine,
    backbone,
    encoder,
    cache: new FeatureCache(job.cacheDir),
    weightsHash: job.backbone.weightsHash,
    cut: job.mode === 'probe' ? 'features' : cut,
    gate: () => control.gate(),
    onProgress: (done, total, hits, computed, trunkSeconds) => send({ type: 'features', done, total, hits, computed, trunkSeconds }),
  });
  send({ type: 'inference', ...trunk.info() });
  await trunk.engine?.release();
  send({ type: 'phase', phase: 'training' });
  const result = await train({
    backbone,
    items: job.items,
    labelNames: job.labels,
    acts: feats.acts,
    numClasses: job.labels.length,
    cut,
    probe: job.mode === 'probe',
    options: o,
    // A test hook (process tests, E2E) that slows steps so pause and kill land mid-epoch; never part of the API.
    stepDelayMs: Number(process.env.STUDIO_TRAIN_STEP_DELAY_MS ?? 0) || 0,
    backend: backend.name,
    checkpointDir: job.checkpointDir,
    resumeFrom: job.resumeFrom,
    report: send,
    gate: () => control.gate(),
  });
  backbone.dispose();
  const metrics = { ...result.metrics, trunkSeconds: feats.trunkSeconds, cacheHits: feats.hits, trunkComputations: feats.computed };
  await port.send({ type: 'done', status: 'completed', metrics, modelPath: result.modelPath });
}

/** The training process's main: waits for one `start`, runs it, reports, exits. */
export function runWorker(port: WorkerPort): void {
  const control = new RunControl((state) => void port.send({ type: state }));
  let started = false;
  port.onMessage((raw) => {
    const parsed = toWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      void port.send({ type: 'error', message: `The training process got a malformed message: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'pause') control.pause();
    else if (msg.type === 'resume') control.resume();
    else if (msg.type === 'cancel') control.cancel();
    else if (!started) {
      started = true;
      run(msg.job, port, control).then(
        () => port.exit(0),
        async (err: unknown) => {
          if (err instanceof CancelledError) await port.send({ type: 'done', status: 'cancelled', metrics: {}, modelPath: null });
          else await port.send({ type: 'error', message: ioFailureReason(err, 'training') ?? (err instanceof Error ? err.message : String(err)) });
          port.exit(err instanceof CancelledError ? 0 : 1);
        },
      );
    }
  });
}
