import type { ConnectionState, StudioApi } from '../../../shared/api/client';
import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from '../../../shared/api/contract';
import { StudioError } from '../../../shared/api/errors';
import { serverFrameSchema } from '../../../shared/api/protocol';

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * Browser mode's `window.studio`: the same contract as the Electron preload, over one WebSocket.
 * Auth rides on the HttpOnly cookie the first page load set, so the token never sits in JS.
 * Calls made while disconnected wait for the reconnect instead of failing.
 */
export function createWsClient(url: string): StudioApi {
  let ws: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  const setState = (s: ConnectionState) => {
    state = s;
    for (const l of stateListeners) l(s);
  };

  const connect = () => {
    setState('connecting');
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      retryMs = 250;
      setState('connected');
      while (queue.length) sock.send(queue.shift()!);
    };
    sock.onmessage = (ev) => {
      const parsed = serverFrameSchema.safeParse(JSON.parse(String(ev.data)));
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.type === 'event') {
        for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
        return;
      }
      const p = pending.get(frame.id);
      if (!p) return;
      pending.delete(frame.id);
      if (frame.ok) p.resolve(frame.result);
      else p.reject(StudioError.fromBody(frame.error));
    };
    sock.onclose = () => {
      ws = null;
      setState('disconnected');
      // In-flight calls can't be answered by a new socket; fail them so the UI can say so.
      for (const [id, p] of pending) {
        p.reject(new StudioError('unavailable', 'Lost the connection to the studio core.'));
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, method, params });
      return new Promise<ResultOf<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame);
        else queue.push(frame);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    fileUrl(kind, id) {
      return `/files/${encodeURIComponent(kind)}/${encodeURIComponent(String(id))}`;
    },
    onConnection(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
