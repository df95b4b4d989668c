import { useCallback, useEffect, useState } from 'react';
import type { PayloadOf, ResultOf } from '../../../shared/api/contract';
import { studio } from '../api/studio';
import { useEvent } from '../api/hooks';

export type LiveRun = PayloadOf<'training.progress'>;
export type RunSummary = ResultOf<'training.metrics'>['run'];

export interface RunFeed {
  run: RunSummary | null;
  live: LiveRun | null;
  steps: Array<{ step: number; loss: number }>;
  epochs: Array<{ epoch: number; trainLoss?: number; valLoss?: number; trainAccuracy?: number; valAccuracy?: number }>;
  refresh(): void;
}

/** A run's metrics: back-filled from the store (so a reload re-attaches), then extended by live events. */
export function useRunFeed(runId: number | null): RunFeed {
  const [run, setRun] = useState<RunSummary | null>(null);
  const [live, setLive] = useState<LiveRun | null>(null);
  const [steps, setSteps] = useState<RunFeed['steps']>([]);
  const [epochs, setEpochs] = useState<RunFeed['epochs']>([]);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (runId === null) return;
    let alive = true;
    void studio()
      .call('training.metrics', { runId })
      .then((r) => {
        if (!alive) return;
        setRun(r.run);
        setLive(r.live);
        setSteps(r.points.filter((p) => p.scope === 'step' && p.name === 'loss').map((p) => ({ step: p.idx, loss: p.value })));
        const byEpoch = new Map<number, RunFeed['epochs'][number]>();
        for (const p of r.points.filter((x) => x.scope === 'epoch')) {
          const e = byEpoch.get(p.idx) ?? { epoch: p.idx };
          (e as Record<string, number>)[p.name] = p.value;
          byEpoch.set(p.idx, e);
        }
        setEpochs([...byEpoch.values()].sort((a, b) => a.epoch - b.epoch));
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [runId, tick]);

  useEvent('training.step', (p) => {
    if (p.runId !== runId) return;
    setSteps((s) => (s.length && s[s.length - 1]!.step >= p.step ? s : [...s, { step: p.step, loss: p.loss }]));
  });
  useEvent('training.epoch', (p) => {
    if (p.runId !== runId) return;
    setEpochs((es) => [...es.filter((e) => e.epoch !== p.epoch), { epoch: p.epoch, ...p.metrics }].sort((a, b) => a.epoch - b.epoch));
  });
  useEvent('training.progress', (p) => {
    if (p.runId === runId) setLive(p);
  });
  useEvent('runs.changed', (p) => {
    if (p.runId === runId) setTick((t) => t + 1);
  });
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { run, live, steps, epochs, refresh };
}
