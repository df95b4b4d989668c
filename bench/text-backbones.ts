// BERT-base and GPT-2 (124M) at canonical size with random weights: load time, memory against
// the checkpoint's size, and feature throughput at sequence length 128 on the current tfjs
// backend beside a plain-torch reference (scripts/bench/text_reference.py) on this machine.
// Checkpoints are generated once into a cache folder (STUDIO_BENCH_CACHE, else
// ~/.cache/transfer-studio/bench), never committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCacheDir, PY, pythonJson, pythonMissing } from './measure';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(here, '../scripts/bench/text_reference.py');
const WORKER = join(here, 'text-backbones-worker.ts');
const BATCH = 8;
const SEQ = 128;
const SECONDS = Number(process.env.STUDIO_BENCH_SECONDS ?? 8);

interface WorkerResult {
  backend: string;
  loadMs: number;
  rssBeforeMB: number;
  rssAfterLoadMB: number;
  peakAfterLoadMB: number;
  peakMB: number;
  itemsPerSec: number;
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
    const w = spawnSync(process.execPath, ['--import', 'tsx', WORKER, family, dir, String(BATCH), String(SEQ), String(SECONDS)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: process.env,
    });
    if (w.status !== 0) {
      const reason = w.stderr.split('\n').find((l) => /^\w*Error\b/.test(l)) ?? w.stderr.trim().split('\n').pop();
      throw new Error(`${label} worker failed: ${reason}`);
    }
    const r = JSON.parse(w.stdout.trim().split('\n').pop() ?? '{}') as WorkerResult;

    const featsPath = join(tmpdir(), `text-bench-${family}-${process.pid}.json`);
    const torch1 = torchRun(family, dir, 1, featsPath);
    const torchN = threadsAll > 1 ? torchRun(family, dir, threadsAll) : torch1;
    const diff = maxAbsDiff(r.features, JSON.parse(readFileSync(featsPath, 'utf8')) as number[][]);
    rmSync(featsPath, { force: true });

    const lines = [
      `${label}: checkpoint ${fmt(fileMB)} MB (random weights, ${dir})`,
      `  load (loadBackbone: config, tokenizer, weights, sha256): ${fmt(r.loadMs / 1000, 2)} s; RSS ${fmt(r.rssBeforeMB, 0)} → ${fmt(r.rssAfterLoadMB, 0)} MB, peak during load ${fmt(r.peakAfterLoadMB, 0)} MB ` +
        `(+${fmt(r.peakAfterLoadMB - r.rssBeforeMB, 0)} MB = ${fmt((r.peakAfterLoadMB - r.rssBeforeMB) / fileMB, 2)}× file); peak with inference ${fmt(r.peakMB, 0)} MB`,
      `  features, batch ${BATCH} × ${SEQ} tokens: tfjs ${r.backend} ${fmt(r.itemsPerSec, 2)} items/s | torch ${fmt(torch1, 2)} items/s (1 thread), ` +
        `${fmt(torchN, 2)} items/s (${threadsAll} threads) | tfjs/torch(1 thread) = ${fmt(r.itemsPerSec / torch1, 2)}`,
      `  parity with the torch reference at full size (4 right-padded rows): max abs diff ${diff.toExponential(2)}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
}
