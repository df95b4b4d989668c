import type { StudioApi } from '../../shared/api/client';
import { loadCore } from '../core/entry';
import type { GlobalOptions } from './command';

/**
 * Opens the core on the data dir for one command, hands the command the typed client over it (the
 * CLI's only way in), and always closes the core, so the store is left clean.
 */
export async function withClient<T>(global: GlobalOptions, fn: (api: StudioApi) => Promise<T>, opts: { recoverOrphans?: boolean } = {}): Promise<T> {
  const { openCore, createInProcessClient } = await loadCore();
  const core = openCore({ dataDir: global.dataDir, face: 'cli', ...opts, log: (m) => process.stderr.write(m + '\n') });
  try {
    return await fn(createInProcessClient(core));
  } finally {
    await core.close();
  }
}
