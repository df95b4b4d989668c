import type { Db } from './store/db';
import type { EventBus } from './events';
import type { FileRegistry } from './files';

/** What every core handler is given. No `electron` here: the core runs the same under the CLI, browser mode and the app. */
export interface CoreContext {
  version: string;
  dataDir: string;
  db: Db;
  events: EventBus;
  files: FileRegistry;
  /** Work to do when the core shuts down (training processes, open servers). */
  onClose(fn: () => void | Promise<void>): void;
}

export interface CallMeta {
  transport: 'electron' | 'websocket';
}
