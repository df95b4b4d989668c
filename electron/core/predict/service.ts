import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CoreContext } from '../context';
import { StudioError } from '../../../shared/api/errors';
import type { Prediction } from '../../../shared/api/methods/predict';
import { softmax, topK } from '../evaluation/metrics';
import { runModelSpec } from './spec';
import { prepareFiles, prepareFromPath, stageDroppedImage, type PreparedInput } from './inputs';
import { predictionsCsv } from './csv';
import { tokenCounter } from '../backbones/text/token-budget';

function toPredictions(inputs: readonly PreparedInput[], labels: readonly string[], logits: number[][], k: number): Prediction[] {
  return inputs.map((inp, i) => {
    const top = topK(softmax(logits[i]!), labels, k).map((t) => ({ label: t.label, score: t.score }));
    return { file: inp.display, label: top[0]!.label, score: top[0]!.score, top };
  });
}

async function predictInputs(ctx: CoreContext, runId: number, inputs: PreparedInput[], k: number): Promise<{ predictions: Prediction[]; backend: string }> {
  const host = ctx.services.models;
  const { spec } = runModelSpec(ctx, runId, host);
  if (inputs.length === 0) return { predictions: [], backend: '' };
  const { logits, backend } = await host.logits(
    spec,
    inputs.map((i) => i.item),
    null,
  );
  const predictions = toPredictions(inputs, spec.labels, logits, k);
  if (inputs.some((i) => i.item.text !== undefined)) {
    const count = await tokenCounter(spec.backbone.dir, spec.maxLength);
    inputs.forEach((inp, i) => {
      if (inp.item.text !== undefined) Object.assign(predictions[i]!, count(inp.item.text));
    });
  }
  return { predictions, backend };
}

export async function predictFiles(ctx: CoreContext, runId: number, files: readonly string[], k: number) {
  runModelSpec(ctx, runId, ctx.services.models); // a bad run id is reported before any file is read
  return predictInputs(ctx, runId, await prepareFiles(files), k);
}

/** Images dropped in the browser arrive as base64; they are staged in the data dir's tmp for the model process. */
export async function predictUploads(ctx: CoreContext, runId: number, images: ReadonlyArray<{ name: string; data: string }>, texts: readonly string[], k: number) {
  const { spec } = runModelSpec(ctx, runId, ctx.services.models);
  if (images.length === 0 && texts.length === 0) throw new StudioError('bad_input', 'Drop an image (or type a text) to predict.');
  const blank = texts.findIndex((t) => t.trim() === '');
  if (blank >= 0) throw new StudioError('bad_input', `Text ${blank + 1} is empty: type or paste some words to predict.`);
  const dir = join(ctx.dataDir, 'tmp', `predict-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  try {
    const inputs: PreparedInput[] = [];
    for (const img of images) inputs.push({ display: img.name, label: null, item: await stageDroppedImage(dir, img, inputs.length) });
    for (const text of texts) {
      const hash = createHash('sha256').update(text).digest('hex');
      inputs.push({ display: text.length > 60 ? `${text.slice(0, 57)}…` : text, label: null, item: { itemId: inputs.length, contentHash: hash, label: 0, subset: 'test', text } });
    }
    return await predictInputs(ctx, spec.runId, inputs, k);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function predictFolder(ctx: CoreContext, runId: number, path: string, out: string | undefined, k: number) {
  const { spec } = runModelSpec(ctx, runId, ctx.services.models);
  const prepared = await prepareFromPath(path, join(ctx.dataDir, 'tmp'));
  try {
    const { predictions } = await predictInputs(ctx, runId, prepared.inputs, k);
    const csvPath = out ?? join(ctx.dataDir, 'exports', `run-${runId}-predictions-${Date.now()}.csv`);
    mkdirSync(dirname(csvPath), { recursive: true });
    writeFileSync(csvPath, predictionsCsv(predictions, k));
    return { csvPath, count: predictions.length, skipped: prepared.skipped, preview: predictions.slice(0, 50), labels: spec.labels };
  } finally {
    prepared.cleanup();
  }
}
