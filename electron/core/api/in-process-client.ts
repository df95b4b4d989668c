import { createStudioClient, type StudioApi } from '../../../shared/api/client';
import type { CallMeta } from '../context';
import type { Core } from '../core';

/**
 * The typed client over a core in this process: the CLI's and the tests' transport, beside IPC and
 * WebSocket. Calls go through the same Service (zod validation, typed errors) as a remote client's.
 * Calls count as 'websocket' unless told otherwise: the core treats them as a non-Electron face.
 */
export function createInProcessClient(core: Pick<Core, 'ctx' | 'service'>, meta: CallMeta = { transport: 'websocket' }): StudioApi {
  return createStudioClient({
    call: (method, params) => core.service.call(method, params, meta),
    subscribe: (event, listener) => core.ctx.events.subscribe((name, payload) => name === event && listener(payload)),
    // The same path browser mode serves; an in-process face has no HTTP server of its own.
    fileUrl: (kind, id) => `/files/${encodeURIComponent(kind)}/${encodeURIComponent(String(id))}`,
  });
}
