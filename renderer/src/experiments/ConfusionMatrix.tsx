import { Box, ButtonBase, Tooltip, Typography, useTheme } from '@mui/material';
import { decomposeColor } from '@mui/material/styles';
import { textOn } from '../datasets/colors';

/** Rows are the true class, columns the predicted one; each cell opens the items it counts. */
/** `fg` laid over `bg` at opacity `a`, as a #rrggbb colour. */
function blend(fg: string, bg: string, a: number): string {
  const rgb = (c: string) => {
    const { values } = decomposeColor(c);
    return values.slice(0, 3);
  };
  const f = rgb(fg);
  const b = rgb(bg);
  return `#${f.map((x, i) => Math.round(a * x + (1 - a) * b[i]!).toString(16).padStart(2, '0')).join('')}`;
}

export function ConfusionMatrix(props: {
  labels: string[];
  confusion: number[][];
  selected: { t: number; p: number } | null;
  onCell(t: number, p: number): void;
}) {
  const theme = useTheme();
  const rowMax = props.confusion.map((r) => Math.max(1, r.reduce((a, b) => a + b, 0)));
  const n = props.labels.length;
  return (
    <Box data-testid="confusion-matrix" sx={{ overflowX: 'auto' }}>
      <Typography variant="caption" color="text.secondary">
        Rows: true class · columns: predicted · click a cell to see its items
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: `minmax(90px, max-content) repeat(${n}, minmax(44px, 64px))`, gap: '2px', mt: 1, alignItems: 'center' }}>
        <Box />
        {props.labels.map((l) => (
          // Column headers wrap (at hyphens too) instead of cutting "ankle-boot" to "ankle-b…".
          <Typography key={`h-${l}`} variant="caption" title={l} sx={{ textAlign: 'center', fontWeight: 600, alignSelf: 'end', lineHeight: 1.15, overflowWrap: 'anywhere', hyphens: 'auto' }}>
            {l}
          </Typography>
        ))}
        {props.confusion.map((row, t) => [
          <Typography key={`r-${t}`} variant="caption" noWrap title={props.labels[t]} sx={{ fontWeight: 600, pr: 1 }}>
            {props.labels[t]}
          </Typography>,
          ...row.map((v, p) => {
            const share = v / rowMax[t]!;
            const color = t === p ? theme.palette.success.main : theme.palette.error.main;
            const isSel = props.selected?.t === t && props.selected?.p === p;
            return (
              <Tooltip key={`c-${t}-${p}`} title={`${v} ${v === 1 ? 'item' : 'items'}: true ${props.labels[t]}, predicted ${props.labels[p]}`}>
                <ButtonBase
                  data-testid={`cm-cell-${t}-${p}`}
                  data-count={v}
                  onClick={() => props.onCell(t, p)}
                  sx={{
                    height: 40,
                    borderRadius: 1,
                    fontVariantNumeric: 'tabular-nums',
                    // A solid blend (not a translucent fill) so the count's colour can be chosen for contrast on it.
                    bgcolor: v === 0 ? 'action.hover' : blend(color, theme.palette.background.paper, 0.15 + 0.75 * share),
                    color: v === 0 ? 'text.primary' : textOn(blend(color, theme.palette.background.paper, 0.15 + 0.75 * share)),
                    outline: isSel ? `2px solid ${theme.palette.primary.main}` : 'none',
                  }}
                >
                  {v}
                </ButtonBase>
              </Tooltip>
            );
          }),
        ])}
      </Box>
    </Box>
  );
}
