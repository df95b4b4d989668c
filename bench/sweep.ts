import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../electron/core/core';
import { createInProcessClient } from '../electron/core/api/in-process-client';
import { seedImageDataset, tempDir } from '../test/training/helpers/fixture';
import { noRedisReason, startRedis } from '../test/sweep/helpers/redis';
import type { Sweep } from '../shared/api/methods/sweep';
import type { TrainOptionsInput } from '../shared/domain/train-options';

/**
 * `npm run bench -- sweep`: one sweep (the bundled starter ResNet, probe with an SGD head, 6 seeds)
 * trained here one run at a time, then on a queue with 1, 2 and 3 workers on this machine (each
 * its own data folder, all sharing its cores), and what the coordinator spends per run.
 */
const seeds = 6;
const options: TrainOptionsInput = { epochs: 5, headSolver: 'sgd', minSteps: 0, augmentViews: 1, patience: 0, validation: 'split', keepCheckpoints: 1 };
const token = 'bench-sweep-token-0123456789';

function done(core: Core, sweepId: number): Promise<Sweep> {
  const api = createInProcessClient(core);
  return new Promise((resolve, reject) => {
    const check = () =>
      api.call('sweep.get', { sweepId }).then((s) => {
        if (!s.done) return;
        off();
        resolve(s);
      }, reject);
    const off = api.on('sweep.changed', (p) => void (p.sweepId === sweepId && check()));
    void check();
  });
}

async function coordinatorWithData(): Promise<{ core: Core; datasetId: number; snapshotId: number; backboneId: string }> {
  const core = openCore({ dataDir: tempDir('studio-bench-sweep-') });
  const ds = await seedImageDataset(core.ctx.db, core.ctx.dataDir, { perClass: 40, size: 64 });
  const api = createInProcessClient(core);
  const b = await api.call('backbones.addLocal', { path: join(import.meta.dirname, '..', 'resources', 'backbones', 'starter-resnet') });
  return { core, datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId: b.id };
}

const fmt = (s: number) => `${s.toFixed(1)} s`;

export async function benchSweep(): Promise<void> {
  if (noRedisReason) {
    process.stdout.write(`sweep: skipped: ${noRedisReason}\n`);
    return;
  }
  const dirs: string[] = [];
  const rows: Array<{ what: string; wall: number; sweep: Sweep }> = [];
  // Local: the scheduler, one training process at a time.
  {
    const c = await coordinatorWithData();
    dirs.push(c.core.ctx.dataDir);
    const api = createInProcessClient(c.core);
    const t = performance.now();
    const s = await api.call('sweep.create', { datasetId: c.datasetId, snapshotId: c.snapshotId, backboneIds: [c.backboneId], seeds, options });
    const end = await done(c.core, s.sweepId);
    rows.push({ what: 'local (scheduler)', wall: (performance.now() - t) / 1000, sweep: end });
    await c.core.close();
  }
  let overhead = '';
  for (const n of [1, 2, 3]) {
    const redis = await startRedis();
    const c = await coordinatorWithData();
    dirs.push(c.core.ctx.dataDir);
    const workers: Core[] = [];
    try {
      const api = createInProcessClient(c.core);
      await api.call('sweep.coordinate', { queue: redis.url, token });
      for (let i = 0; i < n; i++) {
        const w = openCore({ dataDir: tempDir('studio-bench-worker-') });
        dirs.push(w.ctx.dataDir);
        workers.push(w);
        await createInProcessClient(w).call('sweep.work', { queue: redis.url, token, name: `w${i + 1}` });
      }
      const t = performance.now();
      const created = await api.call('sweep.create', { datasetId: c.datasetId, snapshotId: c.snapshotId, backboneIds: [c.backboneId], seeds, options, queue: redis.url });
      const createSeconds = (performance.now() - t) / 1000;
      const end = await done(c.core, created.sweepId);
      rows.push({ what: `queue, ${n} worker${n > 1 ? 's' : ''}`, wall: (performance.now() - t) / 1000, sweep: end });
      if (n === 1) {
        const st = c.core.ctx.services.sweeps.coordinatorStats()!;
        overhead =
          `coordinator per run: ${((1000 * (createSeconds + st.applySeconds)) / seeds).toFixed(1)} ms of its own work ` +
          `(create incl. hashing the backbone and adding jobs ${(1000 * createSeconds).toFixed(0)} ms for ${seeds} runs; ` +
          `${st.results} results applied in ${(1000 * st.applySeconds).toFixed(0)} ms, ${((1000 * st.applySeconds) / Math.max(1, st.results)).toFixed(2)} ms each)`;
      }
    } finally {
      for (const w of workers) await w.close();
      await c.core.close();
      await redis.stop();
    }
  }
  const local = rows[0]!.wall;
  process.stdout.write(`one sweep: starter-resnet, probe (SGD head, ${options.epochs} epochs), ${seeds} seeds, 120 images 64 px; this machine's cores shared by every worker\n`);
  for (const r of rows) {
    const ok = r.sweep.runs.filter((x) => x.status === 'completed').length;
    const by = [...new Set(r.sweep.runs.map((x) => x.worker))].join(', ');
    process.stdout.write(`  ${r.what.padEnd(20)} ${fmt(r.wall).padStart(8)}  (${(local / r.wall).toFixed(2)}× local)  ${ok}/${seeds} completed on ${by}, backend ${r.sweep.runs[0]?.backend ?? '?'}\n`);
  }
  const one = rows[1]!.wall;
  process.stdout.write(`  ${overhead}\n  queue with 1 worker vs local: ${(((one - local) / seeds) * 1000).toFixed(0)} ms more per run end to end (fetch by hash, uploads, Redis round trips)\n`);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
