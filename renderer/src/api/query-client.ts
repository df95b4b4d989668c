import { QueryClient } from '@tanstack/react-query';
import type { EventName, MethodName } from '../../../shared/api/contract';
import { studio } from './studio';

/**
 * One cache for every page. Data goes stale only when the core says so (push events below), so pages
 * neither poll nor carry reload ticks; a failed call is shown at once instead of being retried behind
 * the user's back (the core answers errors deliberately, e.g. not_found).
 */
export function createStudioQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity } },
  });
}

/**
 * Which cached methods each core event makes stale, by method-name prefix. High-rate events
 * (training.step, training.progress) are left out: pages read those live, not through the cache.
 */
export const invalidatedBy: Partial<Record<EventName, readonly string[]>> = {
  'runs.changed': ['runs.', 'training.', 'demo.', 'evaluation.', 'export.'],
  'training.epoch': ['training.metrics'],
  'evaluation.changed': ['evaluation.', 'runs.'],
  'datasets.changed': ['datasets.', 'demo.', 'assist.', 'runs.'],
  'datasets.import.finished': ['datasets.', 'demo.'],
  'backbones.changed': ['backbones.', 'demo.'],
  'backbones.finished': ['backbones.'],
  'demo.progress': ['demo.', 'runs.', 'datasets.', 'backbones.'],
};

/** Subscribes the cache to the core's events; returns the unsubscribe. */
export function invalidateOnEvents(client: QueryClient): () => void {
  const offs = (Object.entries(invalidatedBy) as Array<[EventName, readonly string[]]>).map(([event, prefixes]) =>
    studio().on(event, () => {
      void client.invalidateQueries({
        predicate: (q) => typeof q.queryKey[0] === 'string' && prefixes.some((p) => (q.queryKey[0] as string).startsWith(p)),
      });
    }),
  );
  // Events sent while the transport was down are lost: a reconnect makes everything stale.
  let wasDown = false;
  offs.push(
    studio().onConnection((state) => {
      if (state === 'disconnected') wasDown = true;
      else if (state === 'connected' && wasDown) {
        wasDown = false;
        void client.invalidateQueries();
      }
    }),
  );
  return () => offs.forEach((off) => off());
}

/** The cache key of a call: the method, then its params. */
export const callKey = (method: MethodName, params: unknown) => [method, params] as const;
