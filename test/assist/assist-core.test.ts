import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/api/contract';
import { tempDir } from '../training/helpers/fixture';
import { importPath } from '../training/helpers/real-path';
import { starterBackbone, writeFmnistFolder, type FmnistFolder } from './helpers/fmnist-folder';
import { clientFor } from '../helpers/client';

let core: Core;
let dir: string;
let folder: FmnistFolder;
let datasetId: number;
let backboneId: string;
const nameOf = new Map<number, string>();

/** The one typed client over this file's core (a StudioError carries the code the tests check). */
const call = <M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => clientFor(core).call(method, params);

beforeAll(async () => {
  dir = tempDir('studio-assist-');
  core = openCore({ dataDir: join(dir, 'data'), workers: { env: { STUDIO_BACKEND: 'wasm' } } });
  folder = writeFmnistFolder(join(dir, 'fmnist'), { labeled: 10, loose: 8, flips: 5 });
  datasetId = (await importPath(core, folder.dir)).datasetId;
  const items = await call('datasets.items.list', { datasetId, limit: 2000 });
  for (const it of items.items) nameOf.set(it.id, it.name);
}, 120_000);

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('assisted labeling through the core (starter backbone, Fashion-MNIST)', () => {
  it('says clearly when no backbone is installed', async () => {
    const st = await call('assist.status', { datasetId });
    expect(st.backbones).toEqual([]);
    expect(st.defaultBackboneId).toBeNull();
    expect(st.labeled).toBe(50);
    expect(st.unlabeled).toBe(40);
    await expect(call('assist.suggest', { datasetId })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/No image backbone is installed/) });
    backboneId = (await call('backbones.addLocal', { path: starterBackbone })).id;
    expect((await call('assist.status', { datasetId })).defaultBackboneId).toBe(backboneId);
  });

  it('ranks every unlabeled item with a hint, reporting progress while features compute', async () => {
    const progress: Array<{ phase: string; done: number; total: number }> = [];
    const off = core.ctx.events.subscribe((name, p) => name === 'assist.progress' && progress.push(p as (typeof progress)[number]));
    const r = await call('assist.suggest', { datasetId });
    off();
    expect(r.backboneId).toBe(backboneId);
    expect(r.mode).toBe('uncertainty+diversity');
    expect(r.features.computed).toBe(90);
    expect(r.suggestions).toHaveLength(40);
    expect(new Set(r.suggestions.map((s) => s.itemId)).size).toBe(40);
    for (const s of r.suggestions) expect(nameOf.get(s.itemId)).toMatch(/^test-/);
    // Scores of the greedy picks never increase (each pick takes the best that is left).
    const scores = r.suggestions.map((s) => s.score);
    expect(scores.every((v, i) => i === 0 || v <= scores[i - 1]! + 1e-12)).toBe(true);
    expect(progress.some((p) => p.phase === 'features' && p.total === 90)).toBe(true);
    expect(progress.at(-1)?.phase).toBe('done');
    // The probe's hints are mostly right on the starter backbone's features.
    const right = r.suggestions.filter((s) => s.predictedLabel === folder.truth.get(nameOf.get(s.itemId)!)).length;
    console.log(`hint accuracy on unlabeled items: ${right}/${r.suggestions.length}`);
    expect(right / r.suggestions.length).toBeGreaterThan(0.6);
  });

  it('a second call reads the feature cache and gives the same ranking', async () => {
    const a = await call('assist.suggest', { datasetId });
    const b = await call('assist.suggest', { datasetId });
    expect(a.features.hits).toBe(90);
    expect(a.features.computed).toBe(0);
    expect(b.suggestions).toEqual(a.suggestions);
  });

  it('lists the planted label flips at the top of "looks wrong"', async () => {
    const r = await call('assist.suspects', { datasetId, seed: 1 });
    expect(r.folds).toBe(5);
    const top = r.suspects.slice(0, 10).map((s) => nameOf.get(s.itemId)!);
    const found = folder.flipped.filter((f) => top.includes(f));
    console.log(`flips in the top 10 of looks-wrong: ${found.length}/${folder.flipped.length}; listed ${r.suspects.length}; out-of-fold agreement ${r.agreement.toFixed(3)}`);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const s of r.suspects.filter((x) => folder.flipped.includes(nameOf.get(x.itemId)!))) {
      expect(s.suggestedLabel).not.toBe(s.givenLabel);
      expect(s.confidence).toBeGreaterThan(s.givenProbability);
    }
  });
});
