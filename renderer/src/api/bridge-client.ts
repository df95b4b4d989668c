import type { StudioBridge } from '../../../shared/api/bridge';
import type { StudioApi } from '../../../shared/api/client';
import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from '../../../shared/api/contract';
import { StudioError } from '../../../shared/api/errors';

/**
 * The Electron app's `window.studio`, built over the preload's plain-data bridge. Errors arrive
 * as bodies and become the same StudioError the browser-mode WebSocket client throws, so pages
 * cannot tell the transports apart.
 */
export function createBridgeClient(bridge: StudioBridge): StudioApi {
  return {
    async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      const out = await bridge.call(method, params);
      if (!out.ok) throw StudioError.fromBody(out.error);
      return out.result as ResultOf<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) {
      return bridge.on(event, listener as (payload: unknown) => void);
    },
    fileUrl(kind, id) {
      // Served by the main process's studio-file: protocol handler from the core's file registry.
      return `studio-file://${encodeURIComponent(kind)}/${encodeURIComponent(String(id))}`;
    },
    pathForFile(file) {
      return bridge.pathForFile(file);
    },
    onConnection(listener) {
      // IPC to our own main process is up for as long as the window exists.
      listener('connected');
      return () => {};
    },
  };
}
