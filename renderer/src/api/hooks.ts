import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ConnectionState } from '../../../shared/api/client';
import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from '../../../shared/api/contract';
import { callKey } from './query-client';
import { studio } from './studio';

export interface CallState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * A cached call (TanStack Query): keyed by method and params, so pages showing the same thing share one
 * request, and refetched when a core event makes it stale (query-client.ts). `reload` forces a refetch.
 * `deps` is kept for callers written before the cache; the params themselves are the key now.
 */
export function useCall<M extends MethodName>(method: M, params: ParamsOf<M>, _deps: unknown[] = [], opts: { enabled?: boolean } = {}): CallState<ResultOf<M>> {
  const q = useQuery({
    queryKey: callKey(method, params),
    queryFn: () => studio().call(method, params),
    enabled: opts.enabled ?? true,
  });
  return {
    data: q.data,
    error: q.error ?? undefined,
    // "Not loaded yet", not "refetching": an empty list must not flicker into its empty state on every event.
    loading: q.isPending && q.fetchStatus !== 'idle',
    reload: () => void q.refetch(),
  };
}

export function useEvent<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => studio().on(event, (p) => ref.current(p)), [event]);
}

export function useConnection(): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => studio().onConnection(setState), []);
  return state;
}
