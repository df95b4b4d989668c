import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import type { ClassInfo, DatasetSummary } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';
import { useCall, useEvent } from '../api/hooks';
import { useItemIndex } from './useItemIndex';
import { useUndo, type Assignment } from './useUndo';
import { Legend } from './Legend';
import { ItemGrid } from './ItemGrid';
import { LargeView } from './LargeView';
import { FilterBar, type View } from './FilterBar';
import { SkipList } from './ImportSummaryView';
import { SplitControls } from './SplitControls';
import type { ClassAction } from './ClassDialog';
import { useAssist } from '../assist/useAssist';
import { useListIndex } from '../assist/useListIndex';
import { AssistBar } from '../assist/AssistBar';
import { hintAssignments } from '../assist/hints';

function typingInField(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

/**
 * The labeling workspace. Keys: 1–9 give the selection (or the item under the cursor) the class
 * at that legend position, 0/Delete unlabel, arrows move, Enter enlarges, Ctrl+A selects all in
 * the filter, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo. Labeling one item moves on to the next.
 */
export function LabelWorkspace({ dataset, onChanged }: { dataset: DatasetSummary; onChanged(): void }) {
  const [view, setView] = useState<View>({ filter: {}, showSkipped: false });
  const [reloadKey, setReloadKey] = useState(0);
  const [classes, setClasses] = useState<ClassInfo[]>(dataset.classes);
  const [unlabeled, setUnlabeled] = useState(dataset.unlabeled);
  const [cursor, setCursor] = useState(0);
  const [anchor, setAnchor] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [large, setLarge] = useState(false);
  const [error, setError] = useState<string>();
  const cols = useRef(1);
  const filtered = useItemIndex(dataset.id, view.filter, reloadKey);
  // Assisted labeling swaps the filter's items for its ranking (suggest next / looks wrong).
  const assist = useAssist(dataset);
  const ranked = useListIndex(dataset.id, assist.ids);
  const index = assist.active ? ranked : filtered;
  const undo = useUndo();
  const skips = useCall('datasets.skips.list', { datasetId: dataset.id }, [dataset.id, dataset.skipped]);

  useEffect(() => {
    setClasses(dataset.classes);
    setUnlabeled(dataset.unlabeled);
  }, [dataset]);
  useEffect(() => {
    setCursor(0);
    setSelected(new Set());
  }, [view.filter]);
  useEffect(() => {
    setCursor(0);
    setSelected(new Set());
  }, [assist.ids]);

  const ids = useMemo(() => index.ids ?? [], [index.ids]);
  const count = ids.length;

  const apply = useCallback(
    async (assignments: Assignment[]) => {
      const r = await studio().call('datasets.labels.assign', { datasetId: dataset.id, assignments });
      for (const a of assignments) {
        filtered.patch(a.itemIds, a.labelId);
        ranked.patch(a.itemIds, a.labelId);
      }
      setClasses(r.classes);
      setUnlabeled(r.unlabeled);
      return r;
    },
    [dataset.id, filtered, ranked],
  );

  const label = useCallback(
    async (labelId: number | null | 'hint') => {
      const targets = selected.size ? [...selected] : ids[cursor] !== undefined ? [ids[cursor]!] : [];
      const forward = labelId === 'hint' ? hintAssignments(targets, assist.hints) : [{ itemIds: targets, labelId }];
      if (targets.length === 0 || forward.length === 0) return;
      try {
        const r = await apply(forward);
        undo.push({ forward, previous: r.previous });
        if (selected.size === 0) setCursor((c) => Math.min(c + 1, count - 1));
        onChanged();
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      }
    },
    [selected, ids, cursor, apply, undo, count, onChanged, assist.hints],
  );

  const doUndo = useCallback(
    async (redo: boolean) => {
      const change = redo ? undo.takeRedo() : undo.takeUndo();
      if (!change) return;
      try {
        await apply(redo ? change.forward : change.previous);
        onChanged();
      } catch (err) {
        // E.g. undoing a label whose class was deleted since: say so rather than drop it silently.
        setError(err instanceof Error ? err.message : String(err));
      }
    },
    [undo, apply, onChanged],
  );

  const selectAll = useCallback(() => setSelected(new Set(ids)), [ids]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingInField(e) || view.showSkipped) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void doUndo(e.shiftKey);
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        void doUndo(true);
      } else if (mod && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        selectAll();
      } else if (!mod && /^[1-9]$/.test(e.key)) {
        const cls = classes.find((c) => c.position === Number(e.key) - 1);
        if (cls) {
          e.preventDefault();
          void label(cls.id);
        }
      } else if (!mod && e.key.toLowerCase() === 'p' && assist.active) {
        e.preventDefault();
        void label('hint');
      } else if (!mod && (e.key === '0' || e.key === 'Delete' || e.key === 'Backspace')) {
        e.preventDefault();
        void label(null);
      } else if (e.key.startsWith('Arrow')) {
        e.preventDefault();
        const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' ? -cols.current : cols.current;
        const next = Math.max(0, Math.min(count - 1, cursor + (large && Math.abs(step) > 1 ? Math.sign(step) : step)));
        setCursor(next);
        if (e.shiftKey) setSelected(new Set(ids.slice(Math.min(anchor, next), Math.max(anchor, next) + 1)));
        else {
          setAnchor(next);
          setSelected(new Set());
        }
      } else if (e.key === 'Enter' && count > 0) {
        e.preventDefault();
        setLarge(true);
      } else if (e.key === 'Escape') {
        if (large) setLarge(false);
        else setSelected(new Set());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [classes, label, doUndo, selectAll, count, cursor, anchor, ids, large, view.showSkipped, assist.active]);

  const onClick = useCallback(
    (i: number, e: MouseEvent) => {
      const id = ids[i];
      if (id === undefined) return;
      if (e.shiftKey) {
        setSelected(new Set(ids.slice(Math.min(anchor, i), Math.max(anchor, i) + 1)));
      } else if (e.ctrlKey || e.metaKey) {
        setSelected((s) => {
          const n = new Set(s);
          if (n.has(id)) n.delete(id);
          else n.add(id);
          return n;
        });
        setAnchor(i);
      } else {
        setSelected(new Set());
        setAnchor(i);
      }
      setCursor(i);
    },
    [ids, anchor],
  );

  const onClassAction = async (a: ClassAction) => {
    const api = studio();
    if (a.kind === 'rename') await api.call('datasets.classes.rename', { datasetId: dataset.id, classId: a.classId, name: a.name });
    else if (a.kind === 'merge') await api.call('datasets.classes.merge', { datasetId: dataset.id, fromId: a.fromId, intoId: a.intoId });
    else await api.call('datasets.classes.delete', { datasetId: dataset.id, classId: a.classId, reassignTo: a.reassignTo });
    setReloadKey((k) => k + 1);
    onChanged();
  };

  useEvent('datasets.import.finished', (s) => {
    if (s.datasetId === dataset.id) setReloadKey((k) => k + 1);
  });

  return (
    <Box data-testid="label-workspace">
      <Legend
        classes={classes}
        unlabeled={unlabeled}
        total={dataset.items}
        onAdd={async (name) => {
          await studio().call('datasets.classes.add', { datasetId: dataset.id, name });
          onChanged();
        }}
        onAction={onClassAction}
      />
      <FilterBar view={view} classes={classes} skipped={skips.data?.skipped.length ?? 0} kind={dataset.kind} onChange={setView} />
      <SplitControls dataset={dataset} onDone={() => (setReloadKey((k) => k + 1), onChanged())} />
      <AssistBar a={assist} unlabeled={unlabeled} />
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography variant="body2" color="text.secondary" data-testid="selection-info">
          {count} shown{selected.size ? ` · ${selected.size} selected` : ''}
        </Typography>
        <Button size="small" onClick={selectAll} data-testid="select-all">
          Select all in filter
        </Button>
        <Button size="small" onClick={() => void doUndo(false)} disabled={!undo.canUndo} data-testid="undo">
          Undo
        </Button>
        <Button size="small" onClick={() => void doUndo(true)} disabled={!undo.canRedo} data-testid="redo">
          Redo
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
      {view.showSkipped ? (
        skips.data && skips.data.skipped.length > 0 ? <SkipList skipped={skips.data.skipped} /> : <Typography>No file was skipped.</Typography>
      ) : (
        <ItemGrid
          index={index}
          kind={dataset.kind}
          classes={classes}
          cursor={cursor}
          selected={selected}
          onClick={onClick}
          onDoubleClick={(i) => (setCursor(i), setLarge(true))}
          onColumns={(n) => {
            cols.current = n;
          }}
          hints={assist.hints}
        />
      )}
      {large && <LargeView item={index.itemAt(cursor)} classes={classes} position={`${cursor + 1} / ${count}`} onClose={() => setLarge(false)} />}
    </Box>
  );
}
