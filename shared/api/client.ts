import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from './contract';
import { StudioError, type ApiErrorBody } from './errors';

/**
 * The one typed client of the contract. The renderer sees it as `window.studio` (over the Electron
 * preload or browser mode's WebSocket), the CLI and the tests over the core in the same process:
 * every face calls the same methods with the same types, whatever transport is underneath.
 */
export interface StudioApi {
  /** Resolves with the method's result; rejects with a StudioError (code, message, issues) when the core refuses. */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
  /** URL the renderer can put in <img src> for a file the core serves (e.g. kind 'thumb'). */
  fileUrl(kind: string, id: string | number): string;
  /**
   * Electron only: the path on disk of a dropped file, so the core can import it in place
   * instead of streaming it. Absent in browser mode, where files are uploaded in chunks.
   */
  pathForFile?(file: Blob): string | null;
  /** 'connected' once the transport can carry calls; the UI shows it. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** What a transport answers for one call: plain data, so it crosses IPC, a socket or a function call alike. */
export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

/**
 * The untyped wire a client is built on: IPC, a WebSocket or the core's Service in this process.
 * The client, not the transport, carries the contract's types, so a new transport is a few lines.
 */
export interface StudioTransport {
  call(method: string, params: unknown): Promise<CallOutcome>;
  /** Push events of one name, in the order the core emitted them; returns the unsubscribe. */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  fileUrl(kind: string, id: string | number): string;
  pathForFile?(file: Blob): string | null;
  onConnection?(listener: (state: ConnectionState) => void): () => void;
}

/** Builds the typed client over any transport: the contract's types live here, not in each transport. */
export function createStudioClient(transport: StudioTransport): StudioApi {
  const api: StudioApi = {
    async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      const out = await transport.call(method, params);
      if (!out.ok) throw StudioError.fromBody(out.error);
      // The core validated the result against the contract before sending it.
      return out.result as ResultOf<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) {
      return transport.subscribe(event, listener as (payload: unknown) => void);
    },
    fileUrl: (kind, id) => transport.fileUrl(kind, id),
    onConnection(listener) {
      if (transport.onConnection) return transport.onConnection(listener);
      // A transport that cannot drop (in-process, IPC to our own main process) is always up.
      listener('connected');
      return () => {};
    },
  };
  if (transport.pathForFile) api.pathForFile = (file) => transport.pathForFile!(file);
  return api;
}

/**
 * The first `event` whose payload satisfies `match`, as a promise: how the CLI and the tests wait
 * for the product (a download ending, an import finishing) instead of sleeping or polling.
 * Subscribe before starting the work whose end you wait for, or the event may pass unseen; `signal`
 * stops the wait (rejecting with its reason).
 */
export function waitForEvent<E extends EventName>(
  api: Pick<StudioApi, 'on'>,
  event: E,
  match: (payload: PayloadOf<E>) => boolean,
  signal?: AbortSignal,
): Promise<PayloadOf<E>> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      off();
      reject(signal!.reason);
    };
    const off = api.on(event, (payload) => {
      if (!match(payload)) return;
      off();
      signal?.removeEventListener('abort', onAbort);
      resolve(payload);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
