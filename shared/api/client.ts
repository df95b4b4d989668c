import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from './contract';

/**
 * What the renderer sees as `window.studio`, whichever transport is underneath
 * (Electron preload or the browser-mode WebSocket client).
 */
export interface StudioApi {
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
