// BERT-base and GPT-2 (124M) at canonical size with random weights: load time, memory against
// the checkpoint's size, and feature throughput at sequence length 128 on the current tfjs
// backend beside a plain-torch reference (scripts/bench/text_reference.py) on this machine.
// Checkpoints are generated once into a cache folder (STUDIO_BENCH_CACHE, else
// ~/.cache/transfer-studio/bench), never committed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCacheDir, loadLine, PY, pythonJson, pythonMissing, runWorker, type LoadFigures } from './measure';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(here, '../scripts/bench/text_reference.py');
const WORKER = join(here, 'text-backbones-worker.ts');
const BATCH = 8;
const SEQ = 128;
const SECONDS = Number(process.env.STUDIO_BENCH_SECONDS ?? 8);

interface WorkerResult extends LoadFigures {
  features: number[][];
}

const torchAvailable = () => pythonMissing('torch, numpy', 'python3-torch / numpy not installed (apt-get install python3-torch)');

function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}

function torchRun(family: string, dir: string, threads: number, out?: string): number {
  const args = [SCRIPT, 'bench', '--family', family, '--dir', dir, '--threads', String(threads), '--batch', String(BATCH), '--seq', String(SEQ), '--seconds', String(SECONDS)];
  if (out) args.push('--out', out);
  return pythonJson<{ itemsPerSec: number }>(args).itemsPerSec;
}

const fmt = (n: number, d = 1) => n.toFixed(d);

export async function benchTextBackbones(): Promise<void> {
  const noTorch = torchAvailable();
  if (noTorch) {
    process.stdout.write(`text-backbones: skipped: the random-weight checkpoints are generated with python3 + numpy, and ${noTorch}\n`);
    return;
  }
  const cache = benchCacheDir();
  const threadsAll = cpus().length;
  for (const family of ['bert', 'gpt2'] as const) {
    const label = family === 'bert' ? 'BERT-base' : 'GPT-2 (124M)';
    const dir = join(cache, `${family}-random`);
    if (!existsSync(join(dir, 'model.safetensors')) || !existsSync(join(dir, 'inputs.json')) || !existsSync(join(dir, family === 'bert' ? 'vocab.txt' : 'vocab.json'))) {
      mkdirSync(dir, { recursive: true });
      process.stderr.write(`generating ${label} random checkpoint in ${dir}\n`);
      execFileSync(PY, [SCRIPT, 'make', '--family', family, '--out', dir], { stdio: 'inherit' });
    }
    const fileMB = statSync(join(dir, 'model.safetensors')).size / 2 ** 20;
    const r = runWorker<WorkerResult>(label, WORKER, [family, dir, String(BATCH), String(SEQ), String(SECONDS)]);

    const featsPath = join(tmpdir(), `text-bench-${family}-${process.pid}.json`);
    const torch1 = torchRun(family, dir, 1, featsPath);
    const torchN = threadsAll > 1 ? torchRun(family, dir, threadsAll) : torch1;
    const diff = maxAbsDiff(r.features, JSON.parse(readFileSync(featsPath, 'utf8')) as number[][]);
    rmSync(featsPath, { force: true });

    const lines = [
      `${label}: checkpoint ${fmt(fileMB)} MB (random weights, ${dir})`,
      loadLine('config, tokenizer, weights, sha256', r, fileMB),
      `  features, batch ${BATCH} × ${SEQ} tokens: tfjs ${r.backend} ${fmt(r.itemsPerSec, 2)} items/s | torch ${fmt(torch1, 2)} items/s (1 thread), ` +
        `${fmt(torchN, 2)} items/s (${threadsAll} threads) | tfjs/torch(1 thread) = ${fmt(r.itemsPerSec / torch1, 2)}`,
      `  parity with the torch reference at full size (4 right-padded rows): max abs diff ${diff.toExponential(2)}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
}
