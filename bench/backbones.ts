// ResNet-50, VGG-16 and ViT-B/16 at 224 px with random weights: load time, memory against the
// checkpoint's size, full-size parity and feature throughput on the current tfjs backend, beside
// Debian PyTorch on this machine (scripts/parity/make_cnn_refs.py). Checkpoints are generated once
// into a cache folder (STUDIO_BENCH_CACHE, else ~/.cache/transfer-studio/bench), never committed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCacheDir, loadLine, PY, pythonJson, pythonMissing, runWorker, type LoadFigures } from './measure';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(here, '../scripts/parity/make_cnn_refs.py');
const WORKER = join(here, 'backbones-worker.ts');
const SIZE = 224;
const SECONDS = Number(process.env.STUDIO_BENCH_SECONDS ?? 8);
const archs = [
  { arch: 'resnet50', batch: 4 },
  { arch: 'vgg16', batch: 2 },
  { arch: 'vit_base_patch16_224', batch: 4 },
];

interface WorkerResult extends LoadFigures {
  loader: string;
  info: { featureDim: number; numBlocks: number };
  parityDiff: number | null;
}

const torchAvailable = () => pythonMissing('torch, torchvision', 'python3-torch / python3-torchvision not installed');

/** Writes the random checkpoints unless this version of the script already did. */
function ensureCheckpoints(cache: string): void {
  const stamp = join(cache, 'image-stamp');
  const version = createHash('sha256').update(readFileSync(SCRIPT)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return;
  process.stderr.write(`generating random ResNet-50 / VGG-16 / ViT-B checkpoints in ${cache}\n`);
  execFileSync(PY, [SCRIPT, 'bench', '--out', cache], { stdio: 'inherit' });
  writeFileSync(stamp, version);
}

function torchRun(arch: string, batch: number, threads: number, save?: string): number {
  const args = [SCRIPT, 'throughput', '--arch', arch, '--size', String(SIZE), '--batch', String(batch), '--seconds', String(SECONDS), '--threads', String(threads)];
  if (save) args.push('--save', save);
  return pythonJson<{ items_per_s: number }>(args).items_per_s;
}

const fmt = (n: number, d = 1) => n.toFixed(d);

export async function benchBackbones(): Promise<void> {
  const noTorch = torchAvailable();
  if (noTorch) {
    process.stdout.write(`backbones: skipped: the random-weight checkpoints are generated with torchvision, and ${noTorch}\n`);
    return;
  }
  const cache = benchCacheDir();
  ensureCheckpoints(cache);
  const threadsAll = cpus().length;
  for (const { arch, batch } of archs) {
    const dir = join(cache, arch);
    // torch first: it also writes the full-size parity input/features the worker checks.
    const torch1 = torchRun(arch, batch, 1, dir);
    const torchN = threadsAll > 1 ? torchRun(arch, batch, threadsAll) : torch1;
    const fileMB = statSync(join(dir, 'model.safetensors')).size / 2 ** 20;
    const r = runWorker<WorkerResult>(arch, WORKER, [dir, String(batch), String(SIZE), String(SECONDS)]);
    const lines = [
      `${arch} (${r.loader}, ${r.info.featureDim}-d features, ${r.info.numBlocks} blocks): checkpoint ${fmt(fileMB)} MB (random weights, ${dir})`,
      loadLine('config, weights, sha256', r, fileMB),
      `  features, batch ${batch} × ${SIZE} px: tfjs ${r.backend} ${fmt(r.itemsPerSec, 2)} items/s | torch ${fmt(torch1, 2)} items/s (1 thread), ` +
        `${fmt(torchN, 2)} items/s (${threadsAll} threads) | tfjs/torch(1 thread) = ${fmt(r.itemsPerSec / torch1, 2)}`,
      `  parity with torch at full size (2 images, float64 reference): max abs diff ${r.parityDiff === null ? 'n/a' : r.parityDiff.toExponential(2)}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
}
