import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/core';
import { runsRepo } from '../../electron/core/store/repos/runs';
import { artifactsRepo } from '../../electron/core/store/repos/artifacts';
import { useTmpDirs } from '../helpers/tmp';
import { clientFor } from '../helpers/client';

const tmp = useTmpDirs();

/** A finished run as training leaves it: a row, metric rows, a checkpoint and a model on disk, named by artifacts. */
function seedRun(dataDir: string, db: Parameters<typeof runsRepo>[0], status: 'completed' | 'running' = 'completed') {
  const run = runsRepo(db).create({ datasetId: null, snapshotId: null, backboneId: null, mode: 'probe', params: {} });
  runsRepo(db).setStatus(run.id, status);
  db.prepare("INSERT INTO run_metrics (run_id, scope, idx, name, value, at) VALUES (?, 'epoch', 1, 'valLoss', 0.5, 'x')").run(run.id);
  const dir = join(dataDir, 'runs', String(run.id));
  mkdirSync(dir, { recursive: true });
  for (const [name, kind] of [['epoch-0001.ckpt', 'checkpoint'], ['model.ckpt', 'model']] as const) {
    writeFileSync(join(dir, name), Buffer.alloc(1000, 1));
    artifactsRepo(db).add({ runId: run.id, kind, path: join('runs', String(run.id), name), bytes: 1000, sha256: null });
  }
  return { id: run.id, dir };
}

describe('runs.delete', () => {
  it('removes the run, its rows and its files from the real SQLite store, and says so on the bus', async () => {
    const dataDir = tmp();
    const core = openCore({ dataDir });
    const keep = seedRun(dataDir, core.ctx.db);
    const gone = seedRun(dataDir, core.ctx.db);
    const api = clientFor(core);
    const events: unknown[] = [];
    const off = api.on('runs.changed', (p) => events.push(p));
    const out = await api.call('runs.delete', { runId: gone.id });
    off();
    expect(out).toEqual({ deleted: true, freedBytes: 2000 });
    expect(events).toContainEqual({ runId: gone.id });
    expect(existsSync(gone.dir)).toBe(false);
    const count = (table: string, id: number) => (core.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${table === 'runs' ? 'id' : 'run_id'} = ?`).get(id) as { n: number }).n;
    for (const t of ['runs', 'run_metrics', 'artifacts']) expect(count(t, gone.id), t).toBe(0);
    // The other run is untouched.
    for (const t of ['runs', 'run_metrics']) expect(count(t, keep.id), t).toBe(1);
    expect(count('artifacts', keep.id)).toBe(2);
    expect(existsSync(join(keep.dir, 'model.ckpt'))).toBe(true);
    await core.close();
  });

  it('refuses a run that is training, and an unknown run, with a clear error', async () => {
    const dataDir = tmp();
    const core = openCore({ dataDir });
    const busy = seedRun(dataDir, core.ctx.db, 'running');
    const api = clientFor(core);
    await expect(api.call('runs.delete', { runId: busy.id })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/cancel it first/) });
    expect(existsSync(join(busy.dir, 'model.ckpt'))).toBe(true);
    await expect(api.call('runs.delete', { runId: 999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(api.call('runs.delete', { runId: -1 })).rejects.toMatchObject({ code: 'invalid_params' });
    await core.close();
  });
});
