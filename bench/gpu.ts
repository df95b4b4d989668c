// What really runs on this machine, ready for a GPU box: the tfjs training rung (tfjs-node-gpu counts
// only when TensorFlow reports a GPU device) and the ONNX Runtime provider (each tried alone), with the
// reason every higher rung was passed over, then ORT feature throughput for each family on that
// provider (random full-size weights from the bench cache; here, without a GPU, it reports the CPU).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphBuilder } from '../electron/core/onnx/graph';
import { DataType } from '../electron/core/onnx/proto';
import { createSession } from '../electron/core/onnx/session';
import { climbLadder, parseForcedBackend } from '../electron/core/training/backend/ladder';
import { defaultRungs } from '../electron/core/training/backend/rungs';
import { benchCacheDir, PY, pythonMissing } from './measure';
import { ensureBenchCheckpoints, ortWorker } from './onnx';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.STUDIO_BENCH_SECONDS ?? 5);

export async function benchGpu(): Promise<void> {
  const tfjs = await climbLadder(defaultRungs(), parseForcedBackend(process.env.STUDIO_BACKEND));
  process.stdout.write(`tfjs training rung: ${tfjs.name}${tfjs.skipped.map((s) => `\n  skipped ${s.name}: ${s.reason}`).join('')}\n`);
  const g = new GraphBuilder('probe');
  g.output(g.add(g.input('x', DataType.FLOAT, ['n']), g.scalar('one', 1)), 'y', DataType.FLOAT, ['n']);
  const { session, choice } = await createSession(g.toModel({ producerVersion: 'bench' }));
  await session.release();
  process.stdout.write(`ONNX Runtime provider: ${choice.ep}${choice.attempts.map((a) => `\n  skipped ${a.ep}: ${a.reason}`).join('')}\n`);

  const missing = pythonMissing('torch, torchvision', 'python3-torch / torchvision not installed');
  if (missing) {
    process.stdout.write(`per-family throughput skipped: the random full-size checkpoints are generated with PyTorch, and ${missing}\n`);
    return;
  }
  const cache = benchCacheDir();
  ensureBenchCheckpoints(cache);
  const gpt2 = join(cache, 'gpt2-random');
  if (!existsSync(join(gpt2, 'model.safetensors')) || !existsSync(join(gpt2, 'vocab.json'))) {
    execFileSync(PY, [join(here, '..', 'scripts', 'bench', 'text_reference.py'), 'make', '--family', 'gpt2', '--out', gpt2], { stdio: 'inherit' });
  }
  const batch = Number(process.env.STUDIO_BENCH_BATCH ?? 8);
  process.stdout.write(`ORT feature throughput on ${choice.ep}, batch ${batch} (${SECONDS} s each):\n`);
  for (const [name, kind, dir, size] of [
    ['ResNet-50 224 px', 'image', join(cache, 'resnet50'), 224],
    ['VGG-16 224 px', 'image', join(cache, 'vgg16'), 224],
    ['ViT-B/16 224 px', 'image', join(cache, 'vit_base_patch16_224'), 224],
    ['BERT-base seq 128', 'text', join(cache, 'bert-random'), 128],
    ['GPT-2 (124M) seq 128', 'text', gpt2, 128],
  ] as const) {
    try {
      const r = ortWorker(name, kind, dir, batch, size, SECONDS);
      process.stdout.write(`  ${name}: ${r.itemsPerSec.toFixed(2)} items/s (${r.ep}; session start ${(r.sessionMs / 1000).toFixed(1)} s)\n`);
    } catch (e) {
      process.stdout.write(`  ${name}: failed: ${(e as Error).message}\n`);
    }
  }
}
