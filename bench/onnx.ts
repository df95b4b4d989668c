// ONNX Runtime against the studio's tfjs-wasm path and PyTorch on this machine, in one run:
// feature throughput for ResNet-50, ViT-B/16 (224 px, batch 8) and BERT-base (batch 8 × 128 tokens),
// random full-size weights (no hub here), then the user's job — 300 photos, ResNet-50, probe — timed
// to its result in the studio (cold feature cache, then a warm re-run) against a plain PyTorch script
// (scripts/onnx/probe_job.py). Checkpoints and images are generated once into the bench cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCacheDir, PY, pythonJson, pythonMissing, runWorker } from './measure';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const CNN = join(root, 'scripts', 'parity', 'make_cnn_refs.py');
const TEXT = join(root, 'scripts', 'bench', 'text_reference.py');
const JOB = join(root, 'scripts', 'onnx', 'probe_job.py');
const SECONDS = Number(process.env.STUDIO_BENCH_SECONDS ?? 8);
const BATCH = 8;
const fmt = (n: number, d = 1) => n.toFixed(d);

interface OrtResult {
  itemsPerSec: number;
  ep: string;
  label: string;
  buildMs: number;
  sessionMs: number;
  modelMB: number;
  parityDiff: number | null;
}

export function ortWorker(label: string, kind: 'image' | 'text', dir: string, batch: number, sizeOrSeq: number, seconds = SECONDS): OrtResult {
  return runWorker<OrtResult>(`${label} (ORT)`, join(here, 'onnx-worker.ts'), [kind, dir, String(batch), String(sizeOrSeq), String(seconds)]);
}

/** Generates the random full-size checkpoints the throughput rows use, unless already there. */
export function ensureBenchCheckpoints(cache: string): void {
  if (!existsSync(join(cache, 'resnet50', 'model.safetensors')) || !existsSync(join(cache, 'vit_base_patch16_224', 'model.safetensors'))) {
    execFileSync(PY, [CNN, 'bench', '--out', cache], { stdio: 'inherit' });
  }
  const bert = join(cache, 'bert-random');
  if (!existsSync(join(bert, 'model.safetensors')) || !existsSync(join(bert, 'vocab.txt'))) execFileSync(PY, [TEXT, 'make', '--family', 'bert', '--out', bert], { stdio: 'inherit' });
}

function torchImage(arch: string, threads: number, save?: string): number {
  const args = [CNN, 'throughput', '--arch', arch, '--size', '224', '--batch', String(BATCH), '--seconds', String(SECONDS), '--threads', String(threads)];
  if (save) args.push('--save', save);
  return pythonJson<{ items_per_s: number }>(args).items_per_s;
}

function torchBert(dir: string, threads: number): number {
  return pythonJson<{ itemsPerSec: number }>([TEXT, 'bench', '--family', 'bert', '--dir', dir, '--threads', String(threads), '--batch', String(BATCH), '--seq', '128', '--seconds', String(SECONDS)]).itemsPerSec;
}

function studio(dataDir: string, args: string[]): { seconds: number; json: Record<string, unknown> } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'studio.mjs'), '--data-dir', dataDir, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, STUDIO_BACKEND: 'wasm' } });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`studio ${args[0]} failed: ${r.stderr.trim().split('\n').pop()}`);
  return { seconds, json: JSON.parse(r.stdout) as Record<string, unknown> };
}

async function throughput(cache: string): Promise<void> {
  const threads = cpus().length;
  const rows: Array<{ name: string; ort: OrtResult; tfjs: number; torch: number; torchThreads: number }> = [];
  for (const [name, arch] of [
    ['ResNet-50', 'resnet50'],
    ['ViT-B/16', 'vit_base_patch16_224'],
  ] as const) {
    const dir = join(cache, arch);
    const t1 = torchImage(arch, 1, dir); // also writes the full-size parity input/features
    const tN = threads > 1 ? torchImage(arch, threads) : t1;
    const ort = ortWorker(name, 'image', dir, BATCH, 224);
    const tfjs = runWorker<{ itemsPerSec: number }>(`${name} (tfjs)`, join(here, 'backbones-worker.ts'), [dir, String(BATCH), '224', String(SECONDS)]).itemsPerSec;
    rows.push({ name, ort, tfjs, torch: Math.max(t1, tN), torchThreads: t1 >= tN ? 1 : threads });
  }
  const bert = join(cache, 'bert-random');
  const b1 = torchBert(bert, 1);
  const bN = threads > 1 ? torchBert(bert, threads) : b1;
  const ortB = ortWorker('BERT-base', 'text', bert, BATCH, 128);
  const tfjsB = runWorker<{ itemsPerSec: number }>('BERT-base (tfjs)', join(here, 'text-backbones-worker.ts'), ['bert', bert, String(BATCH), '128', String(SECONDS)]).itemsPerSec;
  rows.push({ name: 'BERT-base seq128', ort: ortB, tfjs: tfjsB, torch: Math.max(b1, bN), torchThreads: b1 >= bN ? 1 : threads });

  process.stdout.write(`feature throughput, items/s (batch ${BATCH}; ${threads} cores; random full-size weights; ${SECONDS} s each)\n`);
  process.stdout.write('| backbone | ORT | tfjs wasm | PyTorch (best threads) | ORT/tfjs | ORT/PyTorch | ORT vs PyTorch features |\n|---|---|---|---|---|---|---|\n');
  for (const r of rows) {
    const parity = r.ort.parityDiff === null ? 'n/a' : `max |Δ| ${r.ort.parityDiff.toExponential(1)}`;
    process.stdout.write(
      `| ${r.name} | ${fmt(r.ort.itemsPerSec, 2)} | ${fmt(r.tfjs, 2)} | ${fmt(r.torch, 2)} (${r.torchThreads}) | ${fmt(r.ort.itemsPerSec / r.tfjs)}× | ${fmt(r.ort.itemsPerSec / r.torch, 2)}× | ${parity} |\n`,
    );
  }
  process.stdout.write(`ORT: ${rows[0]!.ort.label}; graph build ${fmt(rows[0]!.ort.buildMs / 1000, 2)} s, session ${fmt(rows[0]!.ort.sessionMs / 1000, 2)} s (ResNet-50)\n`);
}

async function probeJob(cache: string): Promise<void> {
  const images = join(cache, 'probe-300');
  if (!existsSync(join(images, 'washers'))) execFileSync(PY, [JOB, 'make', '--out', images, '--n', '300'], { stdio: 'inherit' });
  const backbone = join(cache, 'resnet50');
  const torch = pythonJson<{ seconds: number; accuracy: number; threads: number }>([JOB, 'run', '--images', images, '--backbone', backbone, '--threads', String(cpus().length)]);
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-bench-onnx-'));
  try {
    const imp = studio(dataDir, ['import', images]);
    const bb = studio(dataDir, ['backbones', 'add', backbone]);
    const train = ['train', '--dataset', String(imp.json.datasetId), '--backbone', String(bb.json.backboneId), '--mode', 'probe'];
    const cold = studio(dataDir, train);
    const warm = studio(dataDir, train);
    const acc = (j: Record<string, unknown>) => (j.metrics as Record<string, number> | undefined)?.testAccuracy;
    process.stdout.write(`\n300-image probe job, ResNet-50 (time to result, wall clock):\n`);
    process.stdout.write(`  PyTorch script (scripts/onnx/probe_job.py, ${torch.threads} threads, whole process): ${fmt(torch.seconds)} s, test accuracy ${fmt(torch.accuracy * 100)} %\n`);
    process.stdout.write(`  studio train --mode probe, cold feature cache: ${fmt(cold.seconds)} s = ${fmt(cold.seconds / torch.seconds, 2)}× PyTorch (target ≤ 0.8×), test accuracy ${fmt((acc(cold.json) ?? NaN) * 100)} %\n`);
    process.stdout.write(`  studio train, warm re-run (cached features): ${fmt(warm.seconds)} s = ${fmt(warm.seconds / torch.seconds, 2)}× PyTorch (target ≤ 0.2×)\n`);
    process.stdout.write(`  (not counted above: studio import ${fmt(imp.seconds)} s — hashing, thumbnails, once per dataset; backbones add ${fmt(bb.seconds)} s)\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchOnnx(): Promise<void> {
  const missing = pythonMissing('torch, torchvision, sklearn, PIL', 'python3-torch / torchvision / sklearn / PIL not installed');
  if (missing) {
    process.stdout.write(`onnx: skipped: the random checkpoints and the PyTorch baselines need ${missing}\n`);
    return;
  }
  const cache = benchCacheDir();
  ensureBenchCheckpoints(cache);
  if (process.env.STUDIO_BENCH_ONNX !== 'job') await throughput(cache);
  if (process.env.STUDIO_BENCH_ONNX !== 'throughput') await probeJob(cache);
}
