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
const CLOSED = 'studio.demoBanner.closed';

/** Closing the banner is for good: it stays closed across reloads and restarts of this browser/app. */
export function DemoBanner() {
  const status = useCall('demo.status', {});
  const [progress, setProgress] = useState<PayloadOf<'demo.progress'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHiddenState] = useState(() => localStorage.getItem(CLOSED) === '1');
  const setHidden = (v: boolean) => {
    if (v) localStorage.setItem(CLOSED, '1');
    setHiddenState(v);
  };
  useEvent('demo.progress', (p) => {
    setProgress(p);
    if (p.phase === 'done' || p.phase === 'failed') status.reload();
  });
  useEvent('datasets.changed', () => status.reload());
  // Progress of a demo the user just started still shows; closing only hides the offer and the result.
  if (hidden && !(progress && progress.phase !== 'done' && progress.phase !== 'failed')) return null;

  const start = async (kind: 'image' | 'text' = 'image') => {
    setError(null);
    setProgress({ phase: 'importing', message: 'Starting the demo…', runId: null });
    try {
      await studio().call('demo.start', { kind });
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
        slotProps={{ closeButton: { 'data-testid': 'demo-done-close' } as object }}
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
      onClose={() => setHidden(true)}
      closeText="Close the demo offer for good"
      action={
        <Stack direction="row" spacing={1} alignItems="center">
          <Button variant="contained" disabled={progress !== null} onClick={() => void start()} data-testid="try-demo">
            Try the demo
          </Button>
          {status.data.textAvailable && (
            <Button variant="outlined" color="inherit" disabled={progress !== null} onClick={() => void start('text')} data-testid="try-text-demo">
              Try the text demo
            </Button>
          )}
          <Button color="inherit" onClick={() => setHidden(true)} data-testid="demo-close">
            No thanks
          </Button>
        </Stack>
      }
    >
      <AlertTitle>New here? Try the demo</AlertTitle>
      One click imports a few hundred Fashion-MNIST images, adds a small starter backbone and trains a classifier — offline, in under a minute.
      {status.data.textAvailable && ' The text demo does the same with Debian package descriptions and a small BERT.'}
    </Alert>
  );
}
