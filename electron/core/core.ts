import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from './store/db';
import { runsRepo } from './store/repos/runs';
import { datasetImportsRepo } from './store/repos/dataset-imports';
import { EventBus } from './events';
import { FileRegistry } from './files';
import type { CoreContext } from './context';
import { createService, type Service } from './api/service';
import { allHandlers } from './api/handlers/index';
import { studioVersion } from './version';

export interface Core {
  ctx: CoreContext;
  service: Service;
  close(): Promise<void>;
}

/** Boots the headless core on a data dir: store, events, handlers. Shared by the app, browser mode and the CLI. */
export function openCore(opts: { dataDir: string; log?: (msg: string) => void; recoverOrphans?: boolean }): Core {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = openDatabase(join(opts.dataDir, 'studio.db'));
  const closers: Array<() => void | Promise<void>> = [];
  const ctx: CoreContext = {
    version: studioVersion(),
    dataDir: opts.dataDir,
    db,
    events: new EventBus(),
    files: new FileRegistry(),
    onClose: (fn) => closers.push(fn),
  };
  // A run still marked running belongs to a process that is gone (crash, kill -9, power cut).
  // Only a process that runs training (the app, serve) may claim this; a one-shot CLI query must not.
  if (opts.recoverOrphans) {
    runsRepo(db).markOrphansInterrupted();
    datasetImportsRepo(db).markInterrupted();
  }
  const service = createService(allHandlers(ctx), opts.log);
  return {
    ctx,
    service,
    async close() {
      for (const fn of closers.reverse()) await fn();
      db.close();
    },
  };
}
