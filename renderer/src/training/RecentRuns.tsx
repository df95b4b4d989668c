import { Chip, Stack, Typography } from '@mui/material';
import { useCall } from '../api/hooks';
import { headlineAccuracy, pct } from '../experiments/format';
import { navigate } from '../shell/route';

/** The last few runs, each a link to its results: the Train page is where a user looks for "my run". */
export function RecentRuns({ showing, onShow }: { showing: number | null; onShow(runId: number): void }) {
  const runs = useCall('runs.list', {});
  const recent = (runs.data?.runs ?? []).slice(0, 6);
  if (recent.length === 0) return null;
  return (
    <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap sx={{ mb: 2 }} data-testid="recent-runs">
      <Typography variant="body2" color="text.secondary">
        Your runs:
      </Typography>
      {recent.map((r) => {
        const acc = headlineAccuracy(r);
        return (
          <Chip
            key={r.id}
            clickable
            size="small"
            variant={r.id === showing ? 'filled' : 'outlined'}
            label={`#${r.id} ${r.status === 'completed' && acc !== null ? pct(acc) : r.status}`}
            onClick={() => onShow(r.id)}
            onDoubleClick={() => navigate(`experiments/${r.id}`)}
            data-testid={`recent-run-${r.id}`}
          />
        );
      })}
      <Chip size="small" clickable variant="outlined" label="All runs →" onClick={() => navigate('experiments')} />
    </Stack>
  );
}
