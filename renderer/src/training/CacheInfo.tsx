import { Button, Stack, Typography } from '@mui/material';
import { studio } from '../api/studio';
import { useCall, useEvent } from '../api/hooks';

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

/** Size of the frozen-trunk activation cache, with a Clear button. */
export function CacheInfo() {
  const info = useCall('training.cacheInfo', {});
  useEvent('runs.changed', () => info.reload());
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      <Typography variant="body2" color="text.secondary" data-testid="cache-size">
        Feature cache: {info.data ? `${mb(info.data.bytes)} (${info.data.entries} items)` : '…'}
      </Typography>
      <Button size="small" onClick={() => void studio().call('training.clearCache', {}).then(info.reload, info.reload)}>
        Clear
      </Button>
    </Stack>
  );
}
