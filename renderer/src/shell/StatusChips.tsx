import { useState } from 'react';
import { Chip, Stack, Tooltip } from '@mui/material';
import { useCall, useConnection, useEvent } from '../api/hooks';

type Backend = { name: string; skipped: Array<{ name: string; reason: string }>; warning?: string };

/** Always-visible connection and training-backend status, so a slow run is never a mystery. */
export function StatusChips() {
  const conn = useConnection();
  const info = useCall('system.info', {}, [conn]);
  // The backend is known once a training process has climbed the ladder; it reports it live.
  const [live, setLive] = useState<Backend | null>(null);
  useEvent('training.progress', (p) => {
    if (p.backend && p.backend.name !== live?.name) setLive(p.backend);
  });
  const backend: Backend | null | undefined = live ?? info.data?.backend;
  const skipped = backend?.skipped.map((s) => `${s.name}: ${s.reason}`).join('\n');
  const tip = backend ? [backend.warning, skipped ? `Not used:\n${skipped}` : 'The fastest backend on the ladder.'].filter(Boolean).join('\n') : '';
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
      {/* Only once a backend is chosen: "not started" told a newcomer nothing they could act on. */}
      {backend && (
        <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{tip}</span>}>
          <Chip data-testid="backend-status" size="small" variant="outlined" color={backend.warning ? 'warning' : 'default'} label={`Backend: ${backend.name}`} />
        </Tooltip>
      )}
    </Stack>
  );
}
