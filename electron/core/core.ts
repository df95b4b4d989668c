import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from './store/db';
import { datasetImportsRepo } from './store/repos/dataset-imports';
import { EventBus } from './events';
import { FileRegistry } from './files';
import type { CoreContext, CoreServices } from './context';
import { createService, type Service } from './api/service';
import { allHandlers } from './api/handlers/index';
import { studioVersion } from './version';
import { BackendInfoStore } from './backend-info';
import { recoverStaleRuns, startLeaseKeeper, type OwnerKind } from './training/run-lease';
import { TrainingSupervisor } from './training/supervisor';
import { TrainingScheduler } from './training/scheduler';
import { ModelHost } from './predict/host';
import { nodeSpawner, type WorkerSpawner } from './worker-rpc/process';
import { createDatasetsRuntime } from './datasets/runtime';
import { createBackbonesRuntime } from './backbones/service/runtime';
import { autoEvaluate, createEvaluationState } from './evaluation/service';
import { createDemoState } from './demo/service';
import { SweepService } from './sweep/service';

export interface Core {
  ctx: CoreContext;
  service: Service;
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  log?: (msg: string) => void;
  /** Imports left running by a dead process are marked interrupted (only a face that runs imports: the app, serve). */
  recoverOrphans?: boolean;
  /** Who opened the core, as run leases name it ("being trained by `studio serve` (pid …)"). */
  face?: OwnerKind;
  /** The worker processes (training, model): how they start, extra env, and the backbone loader (tests: tiny backbones). */
  workers?: {
    /** child_process.fork by default; the Electron app passes utilityProcess's. */
    spawn?: WorkerSpawner;
    env?: NodeJS.ProcessEnv;
    /** Module exporting loadBackbone(dir); defaults to $STUDIO_BACKBONE_LOADER. */
    backboneLoaderModule?: string;
    /** The model process stops after this long idle. */
    modelIdleMs?: number;
  };
}

/**
 * Boots the headless core on a data dir; shared by the app, browser mode and the CLI. Everything
 * the core is made of is built here, in dependency order, and handed to the handlers as
 * ctx.services: no part of it is made on first use elsewhere.
 */
export function openCore(opts: CoreOptions): Core {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = openDatabase(join(opts.dataDir, 'studio.db'));
  const closers: Array<() => void | Promise<void>> = [];
  const onClose = (fn: () => void | Promise<void>) => void closers.push(fn);
  const log = opts.log ?? (() => {});
  const workers = opts.workers ?? {};
  const spawn = workers.spawn ?? nodeSpawner;
  const loaderModule = workers.backboneLoaderModule ?? (process.env.STUDIO_BACKBONE_LOADER || undefined);

  const built: { services?: CoreServices } = {};
  const ctx: CoreContext = {
    version: studioVersion(),
    dataDir: opts.dataDir,
    db,
    events: new EventBus(),
    files: new FileRegistry(),
    get services(): CoreServices {
      // Constructors below get ctx but must not reach for a service before all exist.
      if (!built.services) throw new Error('A core service was used while the core was being built.');
      return built.services;
    },
    onClose,
  };

  // Runs carry a lease (owner pid, host, heartbeat): one left running by a process that is gone
  // (crash, kill -9, power cut) is marked interrupted by whichever face opens the folder next, and
  // one whose owner lives is left alone, so every face runs this.
  const leases = startLeaseKeeper(ctx, opts.face ?? (process.versions.electron ? 'app' : 'core'));
  const models = new ModelHost({
    spawn,
    ...(workers.env ? { env: workers.env } : {}),
    ...(loaderModule ? { loaderModule } : {}),
    ...(workers.modelIdleMs !== undefined ? { idleMs: workers.modelIdleMs } : {}),
  });
  const training = new TrainingSupervisor(ctx, leases, {
    spawn,
    ...(workers.env ? { env: workers.env } : {}),
    ...(loaderModule ? { backboneLoaderModule: loaderModule } : {}),
    log,
  });
  const scheduler = new TrainingScheduler(ctx, training, leases);
  const sweeps = new SweepService(ctx, { spawn, ...(workers.env ? { env: workers.env } : {}), ...(loaderModule ? { backboneLoaderModule: loaderModule } : {}), log });
  built.services = {
    leases,
    backendInfo: new BackendInfoStore(),
    models,
    training,
    scheduler,
    datasets: createDatasetsRuntime(ctx),
    backbones: createBackbonesRuntime(ctx),
    evaluation: createEvaluationState(onClose),
    demo: createDemoState(),
    sweeps,
  };
  // Shutdown, in reverse: nothing new starts, then training and model processes stop.
  onClose(() => models.close());
  onClose(() => training.closeAll());
  onClose(() => scheduler.close());
  // First of all: queue workers and the coordinator stop taking jobs and results.
  onClose(() => sweeps.close());

  recoverStaleRuns(ctx);
  // Imports have no lease: only a process that runs them (the app, serve) may claim them.
  if (opts.recoverOrphans) datasetImportsRepo(db).markInterrupted();
  // Every run that completes is evaluated without anyone asking.
  autoEvaluate(ctx);
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
