import { Chip, Stack, Tooltip } from '@mui/material';
import { useCall, useConnection } from '../api/hooks';

/** Always-visible connection and training-backend status, so a slow run is never a mystery. */
export function StatusChips() {
  const conn = useConnection();
  const info = useCall('system.info', {}, [conn]);
  const backend = info.data?.backend;
  const skipped = backend?.skipped.map((s) => `${s.name}: ${s.reason}`).join('\n');
  return (
    <Stack direction="row" spacing={1}>
      <Chip
        data-testid="connection-status"
        data-state={conn}
        size="small"
        label={conn === 'connected' ? 'Connected' : conn === 'connecting' ? 'Connecting…' : 'Disconnected'}
        color={conn === 'connected' ? 'success' : conn === 'connecting' ? 'default' : 'error'}
        variant="outlined"
      />
      <Tooltip title={skipped ? `Not used:\n${skipped}` : 'The backend is chosen when the first training starts.'}>
        <Chip data-testid="backend-status" size="small" variant="outlined" label={`Backend: ${backend?.name ?? 'not started'}`} />
      </Tooltip>
    </Stack>
  );
}
