import { useState, type ReactElement } from 'react';
import { Box, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { ItemAttention } from './attention-data';

const ROW = 22;

/**
 * One head as lines from each token (left) to the tokens it attends to (right), opacity = weight — the
 * picture of the seed's BERT figure. Hover or focus a token to see only its lines.
 */
export function HeadView({ att, layer, head, onSelect }: { att: ItemAttention; layer: number; head: number; onSelect: (layer: number, head: number) => void }) {
  const [focus, setFocus] = useState<number | null>(null);
  const n = att.tokens.length;
  const map = att.map(layer, head);
  const height = n * ROW + 8;
  const left = 130;
  const right = 330;
  const lines: ReactElement[] = [];
  for (let i = 0; i < n; i++) {
    if (focus !== null && focus !== i) continue;
    for (let j = 0; j < n; j++) {
      const w = map[i * n + j]!;
      if (w < 0.02) continue;
      lines.push(<line key={`${i}-${j}`} x1={left} y1={i * ROW + ROW / 2 + 4} x2={right} y2={j * ROW + ROW / 2 + 4} stroke="#1976d2" strokeOpacity={Math.min(1, w * (focus === null ? 1 : 1.4))} strokeWidth={1 + 3 * w} />);
    }
  }
  const tokenText = (t: string, i: number, side: 'left' | 'right') => (
    <text
      key={`${side}-${i}`}
      x={side === 'left' ? left - 8 : right + 8}
      y={i * ROW + ROW / 2 + 8}
      textAnchor={side === 'left' ? 'end' : 'start'}
      fontSize={13}
      fontFamily="monospace"
      fill="currentColor"
      fontWeight={focus === i && side === 'left' ? 700 : 400}
      tabIndex={side === 'left' ? 0 : -1}
      role={side === 'left' ? 'button' : undefined}
      aria-label={side === 'left' ? `Show what "${t}" attends to` : undefined}
      onMouseEnter={side === 'left' ? () => setFocus(i) : undefined}
      onFocus={side === 'left' ? () => setFocus(i) : undefined}
      onMouseLeave={side === 'left' ? () => setFocus(null) : undefined}
      onBlur={side === 'left' ? () => setFocus(null) : undefined}
      style={{ cursor: side === 'left' ? 'pointer' : 'default', outline: 'none' }}
    >
      {t}
    </text>
  );
  return (
    <Box data-testid="head-view" data-layer={layer} data-head={head} data-lines={lines.length}>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
        <TextField select size="small" label="Layer" value={layer} onChange={(e) => onSelect(Number(e.target.value), head)} sx={{ minWidth: 110 }} inputProps={{ 'data-testid': 'head-view-layer' }}>
          {Array.from({ length: att.layers }, (_, l) => (
            <MenuItem key={l} value={l}>
              Layer {l}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label="Head" value={head} onChange={(e) => onSelect(layer, Number(e.target.value))} sx={{ minWidth: 110 }} inputProps={{ 'data-testid': 'head-view-head' }}>
          {Array.from({ length: att.heads }, (_, h) => (
            <MenuItem key={h} value={h}>
              Head {h}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" color="text.secondary">
          Each token on the left sends lines to the tokens it attends to; thicker and darker means more attention.
        </Typography>
      </Stack>
      <svg width={right + 160} height={height} role="img" aria-label={`Layer ${layer}, head ${head}: token-to-token attention`}>
        {lines}
        {att.tokens.map((t, i) => tokenText(t, i, 'left'))}
        {att.tokens.map((t, i) => tokenText(t, i, 'right'))}
      </svg>
    </Box>
  );
}
