import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from './store/db';
import { datasetImportsRepo } from './store/repos/dataset-imports';
import { EventBus } from './events';
import { FileRegistry } from './files';
import type { CoreContext } from './context';
import { createService, type Service } from './api/service';
import { allHandlers } from './api/handlers/index';
import { studioVersion } from './version';
import { recoverStaleRuns, startLeaseKeeper } from './training/lease-keeper';
import type { OwnerKind } from './training/run-lease';

export interface Core {
  ctx: CoreContext;
  service: Service;
  close(): Promise<void>;
}

/** Boots the headless core on a data dir: store, events, handlers. Shared by the app, browser mode and the CLI. */
export function openCore(opts: { dataDir: string; log?: (msg: string) => void; recoverOrphans?: boolean; face?: OwnerKind }): Core {
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
  // Runs carry a lease (owner pid, host, heartbeat): one left running by a process that is gone
  // (crash, kill -9, power cut) is marked interrupted by whichever face opens the folder next, and
  // one whose owner lives is left alone, so every face may run this.
  startLeaseKeeper(ctx, opts.face ?? (process.versions.electron ? 'app' : 'core'));
  recoverStaleRuns(ctx);
  // Imports have no lease: only a process that runs them (the app, serve) may claim them.
  if (opts.recoverOrphans) datasetImportsRepo(db).markInterrupted();
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
