import * as tf from '../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../electron/core/backbones/load';
import { openCore, type Core } from '../../electron/core/core';
import { decodeModel } from '../../electron/core/onnx/proto';
import { floatFeed, int64Feed, runOutput } from '../../electron/core/onnx/run';
import { createSession } from '../../electron/core/onnx/session';
import { runModelSpec } from '../../electron/core/predict/spec';
import { encoderFor } from '../../electron/core/training/data/encoder-for';
import type { PlanItem } from '../../electron/core/training/data/types';
import { packageRoot } from '../../electron/core/version';
import { appPixels, manualRun, perturbedLastStage } from '../export/helpers/exported';
import { tempDir } from '../training/helpers/fixture';
import { readNpy } from '../helpers/npy';
import { nchwToNhwc } from '../backbones/helpers';
import { maxAbsDiff, PARITY } from './helpers';
import { ensureSmallVggRefs } from './vgg-refs';
import { torchUnavailable } from '../backbones/cnn-refs';
import type * as Ort from 'onnxruntime-node';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';

const root = packageRoot();
const PY = '/usr/bin/python3';
const checkerSkip: string | null = !existsSync(PY)
  ? `${PY} is not installed`
  : spawnSync(PY, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0
    ? null
    : 'python3 has no onnx module (apt install python3-onnx)';
if (checkerSkip) console.warn(`onnx.checker checks skipped: ${checkerSkip}`);

/** onnx.checker.check_model(full_check=True) through Debian's python3-onnx; null when it cannot run here. */
function checker(path: string): { ok: boolean; error?: string; opset?: Record<string, number>; metadata?: Record<string, string> } | null {
  if (checkerSkip) return null;
  const r = spawnSync(PY, [join(root, 'scripts', 'onnx', 'check_onnx.py'), path], { encoding: 'utf8' });
  return JSON.parse(r.stdout) as { ok: boolean };
}

let core: Core;
let dir: string;
const sessions: Ort.InferenceSession[] = [];

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core).call(method, params);

beforeAll(async () => {
  await tf.setBackend('wasm');
  dir = tempDir('studio-export-onnx-');
  core = openCore({ dataDir: dir, workers: { env: { STUDIO_BACKEND: 'wasm' } } });
});
afterAll(async () => {
  for (const s of sessions) await s.release();
  await core?.close();
});

/** Exports the run as ONNX and opens the one file in ORT as is. */
async function exported(runId: number, name: string) {
  const out = join(dir, name);
  const r = await call('export.run', { runId, format: 'onnx', outDir: out });
  expect(r.files).toContain('model.onnx');
  expect(r.files).toContain('README.md');
  const path = join(out, 'model.onnx');
  const bytes = readFileSync(path);
  const { session } = await createSession(bytes);
  sessions.push(session);
  const meta = Object.fromEntries(decodeModel(bytes).metadata_props.map((p) => [p.key, p.value]));
  return { out, path, session, meta, card: readFileSync(join(out, 'README.md'), 'utf8') };
}

function expectChecked(path: string, labels: string[]) {
  const rep = checker(path);
  if (!rep) return;
  expect(rep.error).toBeUndefined();
  expect(rep.ok).toBe(true);
  expect(rep.opset).toEqual({ 'ai.onnx': 17 });
  expect(JSON.parse(rep.metadata!.labels!)).toEqual(labels);
}

describe(`ONNX export: one file, runs in ONNX Runtime as is, the studio's logits to 1e-4, passes onnx.checker${checkerSkip ? ` (checker skipped: ${checkerSkip})` : ''}`, () => {
  it('ResNet (the starter, last stage fine-tuned): app pixels → the app’s logits; labels and preprocessing in metadata; model card', async () => {
    const starter = join(root, 'resources', 'backbones', 'starter-resnet');
    const demo = join(root, 'resources', 'demo');
    const { id: backboneId } = await call('backbones.addLocal', { path: starter });
    const labels = readdirSync(demo, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const items: PlanItem[] = labels.flatMap((l, k) => readdirSync(join(demo, l)).slice(0, 2).map((f, i) => ({ itemId: k * 10 + i, contentHash: `${l}-${f}`, label: k, subset: 'test' as const, path: join(demo, l, f) })));
    const { cut, tensors } = await perturbedLastStage(starter, labels.length);
    const { runId, appLogits } = await manualRun(core, { dir: join(dir, 'resnet-run'), backboneId, mode: 'finetune', config: { mode: 'tail', cut }, tensors, labels, items });
    const { path, session, meta, card } = await exported(runId, 'resnet');
    const pixels = await appPixels(starter, items);
    const nchw = tf.transpose(pixels, [0, 3, 1, 2]);
    const logits = await runOutput(session, { pixel_values: floatFeed((await nchw.data()) as Float32Array, nchw.shape) }, 'logits');
    tf.dispose([pixels, nchw]);
    const d = maxAbsDiff(logits.data, appLogits.flat());
    console.info(`ResNet ONNX export: max |Δlogit| = ${d.toExponential(2)} over ${items.length} demo images`);
    expect(d).toBeLessThanOrEqual(1e-4);
    expect(JSON.parse(meta.labels!)).toEqual(labels);
    expect(JSON.parse(meta.preprocessing!)).toMatchObject({ size: [expect.any(Number), expect.any(Number)], mean: expect.any(Array), std: expect.any(Array) });
    expect(meta.mode).toBe('finetune');
    expect(card).toMatch(/library_name: onnx/);
    expectChecked(path, labels);
  }, 180_000);

  /** A probe run with a seeded head; the studio's logits computed here as its model does (tfjs features · head). */
  async function probe(name: string, backboneDir: string, labels: string[]) {
    const { id: backboneId } = await call('backbones.addLocal', { path: backboneDir });
    const { backbone } = await loadBackbone(backboneDir);
    const d = backbone.info.featureDim;
    backbone.dispose();
    const w = tf.randomNormal([d, labels.length], 0, 0.3, 'float32', 3);
    const b = tf.tensor1d(labels.map((_, i) => 0.3 * i - 0.5));
    const tensors = new Map<string, tf.Tensor>([['head.fc.weight', w.clone()], ['head.fc.bias', b.clone()]]);
    const { runId } = await manualRun(core, { dir: join(dir, `${name}-run`), backboneId, mode: 'probe', config: { mode: 'probe' }, tensors, labels, items: [] });
    return { runId, w, b };
  }

  /** The exported model's logits for an image input equal the studio's tfjs features · the probe's head. */
  async function expectPixelLogits(runId: number, name: string, bdir: string, input: string, w: tf.Tensor, b: tf.Tensor) {
    const out = await exported(runId, name);
    const x = readNpy(join(bdir, input));
    const got = await runOutput(out.session, { pixel_values: floatFeed(x.data as Float32Array, x.shape) }, 'logits');
    const { backbone } = await loadBackbone(bdir);
    const pixels = nchwToNhwc(x);
    const f = backbone.features({ pixels });
    const want = tf.tidy(() => tf.add(tf.matMul(f, w), b));
    expect(maxAbsDiff(got.data, want.dataSync())).toBeLessThanOrEqual(1e-4);
    tf.dispose([pixels, f, want, w, b]);
    backbone.dispose();
    return out;
  }

  for (const name of ['timm-vit', 'hf-vit']) {
    it(`${name} probe: pixels → logits equal the studio's tfjs features · head`, async () => {
      const bdir = join(PARITY, name);
      const labels = ['a', 'b', 'c'];
      const { runId, w, b } = await probe(name, bdir, labels);
      const { path, meta } = await expectPixelLogits(runId, name, bdir, 'input.npy', w, b);
      expect(meta.family).toBe('vit');
      expectChecked(path, labels);
    }, 120_000);
  }

  const torchSkip = torchUnavailable();
  it.skipIf(torchSkip !== null)(`VGG-11 (torchvision naming, 64-wide classifier) probe at 224 px: logits equal the studio's tfjs features · head${torchSkip ? ` (skipped: ${torchSkip})` : ''}`, async () => {
    const bdir = join(ensureSmallVggRefs(), 'vgg11');
    const labels = ['x', 'y'];
    const { runId, w, b } = await probe('vgg11', bdir, labels);
    const { path } = await expectPixelLogits(runId, 'vgg11', bdir, 'input_224.npy', w, b);
    expectChecked(path, labels);
  }, 180_000);

  for (const name of ['hf-bert', 'hf-gpt2']) {
    it(`${name} probe: the run's token ids → the app's logits (model process), tokenizer files beside the model`, async () => {
      const bdir = join(PARITY, name);
      const labels = ['negative', 'neutral', 'positive'];
      const texts = (JSON.parse(readFileSync(join(bdir, 'texts.json'), 'utf8')) as { texts: string[] }).texts.filter((t) => t !== '');
      const items: PlanItem[] = texts.map((text, i) => ({ itemId: i, contentHash: `t${i}`, label: i % 3, subset: 'test', text }));
      const { id: backboneId } = await call('backbones.addLocal', { path: bdir });
      const { backbone, preprocessing } = await loadBackbone(bdir);
      const d = backbone.info.featureDim;
      backbone.dispose();
      const tensors = new Map<string, tf.Tensor>([['head.fc.weight', tf.randomNormal([d, 3], 0, 0.3, 'float32', 3)], ['head.fc.bias', tf.tensor1d([0.7, -1.3, 0.4])]]);
      const { runId, appLogits } = await manualRun(core, { dir: join(dir, `${name}-run`), backboneId, mode: 'probe', config: { mode: 'probe' }, tensors, labels, items });
      const { out, path, session } = await exported(runId, name);
      expect(existsSync(join(out, 'tokenizer.json'))).toBe(true);
      const spec = runModelSpec(core.ctx, runId, core.ctx.services.models).spec;
      const enc = (await encoderFor(preprocessing, { augmentViews: 1, maxLength: spec.maxLength }, '').encode(items, 0)) as unknown as Record<string, tf.Tensor2D>;
      const shape = enc.inputIds!.shape;
      const feeds: Record<string, Ort.Tensor> = { input_ids: int64Feed(enc.inputIds!.dataSync(), shape), attention_mask: int64Feed(enc.attentionMask!.dataSync(), shape) };
      if (name === 'hf-bert') feeds.token_type_ids = int64Feed(enc.tokenTypeIds!.dataSync(), shape);
      tf.dispose(Object.values(enc));
      const got = await runOutput(session, feeds, 'logits');
      const dd = maxAbsDiff(got.data, appLogits.flat());
      console.info(`${name} ONNX export: max |Δlogit| = ${dd.toExponential(2)}`);
      expect(dd).toBeLessThanOrEqual(1e-4);
      expectChecked(path, labels);
    }, 120_000);
  }
});
