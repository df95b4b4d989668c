import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../shared/domain/dataset';
import type { PayloadOf, ResultOf } from '../../../shared/api/contract';
import { studio } from '../api/studio';
import { useCall, useEvent } from '../api/hooks';
import { suggestionHints, suspectHints, type Hint } from './hints';

export type AssistMode = 'off' | 'suggest' | 'suspects';

export interface AssistState {
  mode: AssistMode;
  setMode(m: AssistMode): void;
  /** True when the grid should show the assistant's list instead of the filter. */
  active: boolean;
  /** The ranked item ids (undefined while computing). */
  ids: number[] | undefined;
  hints: ReadonlyMap<number, Hint>;
  status: ResultOf<'assist.status'> | undefined;
  backboneId: string | undefined;
  setBackboneId(id: string): void;
  running: boolean;
  progress: PayloadOf<'assist.progress'> | null;
  error: string | undefined;
  summary: string | undefined;
  /** Label or item changes to the dataset since the list on show was computed (0 while it is current). */
  changesSince: number;
  refresh(): void;
}

const none: ReadonlyMap<number, Hint> = new Map();

/** Suggest-next and looks-wrong lists for a dataset, recomputed when the mode, backbone or a refresh asks. */
export function useAssist(dataset: DatasetSummary): AssistState {
  const [mode, setMode] = useState<AssistMode>('off');
  const [chosen, setBackboneId] = useState<string>();
  const [tick, setTick] = useState(0);
  const [ids, setIds] = useState<number[]>();
  const [hints, setHints] = useState<ReadonlyMap<number, Hint>>(none);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<PayloadOf<'assist.progress'> | null>(null);
  const [error, setError] = useState<string>();
  const [summary, setSummary] = useState<string>();
  const [changesSince, setChangesSince] = useState(0);
  const status = useCall('assist.status', { datasetId: dataset.id }, [dataset.id, mode, tick]);
  const backboneId = chosen ?? status.data?.defaultBackboneId ?? undefined;

  useEvent('assist.progress', (p) => {
    if (p.datasetId === dataset.id) setProgress(p);
  });
  useEvent('backbones.changed', () => status.reload());
  // Every label, class or import change to this dataset makes the list on show a little older.
  useEvent('datasets.changed', (p) => {
    if (p.datasetId === dataset.id) setChangesSince((n) => n + 1);
  });

  useEffect(() => {
    setIds(undefined);
    setHints(none);
    setError(undefined);
    setSummary(undefined);
    if (mode === 'off' || !backboneId) return;
    let live = true;
    setRunning(true);
    setProgress(null);
    const api = studio();
    const job =
      mode === 'suggest'
        ? api.call('assist.suggest', { datasetId: dataset.id, backboneId }).then((r) => {
            if (!live) return;
            setChangesSince(0);
            setIds(r.suggestions.map((s) => s.itemId));
            setHints(suggestionHints(r));
            const how = r.mode === 'diversity' ? 'by diversity (label two classes for hints)' : 'by uncertainty and diversity';
            setSummary(`${r.suggestions.length} unlabeled items ranked ${how} · ${r.backboneId} on ${r.backend} · ${r.seconds.toFixed(1)} s`);
          })
        : api.call('assist.suspects', { datasetId: dataset.id, backboneId }).then((r) => {
            if (!live) return;
            setChangesSince(0);
            setIds(r.suspects.map((s) => s.itemId));
            setHints(suspectHints(r));
            setSummary(`${r.suspects.length} of ${r.checked} labels look wrong · cross-validated probe (${r.folds} folds) agrees with ${Math.round(r.agreement * 100)}% · ${r.backboneId}`);
          });
    job
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => live && setRunning(false));
    return () => {
      live = false;
    };
  }, [mode, backboneId, tick, dataset.id]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return {
    mode,
    setMode,
    active: mode !== 'off',
    ids: mode === 'off' ? undefined : ids,
    hints: mode === 'off' ? none : hints,
    status: status.data,
    backboneId,
    setBackboneId,
    running,
    progress,
    error,
    summary,
    changesSince,
    refresh,
  };
}
