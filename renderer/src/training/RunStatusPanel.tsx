import { useRef, useState } from 'react';
import { Alert, Box, Button, Chip, Collapse, LinearProgress, Link, Stack, Typography } from '@mui/material';
import { studio } from '../api/studio';
import type { LiveRun, RunFeed } from './useRunFeed';
import { decisionOf, headlineAccuracy, pct } from '../experiments/format';
import { earlyStop, earlyStopText, statusWord, timeLeft } from '../runs/plain';
import { navigate } from '../shell/route';
import { useItemWord } from '../runs/use-item-word';

const secs = (s: number) => (s < 90 ? `${s.toFixed(1)} s` : `${Math.round(s / 60)} min`);
const ended = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/**
 * A run in words first ("Training… about 20 s left", "Finished: 91.2 % accuracy"), with the engineering
 * figures (backend, cache, trunk vs head time, throughput) one click away under "Details".
 */
export function RunStatusPanel({ feed }: { feed: RunFeed }) {
  const { run, live } = feed;
  const [details, setDetails] = useState(false);
  // A second click before the first answer must not send a second pause/resume/cancel.
  const acting = useRef(false);
  const [busy, setBusy] = useState(false);
  const items = useItemWord(run?.backboneId);
  if (!run) return null;
  // The stored status wins once the run has ended: a late progress event must not bring back an ETA.
  const status = ended.has(run.status) ? run.status : (live?.status ?? run.status);
  const act = (m: 'training.pause' | 'training.resume' | 'training.cancel') => {
    if (acting.current) return;
    acting.current = true;
    setBusy(true);
    void studio()
      .call(m, { runId: run.id })
      .finally(() => {
        acting.current = false;
        setBusy(false);
        feed.refresh();
      });
  };
  const backend = live?.backend ?? (run.params.backendDetail as LiveRun['backend'] | undefined) ?? null;
  const lastEpoch = feed.epochs.at(-1)?.epoch;
  const stoppedEarly = earlyStop(run, lastEpoch);
  // Finished (or stopped early, which is finishing well) fills the bar; a live run shows its steps.
  const pct100 = status === 'completed' ? 100 : live && live.totalSteps > 0 ? (100 * live.step) / live.totalSteps : 0;
  const acc = headlineAccuracy(run);
  const line =
    status === 'running'
      ? `Training…${live?.etaSeconds != null && live.etaSeconds > 0 ? ` ${timeLeft(live.etaSeconds)}` : ''}${live && live.epochs > 1 ? ` (epoch ${live.epoch} of ${live.epochs})` : ''}`
      : status === 'completed'
        ? `Finished${acc !== null ? `: ${pct(acc)} accuracy on ${items} it never trained on` : ''}.`
        : statusWord(status);
  const accuracyParts = Object.entries(run.metrics).filter(([k]) => /Accuracy$/.test(k) && k !== 'estimatedAccuracy');
  return (
    <Stack spacing={1.5} sx={{ mb: 2 }} data-testid="run-panel">
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        <Typography variant="h6">
          <Link component="button" variant="h6" underline="hover" onClick={() => navigate(`experiments/${run.id}`)} data-testid="run-link">
            Run #{run.id}
          </Link>
        </Typography>
        {/* data-step: the last step the core recorded, for tests that check a paused run holds. */}
        <Chip data-testid="run-status" data-run-id={run.id} data-step={live?.step ?? 0} label={status} color={status === 'completed' ? 'success' : status === 'failed' ? 'error' : 'default'} />
        <Typography data-testid="run-line">{line}</Typography>
        <Box sx={{ flex: 1 }} />
        {status === 'running' && (
          <Button disabled={busy} onClick={() => act('training.pause')}>
            Pause
          </Button>
        )}
        {(status === 'paused' || status === 'interrupted') && (
          <Button disabled={busy} onClick={() => act('training.resume')}>
            Resume
          </Button>
        )}
        {(status === 'running' || status === 'paused') && (
          <Button color="error" disabled={busy} onClick={() => act('training.cancel')}>
            Cancel
          </Button>
        )}
        {status === 'completed' && (
          <>
            <Button variant="contained" onClick={() => navigate(`experiments/${run.id}`)} data-testid="run-see-results">
              See results
            </Button>
            <Button onClick={() => navigate(`predict/${run.id}`)}>Try it</Button>
            <Button onClick={() => navigate(`experiments/${run.id}/export`)}>Export</Button>
          </>
        )}
        <Button size="small" onClick={() => setDetails((d) => !d)} aria-expanded={details} data-testid="run-details-toggle">
          {details ? 'Hide details' : 'Details'}
        </Button>
      </Stack>
      <Collapse in={details} unmountOnExit>
        <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap data-testid="run-details">
          {backend && <Chip data-testid="run-backend" label={`backend: ${backend.name}`} title={backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('\n')} />}
          {live && !ended.has(status) && <Chip label={`phase: ${live.phase}`} />}
          {live && <Chip data-testid="cache-hits" label={`cache ${live.cache.hits}/${live.cache.total} hits`} />}
          {live && <Chip label={`trunk ${secs(live.trunkSeconds)} · head ${secs(live.headSeconds)}`} />}
          {live?.itemsPerSecond != null && !ended.has(status) && <Chip label={`${Math.round(live.itemsPerSecond)} items/s`} />}
        </Stack>
      </Collapse>
      {backend && 'warning' in backend && backend.warning && <Alert severity="warning">{backend.warning}</Alert>}
      {run.error && <Alert severity={status === 'interrupted' ? 'info' : 'error'}>{run.error}</Alert>}
      <LinearProgress variant="determinate" value={pct100} aria-label="Training progress" data-testid="run-progress" data-value={Math.round(pct100)} />
      {stoppedEarly && (
        <Alert severity="info" data-testid="run-early-stop">
          {earlyStopText(run, lastEpoch)}
        </Alert>
      )}
      {status === 'completed' && decisionOf(run).estimateText && (
        <Alert severity="success" data-testid="run-estimate">
          Expected accuracy on new {items}: {decisionOf(run).estimateText}.{' '}
          {typeof (run.params.decision as { keptReason?: unknown } | undefined)?.keptReason === 'string' && String((run.params.decision as { keptReason: string }).keptReason)}
        </Alert>
      )}
      {status === 'completed' && accuracyParts.length > 0 && (
        <Typography data-testid="run-result" color="text.secondary">
          {accuracyParts.map(([k, v]) => `${accuracyLabel(k, items)} ${pct(v)}`).join(' · ')}
        </Typography>
      )}
    </Stack>
  );
}

function accuracyLabel(key: string, items: 'images' | 'texts'): string {
  const words: Record<string, string> = {
    trainAccuracy: `On training ${items}`,
    valAccuracy: `On validation ${items}`,
    testAccuracy: `On test ${items}`,
    cvAccuracy: 'Cross-validated',
  };
  return words[key] ?? key.replace(/Accuracy$/, ' accuracy');
}
