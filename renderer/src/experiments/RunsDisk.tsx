import { Button, Stack, Typography } from '@mui/material';
import { studio } from '../api/studio';
import { useCall, useEvent } from '../api/hooks';

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

/** Disk used by every run, with one button that deletes old runs' epoch checkpoints (models and the last resumable checkpoint stay). */
export function RunsDisk() {
  const usage = useCall('runs.diskUsage', {});
  useEvent('runs.changed', () => usage.reload());
  const checkpoints = usage.data?.runs.reduce((s, r) => s + r.checkpointBytes, 0) ?? 0;
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      <Typography variant="body2" color="text.secondary" data-testid="runs-disk">
        Runs on disk: {usage.data ? `${mb(usage.data.totalBytes)} (checkpoints ${mb(checkpoints)})` : '…'}
      </Typography>
      <Button size="small" onClick={() => void studio().call('runs.cleanCheckpoints', {}).then(usage.reload, usage.reload)}>
        Clean old checkpoints
      </Button>
    </Stack>
  );
}
