import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import { StudioError } from '../../../shared/api/errors';
import type { explainMethods } from '../../../shared/api/methods/explain';
import type { CoreContext } from '../context';
import { resolveBackbone } from '../backbones/service/registry';
import { readTextsFile } from '../backbones/service/texts-file';
import { writeNpy } from '../backbones/npy';
import { prepareFiles, stageDroppedImage } from '../predict/inputs';
import { runModelSpec } from '../predict/spec';
import { backbonesRepo } from '../store/repos/backbones';
import type { PlanItem } from '../training/data/types';

type Params<M extends keyof typeof explainMethods> = z.output<(typeof explainMethods)[M]['params']>;
type Result<M extends keyof typeof explainMethods> = z.input<(typeof explainMethods)[M]['result']>;

function progressTo(ctx: CoreContext, progressId: string | undefined) {
  return (p: { done: number; total: number; backend: string }) => {
    if (progressId) ctx.events.emit('explain.progress', { progressId, ...p });
  };
}

/** Attention maps of a backbone, computed in the model process (the core never loads tfjs). */
export async function explainAttention(ctx: CoreContext, p: Params<'explain.attention'>): Promise<Result<'explain.attention'>> {
  const found = resolveBackbone(ctx.db, p.backboneDir ?? p.backboneId!);
  const texts = p.texts ?? (p.textsFile !== undefined ? await readTextsFile(p.textsFile) : undefined);
  const source = texts
    ? { kind: 'texts' as const, texts, ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}) }
    : p.pixels !== undefined
      ? { kind: 'pixels' as const, path: resolve(p.pixels) }
      : { kind: 'images' as const, paths: p.images!.map((f) => resolve(f)) };
  const out = p.out !== undefined ? resolve(p.out) : null;
  if (out) mkdirSync(join(out, '..'), { recursive: true });
  const r = await ctx.services.models.call('attention', { backboneDir: found.dir, source, out }, progressTo(ctx, p.progressId));
  return { ...r, out, backbone: found.row?.id ?? found.dir };
}

interface Staged {
  names: string[];
  items: PlanItem[];
  cleanup(): void;
}

/** Dropped images are staged as files in the data dir's tmp for the model process, as predict does. */
async function stageUploads(ctx: CoreContext, images: ReadonlyArray<{ name: string; data: string }>): Promise<Staged> {
  const dir = join(ctx.dataDir, 'tmp', `explain-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  const items: PlanItem[] = [];
  try {
    for (const img of images) items.push(await stageDroppedImage(dir, img, items.length));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { names: images.map((i) => i.name), items, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const textItems = (texts: readonly string[]): PlanItem[] =>
  texts.map((text, i) => ({ itemId: i, contentHash: createHash('sha256').update(text).digest('hex'), label: 0, subset: 'test', text }));

/** Items of a dataset as the trainer reads them (training/plan.ts): the imported bytes in the data dir, or the text. */
function datasetItems(ctx: CoreContext, ids: readonly number[]): Staged {
  const rows = ids.map((id) => {
    const r = ctx.db.prepare('SELECT name, content_hash AS hash, blob_path AS blob, text FROM items WHERE id = ?').get(id) as
      | { name: string | null; hash: string; blob: string | null; text: string | null }
      | undefined;
    if (!r) throw new StudioError('not_found', `No dataset item #${id}.`);
    return { id, ...r };
  });
  return {
    names: rows.map((r) => r.name ?? `item ${r.id}`),
    items: rows.map((r, i) => ({ itemId: i, contentHash: r.hash, label: 0, subset: 'test' as const, ...(r.blob ? { path: join(ctx.dataDir, r.blob) } : { text: r.text ?? '' }) })),
    cleanup: () => {},
  };
}

/** Overlay file names: the input's base name, made unique (two "a.jpg" from different folders). */
function overlayNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const base = basename(n).replace(/[^\w.-]+/g, '_').slice(0, 120) || 'item';
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return k === 0 ? `${base}.png` : `${base}-${k}.png`;
  });
}

/** Grad-CAM / rollout / token scores of a finished run, computed in the model process; files written when outDir is given. */
export async function explainRun(ctx: CoreContext, p: Params<'explain.run'>): Promise<Result<'explain.run'>> {
  const host = ctx.services.models;
  const { spec } = runModelSpec(ctx, p.runId, host);
  let classIndex: number | null = null;
  if (p.label !== undefined) {
    classIndex = spec.labels.indexOf(p.label);
    if (classIndex < 0) throw new StudioError('bad_input', `Run #${p.runId} has no label "${p.label}" (its labels: ${spec.labels.join(', ')}).`);
  }
  let staged: Staged = { names: [], items: [], cleanup: () => {} };
  let pixels: string | null = null;
  if (p.files) {
    // A text run explains text files (their contents); an image run, image files.
    const family = backbonesRepo(ctx.db).get(spec.backbone.id)?.family;
    if (family === 'bert' || family === 'gpt2') {
      const texts = await Promise.all(p.files.map((f) => readFile(f, 'utf8').catch(() => Promise.reject(new StudioError('bad_input', `${f}: no such file.`)))));
      staged = { names: p.files, items: textItems(texts), cleanup: () => {} };
    } else {
      const prepared = await prepareFiles(p.files);
      staged = { names: prepared.map((x) => x.display), items: prepared.map((x) => x.item), cleanup: () => {} };
    }
  } else if (p.images) {
    staged = await stageUploads(ctx, p.images);
  } else if (p.itemIds) {
    staged = datasetItems(ctx, p.itemIds);
  } else if (p.texts) {
    staged = { names: p.texts.map((t) => (t.length > 60 ? `${t.slice(0, 57)}…` : t)), items: textItems(p.texts), cleanup: () => {} };
  } else {
    pixels = resolve(p.pixels!);
  }
  try {
    const r = await host.call(
      'explain',
      { spec, items: staged.items, pixels, classIndex, method: p.method, withInputs: p.withInputs, withOverlays: p.outDir !== undefined },
      progressTo(ctx, p.progressId),
    );
    const names = pixels ? r.items.map((_, i) => `${i}`) : staged.names;
    let written: Result<'explain.run'>['written'] = null;
    const overlayPaths: (string | null)[] = r.items.map(() => null);
    if (p.outDir !== undefined && r.items.length > 0) {
      const dir = resolve(p.outDir);
      mkdirSync(dir, { recursive: true });
      const { h, w } = r.items[0]!;
      const cams = join(dir, 'cams.npy');
      await writeNpy(cams, { shape: [r.items.length, h, w], dtype: 'float32', data: Float32Array.from(r.items.flatMap((it) => it.cam)) });
      const files = overlayNames(names);
      r.items.forEach((it, i) => {
        if (!it.overlayPng) return;
        overlayPaths[i] = join(dir, files[i]!);
        writeFileSync(overlayPaths[i]!, Buffer.from(it.overlayPng, 'base64'));
      });
      let tokens: string | null = null;
      if (r.method === 'gradcam-tokens') {
        tokens = join(dir, 'tokens.json');
        const rows = r.items.map((it, i) => ({ file: names[i], label: spec.labels[it.classIndex], tokens: (it.tokens ?? []).map((t, k) => ({ token: t, score: it.cam[k] ?? 0 })) }));
        writeFileSync(tokens, JSON.stringify({ items: rows }, null, 1));
      }
      written = { cams, tokens, overlays: overlayPaths.filter((x): x is string => x !== null) };
    }
    return {
      runId: p.runId,
      labels: spec.labels,
      method: r.method,
      backend: r.backend,
      written,
      items: r.items.map((it, i) => ({
        file: names[i] ?? `${i}`,
        label: spec.labels[it.classIndex]!,
        classIndex: it.classIndex,
        score: it.score,
        cam: it.cam,
        h: it.h,
        w: it.w,
        tokens: it.tokens,
        inputPng: it.inputPng,
        overlayPath: overlayPaths[i] ?? null,
      })),
    };
  } finally {
    staged.cleanup();
  }
}
