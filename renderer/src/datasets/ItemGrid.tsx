import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { Box, useTheme } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ClassInfo, Item } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';
import { classColor, textOn } from './colors';
import { TextTileContent } from '../text/TextTileContent';
import type { ItemIndex } from './useItemIndex';

const TILE = 132;
const GAP = 6;
const TEXT_ROW = 56;

export interface GridProps {
  index: ItemIndex;
  kind: 'image' | 'text';
  classes: ClassInfo[];
  cursor: number;
  selected: ReadonlySet<number>;
  onClick(index: number, e: MouseEvent): void;
  onDoubleClick(index: number): void;
  /** The grid reports its column count so arrow keys move by rows. */
  onColumns(n: number): void;
  /** Badges by item id (assisted labeling's guesses). */
  hints?: ReadonlyMap<number, { text: string; title: string }>;
}

/** Plain elements and inline styles: MUI's sx on hundreds of tiles mounting per frame costs more than the frame. */
const Tile = memo(function Tile(props: { item: Item | undefined; index: number; color?: string; label?: string; hint?: { text: string; title: string } | undefined; selected: boolean; cursor: boolean; text: boolean; accent: string; onClick: GridProps['onClick']; onDoubleClick: GridProps['onDoubleClick'] }) {
  const { item } = props;
  const ring = props.cursor || props.selected;
  return (
    <div
      data-testid="grid-item"
      data-index={props.index}
      data-item-id={item?.id}
      data-label={props.label ?? ''}
      data-selected={props.selected}
      role="option"
      aria-selected={props.selected}
      onClick={(e) => props.onClick(props.index, e)}
      onDoubleClick={() => props.onDoubleClick(props.index)}
      style={{
        position: 'relative',
        width: props.text ? '100%' : TILE,
        height: props.text ? TEXT_ROW - GAP : TILE,
        borderRadius: 6,
        overflow: 'hidden',
        cursor: 'pointer',
        background: 'rgba(127,127,127,0.12)',
        outline: ring ? `3px solid ${props.cursor ? props.accent : '#00897b'}` : 'none',
        outlineOffset: -3,
        boxShadow: props.color ? `inset 0 -6px 0 ${props.color}` : undefined,
        display: 'flex',
        alignItems: 'center',
        padding: props.text ? '0 12px' : 0,
        boxSizing: 'border-box',
      }}
    >
      {item && !props.text && item.thumbId && (
        <img src={studio().fileUrl('thumb', item.thumbId)} alt={item.name} decoding="async" draggable={false} style={{ width: '100%', height: '100%', objectFit: 'contain' }} />
      )}
      {item && props.text && <TextTileContent text={item.text ?? ''} label={props.label} color={props.color} hint={props.hint} />}
      {props.label && !props.text && (
        <span data-testid="grid-item-label" style={{ position: 'absolute', left: 4, top: 4, padding: '0 6px', borderRadius: 4, fontSize: 11, color: props.color ? textOn(props.color) : '#fff', background: props.color }}>
          {props.label}
        </span>
      )}
      {props.hint && !props.text && (
        <span data-testid="hint-badge" title={props.hint.title} style={{ position: 'absolute', right: 4, bottom: 8, padding: '0 6px', borderRadius: 4, fontSize: 11, color: '#fff', background: 'rgba(33,33,33,0.8)' }}>
          {props.hint.text}
        </span>
      )}
    </div>
  );
});

/** Virtualized: only the rows in view (plus a few) are in the DOM, so 20,000 items scroll like 20. */
export function ItemGrid(props: GridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const text = props.kind === 'text';
  const cols = text ? 1 : Math.max(1, Math.floor((width + GAP) / (TILE + GAP)));
  const count = props.index.ids?.length ?? 0;
  const rows = Math.ceil(count / cols);
  const byId = useMemo(() => new Map(props.classes.map((c) => [c.id, c])), [props.classes]);
  const theme = useTheme();

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth - 8));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const { onColumns } = props;
  useEffect(() => {
    onColumns(cols);
  }, [cols, onColumns]);

  const v = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => (text ? TEXT_ROW : TILE + GAP), overscan: 3 });
  const virtualRows = v.getVirtualItems();
  const first = virtualRows[0]?.index ?? 0;
  const last = virtualRows[virtualRows.length - 1]?.index ?? 0;
  const { ensure, ids: indexIds } = props.index;
  useEffect(() => {
    ensure(first * cols, (last + 1) * cols);
    // indexIds: a new id order needs its rows in view fetched again.
  }, [first, last, cols, indexIds, ensure]);
  // Keep the cursor in view when the keyboard moves it.
  useEffect(() => {
    if (props.cursor >= 0) v.scrollToIndex(Math.floor(props.cursor / cols), { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a cursor move scrolls; the virtualizer is a new object each render
  }, [props.cursor, cols]);

  return (
    // A listbox of options (tiles); focusable so keyboard users can scroll it (axe: scrollable-region-focusable).
    <Box ref={scroller} role="listbox" aria-multiselectable="true" aria-label="Items" tabIndex={0} data-testid="item-grid" data-count={count} sx={{ height: 'calc(100vh - 280px)', minHeight: 300, overflow: 'auto', contain: 'strict', pr: 1 }}>
      <Box sx={{ height: v.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualRows.map((row) => (
          <div key={row.key} style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${row.start}px)`, display: 'flex', gap: GAP }}>
            {Array.from({ length: cols }, (_, c) => {
              const i = row.index * cols + c;
              if (i >= count) return null;
              const item = props.index.itemAt(i);
              const cls = item?.labelId != null ? byId.get(item.labelId) : undefined;
              const id = props.index.ids![i]!;
              return (
                <Tile
                  key={id}
                  index={i}
                  item={item}
                  text={text}
                  label={cls?.name}
                  hint={props.hints?.get(id)}
                  color={cls ? classColor(cls.position) : undefined}
                  selected={props.selected.has(id)}
                  cursor={i === props.cursor}
                  accent={theme.palette.primary.main}
                  onClick={props.onClick}
                  onDoubleClick={props.onDoubleClick}
                />
              );
            })}
          </div>
        ))}
      </Box>
    </Box>
  );
}
