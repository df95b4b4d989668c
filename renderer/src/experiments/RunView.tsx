import { useState } from 'react';
import { Alert, Box, Button, Chip, Paper, Stack, Tab, Table, TableBody, TableCell, TableRow, Tabs, Typography } from '@mui/material';
import BackIcon from '@mui/icons-material/ArrowBack';
import { useCall, useEvent } from '../api/hooks';
import { navigate } from '../shell/route';
import { EvaluationPanel } from './EvaluationPanel';
import { ExportPanel } from './ExportPanel';
import { RunCurves } from './RunCurves';
import { decisionOf, durationOf, estimate, pct, secs, statusColor } from './format';

function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, Array.isArray(v) ? v.join(', ') : String(v)] as [string, string]],
  );
}

/** One run: its evaluation (confusion matrix, mistakes), curves, parameters and export. */
export function RunView({ runId }: { runId: number }) {
  const m = useCall('training.metrics', { runId }, [runId]);
  useEvent('runs.changed', (p) => p.runId === runId && m.reload());
  // A run still training: its curves grow epoch by epoch.
  useEvent('training.epoch', (p) => p.runId === runId && m.reload());
  const [tab, setTab] = useState(0);
  if (m.error) return <Alert severity="error">{m.error.message}</Alert>;
  const run = m.data?.run;
  if (!run) return null;
  const decided = decisionOf(run);
  const figures: Array<[string, string]> = [
    ...(run.metrics.estimatedAccuracy !== undefined ? [['Expected accuracy', estimate(run)] as [string, string]] : []),
    ['Best val accuracy', pct(run.metrics.valAccuracy)],
    ['Test accuracy', pct(run.metrics.testAccuracy)],
    ['Best epoch', String(run.metrics.bestEpoch ?? '—')],
    ['Duration', secs(durationOf(run))],
    ['Trunk time', secs(run.metrics.trunkSeconds)],
    ['Head time', secs(run.metrics.headSeconds)],
  ].filter(([k, v]) => v !== '—' || k === 'Duration') as Array<[string, string]>;
  return (
    <Box data-testid="run-view" data-run-id={runId}>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 2 }}>
        <Button startIcon={<BackIcon />} onClick={() => navigate('experiments')}>
          All runs
        </Button>
        <Typography variant="h5" sx={{ flex: 1 }}>
          Run #{run.id}: {run.backboneId ?? '—'} · {run.mode} · {run.datasetName ?? '—'}
        </Typography>
        <Chip label={run.status} color={statusColor(run.status)} />
        <Chip label={run.backend ?? 'backend ?'} variant="outlined" />
        <Button variant="outlined" onClick={() => navigate(`predict/${run.id}`)} disabled={run.status !== 'completed'}>
          Try it
        </Button>
      </Stack>
      {run.error && <Alert severity="error" sx={{ mb: 2 }}>{run.error}</Alert>}
      <Paper variant="outlined" sx={{ p: 2, mb: 2, display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        {figures.map(([k, v]) => (
          <Box key={k}>
            <Typography variant="overline">{k}</Typography>
            <Typography variant="h6">{v}</Typography>
          </Box>
        ))}
      </Paper>
      {(decided.estimateText || decided.reasons.length > 0) && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="run-decisions">
          {decided.estimateText && (
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              Expected accuracy on new images: {decided.estimateText}.
            </Typography>
          )}
          {decided.reasons.map((r) => (
            <Typography key={r} variant="body2">
              {r.charAt(0).toUpperCase() + r.slice(1)}.
            </Typography>
          ))}
        </Alert>
      )}
      <Tabs value={tab} onChange={(_, v: number) => setTab(v)} sx={{ mb: 2 }}>
        <Tab label="Evaluation" data-testid="tab-evaluation" />
        <Tab label="Curves" data-testid="tab-curves" />
        <Tab label="Parameters" data-testid="tab-parameters" />
        <Tab label="Export" data-testid="tab-export" />
      </Tabs>
      {tab === 0 && <EvaluationPanel runId={runId} completed={run.status === 'completed'} />}
      {tab === 1 && <RunCurves points={m.data?.points ?? []} />}
      {tab === 2 && (
        <Table size="small" data-testid="run-params">
          <TableBody>
            {flatten({ ...run.params, snapshotId: run.snapshotId, createdAt: run.createdAt, startedAt: run.startedAt, finishedAt: run.finishedAt }).map(([k, v]) => (
              <TableRow key={k}>
                <TableCell sx={{ fontFamily: 'monospace' }}>{k}</TableCell>
                <TableCell>{v}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {tab === 3 && (run.status === 'completed' ? <ExportPanel runId={runId} /> : <Alert severity="info">Only a completed run can be exported.</Alert>)}
    </Box>
  );
}
