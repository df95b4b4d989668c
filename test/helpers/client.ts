import type { StudioApi } from '../../shared/api/client';
import type { Core } from '../../electron/core/core';
import { createInProcessClient } from '../../electron/core/api/in-process-client';

export { waitForEvent } from '../../shared/api/client';
export { waitForRunEnd } from '../../shared/api/wait-run';
export { StudioError } from '../../shared/api/errors';

/**
 * The one client every test talks to a core through: the typed StudioApi over the in-process
 * transport, as the CLI uses it. `api.call` rejects with a StudioError, so a test of a refusal reads
 * `await expect(api.call(...)).rejects.toMatchObject({ code: 'conflict' })`.
 */
export function clientFor(core: Pick<Core, 'ctx' | 'service'>): StudioApi {
  return createInProcessClient(core);
}
