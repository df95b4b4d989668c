import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../electron/core/version';
import { probeAccuracy, type TextSplit } from '../../bench/text-transfer';
import { randomInitCopy } from './random-init';

// The benchmark's own split, committed (scripts/text/make_text_data.py --split; 80 train, 40 validation, 80 test
// package descriptions per Debian section): a task the starters never saw in pretraining (man pages). Smaller
// slices did not show the first starters' few-point gap (on 40 or 60 per section the probes were within 3 points
// either way), and one random draw is no baseline either (on this split the random-weight probe ranges over
// 8 points from seed to seed), so the gap is taken to the mean of SEEDS draws. 32 tokens hold every
// description. The random draws here are test/text/random-init.ts's (the bench's are torch's), so the figures
// differ by a draw's spread. ~4 s a probe: 14 s for BERT's four, 18 s for GPT-2's.
const split = JSON.parse(readFileSync(join(packageRoot(), 'test', 'fixtures', 'text', 'sections-bench.json'), 'utf8')) as TextSplit;
const SEEDS = 3;
const made: string[] = [];

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the pretrained starter text backbones transfer', () => {
  for (const family of ['bert', 'gpt2']) {
    it(`starter-${family}: the default probe beats the same architecture with random weights (mean of ${SEEDS} seeds) by ≥ 5 points`, async () => {
      const starter = join(packageRoot(), 'resources', 'backbones', `starter-${family}`);
      const pre = await probeAccuracy(starter, split, 32);
      const rnd: number[] = [];
      for (let seed = 0; seed < SEEDS; seed++) {
        const random = await randomInitCopy(starter, seed);
        made.push(random);
        rnd.push((await probeAccuracy(random, split, 32)).accuracy);
      }
      const mean = rnd.reduce((a, b) => a + b, 0) / SEEDS;
      console.info(`starter-${family}: pretrained ${(100 * pre.accuracy).toFixed(1)} %, random init ${rnd.map((a) => (100 * a).toFixed(1)).join(' / ')} % (mean ${(100 * mean).toFixed(1)} %, ${split.test.length} test texts)`);
      expect(pre.accuracy - mean).toBeGreaterThanOrEqual(0.05);
    }, 240_000);
  }
});
