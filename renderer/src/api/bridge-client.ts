import type { StudioBridge } from '../../../shared/api/bridge';
import { createStudioClient, type StudioApi } from '../../../shared/api/client';

/**
 * The Electron app's `window.studio`: the one typed client over the preload's plain-data bridge.
 * Errors arrive as bodies and become the same StudioError the browser-mode WebSocket client throws,
 * so pages cannot tell the transports apart.
 */
export function createBridgeClient(bridge: StudioBridge): StudioApi {
  return createStudioClient({
    call: (method, params) => bridge.call(method, params),
    subscribe: (event, listener) => bridge.on(event, listener),
    // Served by the main process's studio-file: protocol handler from the core's file registry.
    fileUrl: (kind, id) => `studio-file://${encodeURIComponent(kind)}/${encodeURIComponent(String(id))}`,
    pathForFile: (file) => bridge.pathForFile(file),
  });
}
