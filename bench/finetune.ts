// The fine-tune epoch against PyTorch, in one run: ResNet-50 (random full-size weights; no hub here) with
// its last stage (layer4, the family default) unfrozen, trained on cut-point activations as the studio
// caches them ([14, 14, 1024] per item), a new 2-class head, AdamW, BatchNorm on its running statistics.
// The studio's own fit loop (fitSgd on wasm) against scripts/onnx/finetune_epoch.py (the same tail in
// torchvision, 1 thread — what wasm gets in Node — and every core), the studio before this issue's kernel
// fixes (STUDIO_BENCH_FT_BEFORE=0 skips it) and now, and the ONNX Runtime training graph (onnx/train/), then
// where the studio's step goes, per kernel. Wall and CPU seconds: on a shared machine the CPU seconds of the
// one-thread runs are the comparable figures. STUDIO_BENCH_FT_TRAIN / _VAL / _BATCH / _EPOCHS change the shape.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
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
  cpuSeconds: number;
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
  medianEpochCpuSeconds: number;
  profile: StepProfile | null;
}

interface OrtEpoch {
  label: string;
  threads: number;
  medianEpochSeconds: number;
  medianEpochCpuSeconds: number;
  lastLoss: number;
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
  const args = [backbone, join(data, 'acts.npy'), join(data, 'labels.npy'), String(TRAIN), String(VAL), String(BATCH), String(EPOCHS)];
  const cores = cpus().length;

  const t1 = torchEpoch(backbone, data, 1);
  const tN = cores > 1 ? torchEpoch(backbone, data, cores) : null;
  const before = process.env.STUDIO_BENCH_FT_BEFORE === '0' ? null : runWorker<StudioEpoch>('finetune (studio, shipped kernels)', join(here, 'finetune-worker.ts'), [...args, 'before']);
  const after = runWorker<StudioEpoch>('finetune (studio)', join(here, 'finetune-worker.ts'), [...args, 'after']);
  const ort1 = runWorker<OrtEpoch>('finetune (ORT training graph)', join(here, 'finetune-ort-worker.ts'), [...args, '1']);
  const ortN = cores > 1 ? runWorker<OrtEpoch>('finetune (ORT training graph)', join(here, 'finetune-ort-worker.ts'), [...args, String(cores)]) : null;

  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  process.stdout.write(`ResNet-50 fine-tune epoch, last stage (blocks ${after.cut}–${after.numBlocks - 1} of ${after.numBlocks}) + head on cached activations: ${TRAIN} train items, ${VAL} validation, batch ${BATCH}; ${cores} cores, load average ${load}\n`);
  process.stdout.write('| runtime | wall s/epoch | CPU s/epoch | ÷ PyTorch 1 thread (wall / CPU) |\n|---|---|---|---|\n');
  const row = (name: string, wall: number, cpu: number) =>
    process.stdout.write(`| ${name} | ${f(wall, 2)} | ${f(cpu, 2)} | ${f(wall / t1.seconds)}× / ${f(cpu / t1.cpuSeconds)}× |\n`);
  row(`PyTorch ${t1.threads} thread (fwd ${f(t1.forward, 2)}, bwd ${f(t1.backward, 2)}, AdamW ${f(t1.optimizer, 2)} s)`, t1.seconds, t1.cpuSeconds);
  if (tN) row(`PyTorch ${tN.threads} threads`, tN.seconds, tN.cpuSeconds);
  if (before) row('studio wasm, before (tfjs 4.22’s shipped Conv2DBackpropInput + BatchNorm gradient)', before.medianEpochSeconds, before.medianEpochCpuSeconds);
  row('studio wasm, now (XNNPACK input gradient, broadcasting BatchNorm gradient)', after.medianEpochSeconds, after.medianEpochCpuSeconds);
  row(`ORT training graph, 1 thread (its step is what STUDIO_FINETUNE_ENGINE=ort runs)`, ort1.medianEpochSeconds, ort1.medianEpochCpuSeconds);
  if (ortN) row(`ORT training graph, ${ortN.threads} threads`, ortN.medianEpochSeconds, ortN.medianEpochCpuSeconds);
  const best = Math.min(t1.seconds, tN?.seconds ?? Infinity);
  process.stdout.write(
    `studio / PyTorch (best threads, wall): ${before ? `before ${f(before.medianEpochSeconds / best)}×, ` : ''}now ${f(after.medianEpochSeconds / best)}×; ORT graph ${f(Math.min(ort1.medianEpochSeconds, ortN?.medianEpochSeconds ?? Infinity) / best)}×  (${ort1.label})\n`,
  );
  const p = after.profile;
  if (!p) return;
  process.stdout.write(`one studio step at batch ${p.batch}: forward ${f(p.forwardMs, 0)} ms, forward+backward ${f(p.gradStepMs, 0)} ms, AdamW ${f(p.optimizerMs, 0)} ms; kernel self-times (ms):\n`);
  const total = p.kernels.reduce((a, k) => a + k.ms, 0);
  for (const k of p.kernels.filter((k) => k.ms >= total * 0.005)) {
    process.stdout.write(`  ${k.phase.padEnd(9)} ${k.name.padEnd(24)} ${f(k.ms, 0).padStart(7)}  ${f((100 * k.ms) / total, 1).padStart(5)} %  (${k.calls} calls)\n`);
  }
}
