import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../../electron/core/core';
import { readCheckpointMeta } from '../../electron/core/training/checkpoint-meta';
import * as tf from '../../electron/core/tf/tf';
import { saveCheckpoint } from '../../electron/core/training/engine/checkpoint';
import { FeatureCache } from '../../electron/core/training/engine/feature-cache';
import { addTinyBackbone, seedImageDataset, tempDir } from './helpers/fixture';
import { killAll, runRow, startStudio, storeChecks, waitUntil, withDb } from './helpers/procs';

/**
 * A real full disk: a 20 MB tmpfs as the data folder. Mounting needs root (or CAP_SYS_ADMIN); where
 * it is refused the test is skipped and says why.
 */
const mountPoint = tempDir('studio-tmpfs-');
function tryMount(): string | null {
  if (process.platform !== 'linux') return `tmpfs mounts are Linux-only (this is ${process.platform})`;
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', mountPoint], { encoding: 'utf8' });
  return r.status === 0 ? null : `cannot mount a tmpfs here (${(r.stderr || r.error?.message || 'mount failed').trim()}); run as root to test a real full disk`;
}
const skipReason = tryMount();
const mounted = skipReason === null;

afterEach(() => killAll());
afterAll(() => {
  killAll();
  if (mounted) spawnSync('umount', ['-l', mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Fills the disk to the last byte; returns the file to delete to free it. */
function fillDisk(dir: string): string {
  const path = join(dir, 'filler.bin');
  const fd = openSync(path, 'w');
  for (const size of [1 << 20, 1 << 16, 4096, 512, 1]) {
    const buf = Buffer.alloc(size, 1);
    try {
      for (;;) writeSync(fd, buf);
    } catch {
      // ENOSPC at this granularity; go on with smaller writes
    }
  }
  closeSync(fd);
  return path;
}

function tmpFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.tmp')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(!mounted)(`disk full during training (20 MB tmpfs)${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  it('ends the run failed with a readable reason, one line from the CLI, no temp files, the last good checkpoint kept, the store consistent; resume finishes once space is freed', async () => {
    const dir = join(mountPoint, 'data');
    mkdirSync(dir);
    const core = openCore({ dataDir: dir });
    const ds = await seedImageDataset(core.ctx.db, dir);
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    await core.close();

    const options = JSON.stringify({ headSolver: 'sgd', minSteps: 0, validation: 'split', batchSize: 4, patience: 0, keepCheckpoints: 0 });
    const env = { STUDIO_TRAIN_STEP_DELAY_MS: '20' };
    const train = startStudio(dir, ['train', '--dataset', String(ds.datasetId), '--backbone', backboneId, '--epochs', '12', '--options', options], env);
    const checkpoints = () => withDb(dir, (db) => db.prepare(`SELECT path FROM artifacts WHERE run_id = 1 AND kind = 'checkpoint' ORDER BY id`).all() as Array<{ path: string }>);
    await waitUntil(() => existsSync(join(dir, 'studio.db')) && checkpoints().length >= 2, 'two checkpoints', 90_000);
    const filler = fillDisk(mountPoint);

    const end = await train.exited;
    expect(end.code).not.toBe(0);
    const err = train.stderr().trim().split('\n');
    // Progress lines, then exactly one line of reason, and no stack anywhere.
    expect(train.stderr()).not.toMatch(/^\s+at /m);
    expect(train.stderr()).not.toMatch(/SqliteError|Error: ENOSPC/);
    expect(err.at(-1)).toMatch(/^studio: run #1 failed: Training stopped because the disk is full \((ENOSPC|SQLITE_FULL)\) while [a-z ]+.*resume: the last good checkpoint is kept\.$/);

    const run = runRow(dir, 1)!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/the disk is full/);
    expect(tmpFiles(dir)).toEqual([]);
    const rows = checkpoints();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) expect(readCheckpointMeta(join(dir, r.path)).epoch).toBe(Number(/epoch-(\d+)/.exec(r.path)![1]));
    expect(storeChecks(dir)).toEqual({ integrity: 'ok', foreignKeys: [] });
    const lastGood = readCheckpointMeta(join(dir, rows.at(-1)!.path)).epoch;

    rmSync(filler);
    const resumed = startStudio(dir, ['resume', '1', '--json'], env);
    const done = await resumed.exited;
    expect(done.code, resumed.stderr()).toBe(0);
    expect(JSON.parse(resumed.stdout())).toMatchObject({ runId: 1, status: 'completed' });
    const epochs = withDb(dir, (db) => (db.prepare(`SELECT idx FROM run_metrics WHERE run_id = 1 AND scope = 'epoch' AND name = 'trainLoss' ORDER BY idx`).all() as Array<{ idx: number }>).map((x) => x.idx));
    expect(epochs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(lastGood).toBeGreaterThanOrEqual(2);
    expect(storeChecks(dir)).toEqual({ integrity: 'ok', foreignKeys: [] });
  }, 180_000);

  it('a checkpoint or cache write that hits ENOSPC says so, removes its .tmp and leaves the previous checkpoint intact', async () => {
    const dir = join(mountPoint, 'unit');
    mkdirSync(dir);
    const w = tf.tensor1d(new Float32Array(64 * 1024).fill(0.5)); // 256 KB: more than a full disk has left
    const meta = { epoch: 1, step: 1, optimizerStep: 1, bestValLoss: null, bestEpoch: 1, epochsWithoutImprovement: 0, config: {} };
    await saveCheckpoint(join(dir, 'epoch-0001.ckpt'), meta, new Map([['w', w]]));
    const filler = fillDisk(mountPoint);
    try {
      await expect(saveCheckpoint(join(dir, 'epoch-0002.ckpt'), { ...meta, epoch: 2 }, new Map([['w', w]]))).rejects.toThrow(
        /^Training stopped because the disk is full \(ENOSPC\) while writing checkpoint epoch-0002\.ckpt\./,
      );
      const cache = new FeatureCache(join(dir, 'cache'));
      expect(() => cache.put('ab'.repeat(32), { x: { shape: [65536], data: new Float32Array(65536) } })).toThrow(/disk is full \(ENOSPC\) while writing the feature cache/);
      expect(tmpFiles(dir)).toEqual([]);
      expect(existsSync(join(dir, 'epoch-0002.ckpt'))).toBe(false);
      expect(readCheckpointMeta(join(dir, 'epoch-0001.ckpt')).epoch).toBe(1);
    } finally {
      rmSync(filler);
      w.dispose();
    }
  });
});
