import type { Db } from './store/db';
import type { EventBus } from './events';
import type { FileRegistry } from './files';
import type { BackendInfoStore } from './backend-info';
import type { ModelHost } from './predict/host';
import type { TrainingSupervisor } from './training/supervisor';
import type { TrainingScheduler } from './training/scheduler';
import type { LeaseKeeper } from './training/run-lease';
import type { DatasetsRuntime } from './datasets/runtime';
import type { BackbonesRuntime } from './backbones/service/runtime';
import type { EvaluationState } from './evaluation/service';
import type { DemoState } from './demo/service';
import type { SweepService } from './sweep/service';

/**
 * The core's long-lived parts, built once by openCore (core.ts) and handed to every handler. A new
 * piece of per-core state goes here, built there: never in a module-level variable or WeakMap
 * (test/lint/no-hidden-state.test.ts fails on one).
 */
export interface CoreServices {
  /** This core's identity in run leases, its heartbeat, and who took a run over. */
  leases: LeaseKeeper;
  backendInfo: BackendInfoStore;
  /** The model process (inference, export, assist): worker-rpc requests. */
  models: ModelHost;
  /** Training processes and what they report; only the scheduler starts them. */
  training: TrainingSupervisor;
  /** Every start, resume and queue: one training process at a time. */
  scheduler: TrainingScheduler;
  datasets: DatasetsRuntime;
  backbones: BackbonesRuntime;
  evaluation: EvaluationState;
  demo: DemoState;
  /** Sweeps: local ones through the scheduler, queued ones as a coordinator; and queue workers. */
  sweeps: SweepService;
}

/** What every core handler is given. No `electron` here: the core runs the same under the CLI, browser mode and the app. */
export interface CoreContext {
  version: string;
  dataDir: string;
  db: Db;
  events: EventBus;
  files: FileRegistry;
  services: CoreServices;
  /** Work to do when the core shuts down (training processes, open servers). */
  onClose(fn: () => void | Promise<void>): void;
}

export interface CallMeta {
  transport: 'electron' | 'websocket';
}
