import { useCallback, useMemo, useRef, useState } from 'react';
import type { Item } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';
import type { ItemIndex } from '../datasets/useItemIndex';

const PAGE = 200;

/** The grid's ItemIndex over a given id order (a ranking), details fetched by id for the rows in view. */
export function useListIndex(datasetId: number, list: readonly number[] | undefined): ItemIndex {
  const [version, setVersion] = useState(0);
  // Fresh pages for each list, made during render: the grid (a child) asks for rows in its effects,
  // which run before this component's, so a reset in an effect would drop those first answers.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- datasetId and list are what make the pages stale, though unread here
  const state = useMemo(() => ({ pages: new Map<number, Item[]>(), loading: new Set<number>() }), [datasetId, list]);
  const current = useRef(state);
  current.current = state;

  const ensure = useCallback(
    (from: number, to: number) => {
      if (!list) return;
      for (let p = Math.floor(Math.max(0, from) / PAGE); p <= Math.floor(Math.max(0, to) / PAGE); p++) {
        if (state.pages.has(p) || state.loading.has(p) || p * PAGE >= list.length) continue;
        state.loading.add(p);
        const slice = list.slice(p * PAGE, (p + 1) * PAGE);
        void studio()
          .call('datasets.items.get', { datasetId, itemIds: slice })
          .then((r) => {
            if (current.current !== state) return;
            const byId = new Map(r.items.map((i) => [i.id, i]));
            state.pages.set(
              p,
              slice.map((id) => byId.get(id)!),
            );
            setVersion((v) => v + 1);
          })
          .finally(() => state.loading.delete(p));
      }
    },
    [datasetId, list, state],
  );

  const itemAt = useCallback((index: number) => state.pages.get(Math.floor(index / PAGE))?.[index % PAGE], [state]);

  const patch = useCallback(
    (itemIds: readonly number[], labelId: number | null) => {
      const set = new Set(itemIds);
      for (const [p, rows] of state.pages) state.pages.set(p, rows.map((it) => (it && set.has(it.id) ? { ...it, labelId } : it)));
      setVersion((v) => v + 1);
    },
    [state],
  );

  return { ids: list as number[] | undefined, itemAt, ensure, patch, version };
}
