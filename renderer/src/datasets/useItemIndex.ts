import { useCallback, useEffect, useRef, useState } from 'react';
import type { Item, ItemFilter } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';

const PAGE = 200;

export interface ItemIndex {
  /** Ids of every item in the filter, in order; fetched once per filter (20k ids are ~100 KB). */
  ids: number[] | undefined;
  itemAt(index: number): Item | undefined;
  /** Loads the details of the rows in view (a page of ids at a time). */
  ensure(from: number, to: number): void;
  /** Applies a label change to loaded rows without refetching (the view stays stable while labeling). */
  patch(itemIds: readonly number[], labelId: number | null): void;
  version: number;
}

/**
 * The grid's data: the id list of the filter, and item details fetched by id for the rows in
 * view. Fetching by id (not offset) keeps rows aligned even when labeling moves items out of the
 * filter, as it does under "Unlabeled".
 */
export function useItemIndex(datasetId: number, filter: ItemFilter, reloadKey: number): ItemIndex {
  const [ids, setIds] = useState<number[]>();
  const [version, setVersion] = useState(0);
  const pages = useRef(new Map<number, Item[]>());
  const loading = useRef(new Set<number>());
  const idsRef = useRef<number[]>(undefined);
  const generation = useRef(0);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    const gen = ++generation.current;
    pages.current = new Map();
    loading.current = new Set();
    setIds(undefined);
    void studio()
      .call('datasets.items.ids', { datasetId, filter: JSON.parse(filterKey) as ItemFilter })
      .then((r) => {
        if (gen !== generation.current) return;
        idsRef.current = r.ids;
        setIds(r.ids);
      });
  }, [datasetId, filterKey, reloadKey]);

  const ensure = useCallback(
    (from: number, to: number) => {
      const all = idsRef.current;
      if (!all) return;
      const gen = generation.current;
      for (let p = Math.floor(Math.max(0, from) / PAGE); p <= Math.floor(Math.max(0, to) / PAGE); p++) {
        if (pages.current.has(p) || loading.current.has(p) || p * PAGE >= all.length) continue;
        loading.current.add(p);
        const slice = all.slice(p * PAGE, (p + 1) * PAGE);
        void studio()
          .call('datasets.items.get', { datasetId, itemIds: slice })
          .then((r) => {
            if (gen !== generation.current) return;
            const byId = new Map(r.items.map((i) => [i.id, i]));
            pages.current.set(
              p,
              slice.map((id) => byId.get(id)!),
            );
            setVersion((v) => v + 1);
          })
          .finally(() => loading.current.delete(p));
      }
    },
    [datasetId],
  );

  const itemAt = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE], []);

  const patch = useCallback((itemIds: readonly number[], labelId: number | null) => {
    const set = new Set(itemIds);
    for (const [p, list] of pages.current) pages.current.set(p, list.map((it) => (it && set.has(it.id) ? { ...it, labelId } : it)));
    setVersion((v) => v + 1);
  }, []);

  return { ids, itemAt, ensure, patch, version };
}
