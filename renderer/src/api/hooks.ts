import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionState } from '../../../shared/api/client';
import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from '../../../shared/api/contract';
import { studio } from './studio';

export interface CallState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Calls a method on mount and whenever `deps` change; `reload` re-runs it (e.g. after an event). */
export function useCall<M extends MethodName>(method: M, params: ParamsOf<M>, deps: unknown[] = []): CallState<ResultOf<M>> {
  const [data, setData] = useState<ResultOf<M>>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const paramsRef = useRef(params);
  paramsRef.current = params;
  useEffect(() => {
    let live = true;
    setLoading(true);
    studio()
      .call(method, paramsRef.current)
      .then((r) => live && (setData(r), setError(undefined)))
      .catch((e: unknown) => live && setError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [method, tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
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
