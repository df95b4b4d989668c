import * as tf from '../../electron/core/tf/tf';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { encodeNpy } from '../../electron/core/backbones/npy';
import { loadBackbone } from '../../electron/core/backbones/load';
import { runModelSpec } from '../../electron/core/predict/spec';
import { encoderFor } from '../../electron/core/training/data/encoder-for';
import type { PlanItem } from '../../electron/core/training/data/types';
import { packageRoot } from '../../electron/core/version';
import { tempDir } from '../training/helpers/fixture';
import { manualRun, safetensorsHeader, torchSkipReason } from './helpers/exported';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';

// Tiny checkpoints written by transformers itself (../shared/parity, copied into the test data).
const fixtures = join(packageRoot(), 'test', 'fixtures', 'parity');
const texts: string[] = (JSON.parse(readFileSync(join(fixtures, 'hf-bert', 'texts.json'), 'utf8')) as { texts: string[] }).texts.filter((t) => t !== '');
const labels = ['negative', 'neutral', 'positive'];

let core: Core;
let dir: string;

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core).call(method, params);

beforeAll(() => {
  dir = tempDir('studio-export-text-');
  core = openCore({ dataDir: dir, workers: { env: { STUDIO_BACKEND: 'wasm' } } });
});
afterAll(async () => {
  await core?.close();
});

/** A probe run on `backboneDir` with a seeded head whose bias is far from zero (GPT-2's must be folded). */
async function probeRun(name: string, backboneDir: string) {
  const { id: backboneId } = await call('backbones.addLocal', { path: backboneDir });
  const { backbone, preprocessing } = await loadBackbone(backboneDir);
  const d = backbone.info.featureDim;
  backbone.dispose();
  const tensors = new Map<string, tf.Tensor>([
    ['head.fc.weight', tf.randomNormal([d, labels.length], 0, 0.3, 'float32', 3)],
    ['head.fc.bias', tf.tensor1d([0.7, -1.3, 0.4])],
  ]);
  const items: PlanItem[] = texts.map((text, i) => ({ itemId: i, contentHash: `t${i}`, label: i % labels.length, subset: 'test', text }));
  const run = await manualRun(core, { dir: join(dir, name), backboneId, mode: 'probe', config: { mode: 'probe' }, tensors, labels, items });
  // The ids, mask and types the app's model saw (the run's encoder, view 0).
  const spec = runModelSpec(core.ctx, run.runId, core.ctx.services.models).spec;
  const enc = (await encoderFor(preprocessing, { augmentViews: 1, maxLength: spec.maxLength }, '').encode(items, 0)) as unknown as Record<string, tf.Tensor2D>;
  const files: Record<string, string> = {};
  for (const [key, t] of Object.entries(enc)) {
    files[key] = join(dir, name, `${key}.npy`);
    writeFileSync(files[key], encodeNpy({ shape: t.shape, dtype: 'int32', data: (await t.data()) as Int32Array }));
  }
  tf.dispose(Object.values(enc));
  files.logits = join(dir, name, 'logits.npy');
  writeFileSync(files.logits, encodeNpy({ shape: [items.length, labels.length], dtype: 'float32', data: Float32Array.from(run.appLogits.flat()) }));
  const out = join(dir, name, 'export');
  await call('export.run', { runId: run.runId, format: 'safetensors', outDir: out });
  return { out, files };
}

function torchReport(out: string, files: Record<string, string>) {
  const args = ['scripts/text/check_text_export.py', '--export', out, '--ids', files.inputIds!, '--mask', files.attentionMask!, '--types', files.tokenTypeIds!, '--logits', files.logits!, '--json'];
  try {
    return JSON.parse(execFileSync('/usr/bin/python3', args, { encoding: 'utf8' })) as Record<string, unknown>;
  } catch (err) {
    return JSON.parse((err as { stdout: string }).stdout) as Record<string, unknown>;
  }
}

describe('safetensors export of text runs loads strictly into the transformers task classes', () => {
  it('BERT → BertForSequenceClassification: bert.* with the pooler, classifier.*, labels in config.json', async () => {
    const { out, files } = await probeRun('bert', join(fixtures, 'hf-bert'));
    const header = safetensorsHeader(join(out, 'model.safetensors'));
    const names = Object.keys(header).filter((n) => n !== '__metadata__');
    expect(names.every((n) => n.startsWith('bert.') || n.startsWith('classifier.'))).toBe(true);
    expect(header['bert.pooler.dense.weight']?.shape).toEqual([64, 64]);
    expect(header['classifier.weight']?.shape).toEqual([3, 64]);
    expect(header['classifier.bias']?.shape).toEqual([3]);
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(cfg).toMatchObject({ architectures: ['BertForSequenceClassification'], num_labels: 3, id2label: { 0: 'negative', 1: 'neutral', 2: 'positive' }, label2id: { negative: 0, neutral: 1, positive: 2 } });
    if (torchSkipReason) return;
    const rep = torchReport(out, files);
    console.info(`BERT export in PyTorch: max |Δlogit| = ${Number(rep.max_abs_diff).toExponential(2)}`);
    expect(rep).toMatchObject({ strict: true, missing: [], unexpected: [], shape_mismatch: [], same_classes: true });
    expect(rep.max_abs_diff).toBeLessThan(1e-4);
  }, 120_000);

  it('GPT-2 → GPT2ForSequenceClassification: transformer.*, score.weight without bias, pad_token_id set; same logits', async () => {
    const { out, files } = await probeRun('gpt2', join(fixtures, 'hf-gpt2'));
    const header = safetensorsHeader(join(out, 'model.safetensors'));
    const names = Object.keys(header).filter((n) => n !== '__metadata__');
    expect(names.every((n) => n.startsWith('transformer.') || n === 'score.weight')).toBe(true);
    expect(header['score.weight']?.shape).toEqual([3, 64]);
    expect(names).not.toContain('score.bias');
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(cfg).toMatchObject({ architectures: ['GPT2ForSequenceClassification'], num_labels: 3, pad_token_id: 0 });
    if (torchSkipReason) return;
    const rep = torchReport(out, files);
    console.info(`GPT-2 export in PyTorch: max |Δlogit| = ${Number(rep.max_abs_diff).toExponential(2)}`);
    expect(rep).toMatchObject({ strict: true, missing: [], unexpected: [], shape_mismatch: [], same_classes: true });
    expect(rep.max_abs_diff).toBeLessThan(1e-4);
  }, 120_000);

  it('ViT in transformers naming → ViTForImageClassification: vit.* without the pooler, classifier.*', async () => {
    const vitDir = join(fixtures, 'hf-vit');
    const { id: backboneId } = await call('backbones.addLocal', { path: vitDir });
    const tensors = new Map<string, tf.Tensor>([
      ['head.fc.weight', tf.randomNormal([64, 2], 0, 0.1, 'float32', 5)],
      ['head.fc.bias', tf.zeros([2])],
    ]);
    const { runId } = await manualRun(core, { dir: join(dir, 'vit'), backboneId, mode: 'probe', config: { mode: 'probe' }, tensors, labels: ['a', 'b'], items: [] });
    const out = join(dir, 'vit', 'export');
    await call('export.run', { runId, format: 'safetensors', outDir: out });
    const names = Object.keys(safetensorsHeader(join(out, 'model.safetensors'))).filter((n) => n !== '__metadata__').sort();
    // ViTModel's own keys (as transformers wrote the fixture) under vit., minus the pooler ViTForImageClassification lacks.
    const own = Object.keys(safetensorsHeader(join(vitDir, 'model.safetensors'))).filter((n) => n !== '__metadata__' && !n.startsWith('pooler.'));
    expect(names).toEqual([...own.map((n) => `vit.${n}`), 'classifier.bias', 'classifier.weight'].sort());
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(cfg).toMatchObject({ architectures: ['ViTForImageClassification'], num_labels: 2 });
  }, 120_000);
});
