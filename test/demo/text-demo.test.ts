import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { tempDir } from '../training/helpers/fixture';
import { packageRoot } from '../../electron/core/version';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';

let core: Core | undefined;
afterAll(async () => {
  await core?.close();
  delete process.env.STUDIO_RESOURCES_DIR;
});

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core!).call(method, params);

describe('Try the text demo', () => {
  it('on an empty data dir: imports the package descriptions, adds the starter BERT, trains its probe offline in under a minute, and predicts a typed text', async () => {
    process.env.STUDIO_RESOURCES_DIR = join(packageRoot(), 'resources');
    core = openCore({ dataDir: join(tempDir('studio-text-demo-'), 'data'), workers: { env: { STUDIO_BACKEND: 'wasm' } } });
    const before = await call('demo.status', {});
    expect(before).toMatchObject({ textAvailable: true, textReason: null, empty: true });

    const t0 = Date.now();
    const started = await call('demo.start', { kind: 'text' });
    const done = await core.ctx.services.scheduler.finished(started.runId);
    const seconds = (Date.now() - t0) / 1000;
    expect(done.status, done.error ?? '').toBe('completed');
    console.info(`text demo: run completed after ${seconds.toFixed(1)} s (metrics ${JSON.stringify(done.metrics).slice(0, 160)})`);
    expect(seconds).toBeLessThan(60);
    const ds = await call('datasets.get', { datasetId: started.datasetId });
    expect(ds.kind).toBe('text');
    expect(ds.items).toBe(240);

    // The second text is 300 one-token words: over the demo run's 64 tokens (its maxLength), so the model reads only its start and says so.
    const long = Array.from({ length: 300 }, () => 'the').join(' ');
    const pred = await call('predict.upload', { runId: started.runId, texts: ['multiplayer puzzle game with many levels', long], topK: 6 });
    expect(pred.predictions).toHaveLength(2);
    expect(pred.predictions[0]!.top.map((t) => t.label).sort()).toEqual(['database', 'games', 'graphics', 'mail', 'science', 'sound']);
    expect(pred.predictions[0]).toMatchObject({ truncated: false, maxTokens: 64 });
    expect(pred.predictions[0]!.tokens).toBeLessThan(20);
    expect(pred.predictions[1]).toMatchObject({ truncated: true, tokens: 302, maxTokens: 64 });
    await expect(call('predict.upload', { runId: started.runId, texts: ['a game', ' \n '] })).rejects.toMatchObject({ code: 'bad_input', message: 'Text 2 is empty: type or paste some words to predict.' });
  }, 120_000);

  it('says clearly when the build has no text demo', async () => {
    process.env.STUDIO_RESOURCES_DIR = join(tempDir('studio-notextdemo-'), 'nothing');
    const st = await call('demo.status', {});
    expect(st.textAvailable).toBe(false);
    expect(st.textReason).toMatch(/^The text demo files are not in this build \(.*packages\.csv is missing\)\.$/);
    await expect(call('demo.start', { kind: 'text' })).rejects.toThrow(/text demo files are not in this build/);
  });
});
