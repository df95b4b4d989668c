import { Alert, Button, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { studio } from '../api/studio';
import type { LiveRun, RunFeed } from './useRunFeed';
import { decisionOf } from '../experiments/format';

const secs = (s: number) => (s < 90 ? `${s.toFixed(1)} s` : `${Math.round(s / 60)} min`);

/** Status, backend, cache hits, trunk vs head time, ETA and the pause / resume / cancel controls. */
export function RunStatusPanel({ feed }: { feed: RunFeed }) {
  const { run, live } = feed;
  if (!run) return null;
  const status = live?.status ?? run.status;
  const act = (m: 'training.pause' | 'training.resume' | 'training.cancel') => void studio().call(m, { runId: run.id }).then(feed.refresh, feed.refresh);
  const backend = live?.backend ?? (run.params.backendDetail as LiveRun['backend'] | undefined) ?? null;
  const pct = live && live.totalSteps > 0 ? (100 * live.step) / live.totalSteps : status === 'completed' ? 100 : 0;
  return (
    <Stack spacing={1.5} sx={{ mb: 2 }}>
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap">
        <Typography variant="h6">Run #{run.id}</Typography>
        {/* data-step: the last step the core recorded, for tests that check a paused run holds. */}
        <Chip data-testid="run-status" data-run-id={run.id} data-step={live?.step ?? 0} label={status} color={status === 'completed' ? 'success' : status === 'failed' ? 'error' : 'default'} />
        {status === 'running' && <Button onClick={() => act('training.pause')}>Pause</Button>}
        {(status === 'paused' || status === 'interrupted') && <Button onClick={() => act('training.resume')}>Resume</Button>}
        {(status === 'running' || status === 'paused') && (
          <Button color="error" onClick={() => act('training.cancel')}>
            Cancel
          </Button>
        )}
        {backend && <Chip data-testid="run-backend" label={`backend: ${backend.name}`} title={backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('\n')} />}
        {live && <Chip label={`phase: ${live.phase}`} />}
        {live && <Chip data-testid="cache-hits" label={`cache ${live.cache.hits}/${live.cache.total} hits`} />}
        {live && <Chip label={`trunk ${secs(live.trunkSeconds)} · head ${secs(live.headSeconds)}`} />}
        {live?.etaSeconds != null && <Chip label={`ETA ${secs(live.etaSeconds)}`} />}
        {live?.itemsPerSecond != null && <Chip label={`${Math.round(live.itemsPerSecond)} items/s`} />}
      </Stack>
      {backend && 'warning' in backend && backend.warning && <Alert severity="warning">{backend.warning}</Alert>}
      {run.error && <Alert severity={status === 'interrupted' ? 'info' : 'error'}>{run.error}</Alert>}
      <LinearProgress variant="determinate" value={pct} />
      {status === 'completed' && decisionOf(run).estimateText && (
        <Alert severity="success" data-testid="run-estimate">
          Expected accuracy on new images: {decisionOf(run).estimateText}.{' '}
          {typeof (run.params.decision as { keptReason?: unknown } | undefined)?.keptReason === 'string' && String((run.params.decision as { keptReason: string }).keptReason)}
        </Alert>
      )}
      {status === 'completed' && (
        <Typography data-testid="run-result">
          {Object.entries(run.metrics)
            .filter(([k]) => /Accuracy|Loss$/.test(k))
            .map(([k, v]) => `${k} ${v.toFixed(3)}`)
            .join(' · ')}
        </Typography>
      )}
    </Stack>
  );
}
