import type { WebSocket, WebSocketServer } from 'ws';
import { requestFrameSchema, type ServerFrame } from '../../../shared/api/protocol';
import type { Core } from '../core';
import { guardPaths } from './path-params';
import type { PathPolicy } from './path-policy';

const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * Carries the API contract over WebSocket: request/response frames plus pushed events. With a
 * path policy, file and folder parameters are checked before the method runs (browser mode).
 */
export function attachWsTransport(wss: WebSocketServer, core: Core, opts: { paths?: PathPolicy } = {}): void {
  wss.on('connection', (ws: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = core.ctx.events.subscribe((event, payload) => send({ type: 'event', event, payload }));
    ws.on('close', unsubscribe);
    // Each frame is answered on its own; nothing in here rejects (the Service turns every failure into an error frame).
    ws.on('message', (data, isBinary) => void (async () => {
      if (isBinary) {
        send({ type: 'response', id: -1, ok: false, error: { code: 'invalid_params', message: 'Binary frames are not part of the protocol.' } });
        return;
      }
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        send({ type: 'response', id: -1, ok: false, error: { code: 'invalid_params', message: 'The frame is not valid JSON.' } });
        return;
      }
      const parsed = requestFrameSchema.safeParse(frame);
      if (!parsed.success) {
        const id = typeof (frame as { id?: unknown })?.id === 'number' ? (frame as { id: number }).id : -1;
        send({ type: 'response', id, ok: false, error: { code: 'invalid_params', message: 'Malformed request frame: expected {type:"request", id, method, params}.' } });
        return;
      }
      const { id, method, params } = parsed.data;
      const refused = opts.paths
        ? await guardPaths(opts.paths, method, params).catch((err: unknown) => ({ code: 'internal' as const, message: `Could not check the paths: ${String(err)}` }))
        : undefined;
      if (refused) {
        send({ type: 'response', id, ok: false, error: refused });
        return;
      }
      const outcome = await core.service.call(method, params, { transport: 'websocket' });
      send(outcome.ok ? { type: 'response', id, ok: true, result: outcome.result } : { type: 'response', id, ok: false, error: outcome.error });
    })());
  });
}

export const wsMaxPayload = MAX_FRAME_BYTES;
