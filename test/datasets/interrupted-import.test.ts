import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/core';
import { datasetImportsRepo } from '../../electron/core/store/repos/dataset-imports';
import { datasetsRepo } from '../../electron/core/store/repos/datasets';
import { projectsRepo } from '../../electron/core/store/repos/projects';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

describe('an import cut off by the end of its process', () => {
  it('is marked interrupted when the app opens again; finished imports keep their status', async () => {
    const dataDir = tmp();
    const first = openCore({ dataDir });
    const db = first.ctx.db;
    const ds = datasetsRepo(db).create({ projectId: projectsRepo(db).ensureDefault().id, name: 'photos', kind: 'image', sourcePath: '/photos' });
    const imports = datasetImportsRepo(db);
    imports.start('imp_cut', ds.id, '/photos');
    imports.start('imp_done', ds.id, '/photos');
    imports.finish('imp_done', { status: 'completed', items: 3, duplicates: 0, skipped: 0, error: null });
    await first.close();

    // A one-shot CLI query must not claim the running import; the app (recoverOrphans) does.
    await openCore({ dataDir }).close();
    const status = () => {
      const file = new Database(join(dataDir, 'studio.db'), { readonly: true });
      const rows = file.prepare('SELECT id, status, finished_at IS NOT NULL AS finished FROM dataset_imports ORDER BY id').all();
      file.close();
      return rows;
    };
    expect(status()).toEqual([
      { id: 'imp_cut', status: 'running', finished: 0 },
      { id: 'imp_done', status: 'completed', finished: 1 },
    ]);
    await openCore({ dataDir, recoverOrphans: true }).close();
    expect(status()).toEqual([
      { id: 'imp_cut', status: 'interrupted', finished: 1 },
      { id: 'imp_done', status: 'completed', finished: 1 },
    ]);
  });
});
