import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { openCore, type Core } from '../../electron/core/core';
import { artifactsRepo } from '../../electron/core/store/repos/artifacts';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { runMetricsRepo } from '../../electron/core/store/repos/run-metrics';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from './helpers/fixture';
import { studioBin } from './helpers/procs';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/api/contract';
import { clientFor } from '../helpers/client';

const cores: Core[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

const sgd = { headSolver: 'sgd', minSteps: 0, validation: 'split', batchSize: 4, patience: 0, epochs: 40 } as const;

/** The one typed client over a core. */
const call = <M extends MethodName>(core: Core, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => clientFor(core).call(method, params);

describe('checkpoint retention', () => {
  it('keeps the last and the best as a 40-epoch run trains (configurable), shows the disk each run uses, and cleans old runs in one call', async () => {
    const dir = tempDir();
    const core = openCore({ dataDir: dir, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: 'wasm' } } });
    cores.push(core);
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const sup = core.ctx.services.training;
    const artifacts = artifactsRepo(core.ctx.db);
    const epochFiles = (runId: number) => readdirSync(join(dir, 'runs', String(runId))).filter((f) => /^epoch-\d+\.ckpt$/.test(f)).sort();
    const rowFiles = (runId: number) => artifacts.listForRun(runId, 'checkpoint').map((a) => a.path.split('/').pop()!).sort();

    // At most keep + 1 (the best) checkpoints are kept at any moment of the run, not only at its end:
    // recorded ones, and on disk the recorded ones plus any the training process has written since.
    let most = 0;
    let onDisk = true;
    const off = core.ctx.events.subscribe((e, p) => {
      if (e !== 'training.epoch') return;
      const { runId, epoch } = p as { runId: number; epoch: number };
      const rows = rowFiles(runId);
      most = Math.max(most, rows.length);
      const older = epochFiles(runId).filter((f) => Number(/\d+/.exec(f)![0]) <= epoch);
      onDisk &&= older.join() === rows.join();
    });
    const kept = core.ctx.services.scheduler.start({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: { ...sgd } as never });
    const keptDone = await sup.finished(kept.id);
    off();
    expect(keptDone.status).toBe('completed');
    const best = runMetricsRepo(core.ctx.db).list(kept.id, 'epoch').filter((m) => m.name === 'valLoss').reduce((b, m) => (m.value < b.value - 1e-6 ? m : b)).idx;
    const expected = [...new Set([`epoch-${String(best).padStart(4, '0')}.ckpt`, 'epoch-0040.ckpt'])].sort();
    expect(rowFiles(kept.id)).toEqual(expected);
    expect(epochFiles(kept.id)).toEqual(expected);
    expect(most).toBeLessThanOrEqual(2);
    expect(onDisk).toBe(true);

    const all = core.ctx.services.scheduler.start({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: { ...sgd, keepCheckpoints: 0 } as never });
    expect((await sup.finished(all.id)).status).toBe('completed');
    expect(epochFiles(all.id)).toHaveLength(40);
    expect(rowFiles(all.id)).toHaveLength(40);

    const usage = await call(core, 'runs.diskUsage', {});
    const of = (id: number) => usage.runs.find((r) => r.runId === id)!;
    expect(of(kept.id).checkpoints).toBe(expected.length);
    expect(of(all.id).checkpoints).toBe(40);
    expect(of(all.id).checkpointBytes).toBeGreaterThan(10 * of(kept.id).checkpointBytes);
    expect(usage.totalBytes).toBe(of(kept.id).bytes + of(all.id).bytes);
    console.log(`40-epoch run: ${of(all.id).bytes} bytes on disk keeping every checkpoint, ${of(kept.id).bytes} with retention (last + best)`);

    // An interrupted run (a stand-in: status set, plus a stray file a killed process left) keeps only its last checkpoint.
    runsRepo(core.ctx.db).setStatus(all.id, 'interrupted');
    writeFileSync(join(dir, 'runs', String(kept.id), 'epoch-0041.ckpt'), 'stray');
    const lastBytes = statSync(join(dir, 'runs', String(all.id), 'epoch-0040.ckpt')).size;
    const cleaned = await call(core, 'runs.cleanCheckpoints', {});
    expect(cleaned.runs).toBe(2);
    expect(cleaned.files).toBe(expected.length + 1 + 39);
    expect(cleaned.freedBytes).toBe(of(kept.id).checkpointBytes + 5 + of(all.id).checkpointBytes - lastBytes);
    expect(epochFiles(kept.id)).toEqual([]);
    expect(rowFiles(kept.id)).toEqual([]);
    expect(existsSync(join(dir, 'runs', String(kept.id), 'model.ckpt'))).toBe(true);
    expect(artifacts.listForRun(kept.id, 'model')).toHaveLength(1);
    expect(epochFiles(all.id)).toEqual(['epoch-0040.ckpt']);
    expect(rowFiles(all.id)).toEqual(['epoch-0040.ckpt']);
    expect((await call(core, 'runs.diskUsage', { runId: kept.id })).runs[0]!.checkpoints).toBe(0);

    // Cleaning again frees nothing; a live run is left alone; the CLI does the same in one command.
    runsRepo(core.ctx.db).setStatus(all.id, 'running');
    const again = await call(core, 'runs.cleanCheckpoints', {});
    expect(again).toMatchObject({ files: 0, skipped: [all.id] });
    runsRepo(core.ctx.db).setStatus(all.id, 'completed');
    await core.close();
    cores.length = 0;
    const cli = spawnSync(process.execPath, [studioBin, '--data-dir', dir, 'runs', 'clean', '--json'], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ files: 1, runs: 1, skipped: [] });
    const listed = spawnSync(process.execPath, [studioBin, '--data-dir', dir, 'runs'], { encoding: 'utf8' });
    expect(listed.stdout).toMatch(/Disk used by runs: \d+\.\d MB/);
  }, 120_000);
});
