import { useState } from 'react';
import { Alert, AlertTitle, Button, LinearProgress, Stack } from '@mui/material';
import { useCall, useEvent } from '../api/hooks';
import { studio } from '../api/studio';
import { navigate } from '../shell/route';
import type { PayloadOf } from '../../../shared/api/contract';

/**
 * First start: on an empty data folder, one click imports the bundled Fashion-MNIST images, adds the starter
 * backbone and trains a probe, offline. Then it points at the result.
 */
export function DemoBanner() {
  const status = useCall('demo.status', {});
  const [progress, setProgress] = useState<PayloadOf<'demo.progress'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHidden] = useState(false);
  useEvent('demo.progress', (p) => {
    setProgress(p);
    if (p.phase === 'done' || p.phase === 'failed') status.reload();
  });
  useEvent('datasets.changed', () => status.reload());
  if (hidden) return null;

  const start = async () => {
    setError(null);
    setProgress({ phase: 'importing', message: 'Starting the demo…', runId: null });
    try {
      await studio().call('demo.start', {});
      navigate('train');
    } catch (e) {
      setProgress(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (progress && progress.phase !== 'done' && progress.phase !== 'failed') {
    return (
      <Alert severity="info" sx={{ mb: 2 }} data-testid="demo-progress" data-phase={progress.phase}>
        <AlertTitle>Demo: {progress.phase}</AlertTitle>
        {progress.message}
        <LinearProgress sx={{ mt: 1 }} />
      </Alert>
    );
  }
  if (progress?.phase === 'done' && progress.runId) {
    const runId = progress.runId;
    return (
      <Alert
        severity="success"
        sx={{ mb: 2 }}
        data-testid="demo-done"
        onClose={() => setHidden(true)}
        action={
          <Stack direction="row" spacing={1}>
            <Button color="inherit" onClick={() => navigate(`experiments/${runId}`)} data-testid="demo-see-results">
              See the results
            </Button>
            <Button color="inherit" onClick={() => navigate(`predict/${runId}`)}>
              Try it
            </Button>
          </Stack>
        }
      >
        The demo model is ready.
      </Alert>
    );
  }
  if (progress?.phase === 'failed' || error) {
    return (
      <Alert severity="error" sx={{ mb: 2 }} onClose={() => (setProgress(null), setError(null))}>
        The demo could not run: {error ?? progress?.message}
      </Alert>
    );
  }
  if (!status.data?.empty || !status.data.available) return null;
  return (
    <Alert
      severity="info"
      sx={{ mb: 2 }}
      data-testid="demo-banner"
      action={
        <Button variant="contained" onClick={() => void start()} data-testid="try-demo">
          Try the demo
        </Button>
      }
    >
      <AlertTitle>New here? Try the demo</AlertTitle>
      One click imports a few hundred Fashion-MNIST images, adds a small starter backbone and trains a classifier — offline, in under a minute.
    </Alert>
  );
}
