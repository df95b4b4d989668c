import { openCore, type Core } from '../core/core';
import type { GlobalOptions } from './command';

/** Opens the core on the data dir for one command and always closes it (so the DB is left clean). */
export async function withCore<T>(global: GlobalOptions, fn: (core: Core) => Promise<T>, opts: { recoverOrphans?: boolean } = {}): Promise<T> {
  const core = openCore({ dataDir: global.dataDir, face: 'cli', ...opts, log: (m) => process.stderr.write(m + '\n') });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}
