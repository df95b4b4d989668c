import { Box, Typography } from '@mui/material';
import { AttentionThumb } from './AttentionThumb';
import type { ItemAttention } from './attention-data';

/**
 * Every layer × head as a grid of small maps; click one (or move with the arrow keys, rows = layers,
 * columns = heads) to open it in the head view.
 */
export function AttentionGrid({ att, layer, head, onSelect }: { att: ItemAttention; layer: number; head: number; onSelect: (layer: number, head: number) => void }) {
  const n = att.tokens.length;
  const size = Math.max(36, Math.min(72, Math.floor(880 / Math.max(att.heads, 1)) - 8));
  const onKey = (e: React.KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    const l = Math.min(att.layers - 1, Math.max(0, layer + m[0]));
    const h = Math.min(att.heads - 1, Math.max(0, head + m[1]));
    onSelect(l, h);
    // Keep the focus on the selected map so the keys keep working.
    requestAnimationFrame(() => (document.querySelector(`[data-testid="attn-thumb-${l}-${h}"]`) as HTMLElement | null)?.focus());
  };
  return (
    <Box role="grid" aria-label="Attention maps: rows are layers, columns are heads" onKeyDown={onKey} data-testid="attention-grid" data-layers={att.layers} data-heads={att.heads} sx={{ overflowX: 'auto' }}>
      <Box role="row" sx={{ display: 'flex', gap: 0.5, ml: 7 }}>
        {Array.from({ length: att.heads }, (_, h) => (
          <Typography key={h} role="columnheader" variant="caption" sx={{ width: size + 2, textAlign: 'center' }}>
            head {h}
          </Typography>
        ))}
      </Box>
      {Array.from({ length: att.layers }, (_, l) => (
        <Box key={l} role="row" sx={{ display: 'flex', gap: 0.5, alignItems: 'center', mb: 0.5 }}>
          <Typography role="rowheader" variant="caption" sx={{ width: 52, textAlign: 'right', mr: 0.5 }}>
            layer {l}
          </Typography>
          {Array.from({ length: att.heads }, (_, h) => (
            <Box role="gridcell" key={h}>
              <AttentionThumb
                map={att.map(l, h)}
                n={n}
                size={size}
                label={`Layer ${l}, head ${h}`}
                selected={l === layer && h === head}
                onSelect={() => onSelect(l, h)}
                testId={`attn-thumb-${l}-${h}`}
              />
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}
