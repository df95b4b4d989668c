// The fine-tune epoch against PyTorch, in one run: ResNet-50 (random full-size weights; no hub here) with
// its last stage (layer4, the family default) unfrozen, trained on cut-point activations as the studio
// caches them ([14, 14, 1024] per item), a new 2-class head, AdamW, BatchNorm on its running statistics.
// The studio's own fit loop (fitSgd on wasm) against scripts/onnx/finetune_epoch.py (the same tail in
// torchvision, 1 thread — what wasm gets in Node — and every core), then where the studio's step goes,
// per kernel. STUDIO_BENCH_FT_TRAIN / _VAL / _BATCH / _EPOCHS change the shape.
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { ensureBenchCheckpoints } from './onnx';
import { benchCacheDir, PY, pythonJson, pythonMissing, runWorker } from './measure';
import type { StepProfile } from './finetune-profile';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(here, '..', 'scripts', 'onnx', 'finetune_epoch.py');
const env = (name: string, d: number) => Number(process.env[name] ?? d);
const TRAIN = env('STUDIO_BENCH_FT_TRAIN', 64);
const VAL = env('STUDIO_BENCH_FT_VAL', 16);
const BATCH = env('STUDIO_BENCH_FT_BATCH', 16);
const EPOCHS = env('STUDIO_BENCH_FT_EPOCHS', 1);
const f = (n: number, d = 1) => n.toFixed(d);

interface TorchEpoch {
  seconds: number;
  forward: number;
  backward: number;
  optimizer: number;
  valSeconds: number;
  threads: number;
}

interface StudioEpoch {
  backend: string;
  cut: number;
  numBlocks: number;
  epochSeconds: number[];
  medianEpochSeconds: number;
  profile: StepProfile;
}

function torchEpoch(backbone: string, data: string, threads: number): TorchEpoch {
  return pythonJson<TorchEpoch>([SCRIPT, 'run', '--backbone', backbone, '--acts', join(data, 'acts.npy'), '--labels', join(data, 'labels.npy'), '--train', String(TRAIN), '--val', String(VAL), '--batch', String(BATCH), '--threads', String(threads), '--epochs', '3']);
}

export async function benchFinetune(): Promise<void> {
  const missing = pythonMissing('torch, torchvision', 'python3-torch / torchvision not installed');
  if (missing) {
    process.stdout.write(`finetune: skipped: the random ResNet-50 and the PyTorch reference need ${missing}\n`);
    return;
  }
  const cache = benchCacheDir();
  ensureBenchCheckpoints(cache);
  const backbone = join(cache, 'resnet50');
  const data = join(cache, `finetune-${TRAIN + VAL}`);
  if (!existsSync(join(data, 'labels.npy'))) execFileSync(PY, [SCRIPT, 'make', '--out', data, '--n', String(TRAIN + VAL)], { stdio: 'inherit' });

  const t1 = torchEpoch(backbone, data, 1);
  const cores = cpus().length;
  const tN = cores > 1 ? torchEpoch(backbone, data, cores) : t1;
  const studio = runWorker<StudioEpoch>('finetune (studio)', join(here, 'finetune-worker.ts'), [backbone, join(data, 'acts.npy'), join(data, 'labels.npy'), String(TRAIN), String(VAL), String(BATCH), String(EPOCHS)]);
  const s = studio.medianEpochSeconds;
  const best = Math.min(t1.seconds, tN.seconds);

  process.stdout.write(`ResNet-50 fine-tune epoch, last stage (blocks ${studio.cut}–${studio.numBlocks - 1} of ${studio.numBlocks}) + head on cached activations: ${TRAIN} train items, ${VAL} validation, batch ${BATCH}\n`);
  process.stdout.write('| runtime | s/epoch | forward | backward | optimizer | validation | studio ÷ this |\n|---|---|---|---|---|---|---|\n');
  for (const t of tN === t1 ? [t1] : [t1, tN]) {
    process.stdout.write(`| PyTorch ${f(t.threads, 0)} thread${t.threads > 1 ? 's' : ''} | ${f(t.seconds, 2)} | ${f(t.forward, 2)} | ${f(t.backward, 2)} | ${f(t.optimizer, 2)} | ${f(t.valSeconds, 2)} | ${f(s / t.seconds)}× |\n`);
  }
  const p = studio.profile;
  const steps = Math.ceil(TRAIN / BATCH);
  process.stdout.write(
    `| studio (${studio.backend}, fitSgd) | ${f(s, 2)} | ≈${f(((p.forwardMs / 1000) * steps), 2)} | ≈${f(((p.gradStepMs - p.forwardMs) / 1000) * steps, 2)} | ≈${f((p.optimizerMs / 1000) * steps, 2)} | (in s/epoch) | 1.0× |\n`,
  );
  process.stdout.write(`ratio studio / PyTorch (best threads): ${f(s / best)}×  (epochs timed: ${studio.epochSeconds.map((x) => f(x, 1)).join(', ')} s)\n`);
  process.stdout.write(`one studio step at batch ${p.batch}: forward ${f(p.forwardMs, 0)} ms, forward+backward ${f(p.gradStepMs, 0)} ms, AdamW ${f(p.optimizerMs, 0)} ms; kernel self-times (ms):\n`);
  const total = p.kernels.reduce((a, k) => a + k.ms, 0);
  for (const k of p.kernels.filter((k) => k.ms >= total * 0.005)) {
    process.stdout.write(`  ${k.phase.padEnd(9)} ${k.name.padEnd(24)} ${f(k.ms, 0).padStart(7)}  ${f((100 * k.ms) / total, 1).padStart(5)} %  (${k.calls} calls)\n`);
  }
}
