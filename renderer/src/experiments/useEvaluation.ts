import { useEffect, useRef } from 'react';
import { useCall, useEvent } from '../api/hooks';
import { studio } from '../api/studio';

/** A run's evaluation; a finished run that has none yet is evaluated on first view. */
export function useEvaluation(runId: number, completed: boolean) {
  const ev = useCall('evaluation.get', { runId }, [runId]);
  const asked = useRef<number | null>(null);
  useEvent('evaluation.changed', (p) => p.runId === runId && ev.reload());
  useEffect(() => {
    if (completed && ev.data?.status === 'none' && asked.current !== runId) {
      asked.current = runId;
      studio()
        .call('evaluation.run', { runId })
        .then(() => ev.reload())
        .catch(() => ev.reload());
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- asks once per run when its status says so; ev itself is a new object each render
  }, [completed, ev.data?.status, runId]);
  return ev;
}
