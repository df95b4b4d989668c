import { createStudioClient, type CallOutcome, type ConnectionState, type StudioApi } from '../../../shared/api/client';
import { serverFrameSchema } from '../../../shared/api/protocol';

type Pending = (outcome: CallOutcome) => void;

export interface WsClient extends StudioApi {
  /** Closes the socket for good (no reconnect): for a client outside a page, such as an e2e test's. */
  close(): void;
}

/** The part of the browser's WebSocket the client uses; the `ws` package's class has it too (Node tests). */
export interface SocketConstructor {
  new (url: string): WebSocket;
  readonly OPEN: number;
}

/**
 * Browser mode's `window.studio`: the one typed client over one WebSocket (the same contract as the
 * Electron preload).
 * Auth rides on the HttpOnly cookie the first page load set, so the token never sits in JS.
 * Calls made while disconnected wait for the reconnect instead of failing.
 * Outside a page (e2e tests in Node) the token rides in the URL and `ws` supplies the socket class.
 */
export function createWsClient(url: string, Socket: SocketConstructor = WebSocket): WsClient {
  let ws: WebSocket | null = null;
  let closed = false;
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
    const sock = new Socket(url);
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
      p(frame.ok ? { ok: true, result: frame.result } : { ok: false, error: frame.error });
    };
    sock.onclose = () => {
      ws = null;
      setState('disconnected');
      // In-flight calls can't be answered by a new socket; fail them so the UI can say so.
      for (const [id, p] of pending) {
        p({ ok: false, error: { code: 'unavailable', message: 'Lost the connection to the studio core.' } });
        pending.delete(id);
      }
      if (closed) return;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  const client = createStudioClient({
    call(method, params) {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, method, params });
      return new Promise<CallOutcome>((resolve) => {
        pending.set(id, resolve);
        if (ws && ws.readyState === Socket.OPEN) ws.send(frame);
        else queue.push(frame);
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => {
        set.delete(listener);
      };
    },
    fileUrl(kind, id) {
      return `/files/${encodeURIComponent(kind)}/${encodeURIComponent(String(id))}`;
    },
    onConnection(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => {
        stateListeners.delete(listener);
      };
    },
  });
  return {
    ...client,
    close() {
      closed = true;
      ws?.close();
    },
  };
}
