import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { tempDir } from '../training/helpers/fixture';
import { packageRoot } from '../../electron/core/version';
import type { EventName } from '../../shared/api/contract';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';


let core: Core | undefined;
afterAll(async () => {
  await core?.close();
  delete process.env.STUDIO_RESOURCES_DIR;
});

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core!).call(method, params);

describe('Try the demo', () => {
  it('on an empty data dir: imports, adds the starter backbone, trains a probe and evaluates it, offline, in under a minute', async () => {
    const dir = tempDir('studio-demo-');
    // The shipped demo and starter backbone, so a starter that stops loading fails here.
    process.env.STUDIO_RESOURCES_DIR = join(packageRoot(), 'resources');
    core = openCore({ dataDir: join(dir, 'data'), workers: { env: { STUDIO_BACKEND: 'wasm' } } });
    const phases: string[] = [];
    const events: EventName[] = [];
    let settled: (ev: { runId: number; status: string }) => void = () => {};
    const evaluated = new Promise<{ runId: number; status: string }>((ok) => (settled = ok));
    core.ctx.events.subscribe((e, p) => {
      events.push(e);
      if (e === 'demo.progress') phases.push((p as { phase: string }).phase);
      const ev = p as { runId: number; status: string };
      if (e === 'evaluation.changed' && (ev.status === 'completed' || ev.status === 'failed')) settled(ev);
    });

    const before = await call('demo.status', {});
    expect(before).toMatchObject({ available: true, empty: true, runId: null });

    const t0 = Date.now();
    const started = await call('demo.start', {});
    const done = await core.ctx.services.training.finished(started.runId);
    expect(done.status, done.error ?? '').toBe('completed');
    expect(done.mode).toBe('probe');
    expect(done.metrics.valAccuracy).toBeGreaterThan(0);
    // The run's evaluation starts by itself when it completes.
    expect((await evaluated).runId).toBe(started.runId);
    const ev = await call('evaluation.get', { runId: started.runId });
    const seconds = (Date.now() - t0) / 1000;
    console.info(`demo: first evaluated result after ${seconds.toFixed(1)} s (test accuracy ${ev.report?.accuracy.toFixed(3)})`);
    expect(ev.status).toBe('completed');
    expect(seconds).toBeLessThan(60);
    expect(phases.slice(0, 3)).toEqual(['importing', 'installing', 'training']);
    expect(events).toContain('evaluation.changed');

    const after = await call('demo.status', {});
    expect(after).toMatchObject({ empty: false, datasetId: started.datasetId, runId: started.runId });
    const datasets = await call('datasets.list', {});
    expect(datasets.datasets).toHaveLength(1);
    // The shipped folder's LICENSE and README are the demo's paperwork, not skipped user files.
    expect(datasets.datasets[0]!.skipped).toBe(0);
    expect((await call('datasets.skips.list', { datasetId: started.datasetId })).skipped).toEqual([]);
  }, 120_000);

  it('says clearly when the build has no demo', async () => {
    process.env.STUDIO_RESOURCES_DIR = join(tempDir('studio-nodemo-'), 'nothing');
    const st = await call('demo.status', {});
    expect(st.available).toBe(false);
    expect(st.reason).toMatch(/not in this build/);
    await expect(call('demo.start', {})).rejects.toThrow(/not in this build/);
  });
});
