import { useEffect, useState } from 'react';
import { Alert, Box, Button, Chip, Paper, Stack, Tab, Table, TableBody, TableCell, TableRow, Tabs, Typography } from '@mui/material';
import BackIcon from '@mui/icons-material/ArrowBack';
import { useCall, useEvent } from '../api/hooks';
import { navigate } from '../shell/route';
import { EvaluationPanel } from './EvaluationPanel';
import { ExportPanel } from './ExportPanel';
import { RunCurves } from './RunCurves';
import { decisionOf, durationOf, estimate, pct, secs, statusColor } from './format';
import { paramRows } from './params-table';
import { DeleteRunButton } from './DeleteRunButton';
import { useItemWord } from '../runs/use-item-word';

const tabs = ['evaluation', 'curves', 'parameters', 'export'] as const;

/** One run: its evaluation (confusion matrix, mistakes), curves, parameters and export. */
export function RunView({ runId, tab: tabName }: { runId: number; tab?: string }) {
  const m = useCall('training.metrics', { runId }, [runId]);
  useEvent('runs.changed', (p) => p.runId === runId && m.reload());
  // A run still training: its curves grow epoch by epoch.
  useEvent('training.epoch', (p) => p.runId === runId && m.reload());
  const [tab, setTab] = useState(() => Math.max(0, tabs.indexOf((tabName ?? 'evaluation') as (typeof tabs)[number])));
  // A link to #/experiments/<id>/export (a notification's Export) opens that tab even when this view is already showing.
  useEffect(() => setTab(Math.max(0, tabs.indexOf((tabName ?? 'evaluation') as (typeof tabs)[number]))), [tabName, runId]);
  const items = useItemWord(m.data?.run.backboneId);
  if (m.error)
    return (
      <Alert severity="error" action={<Button color="inherit" onClick={() => navigate('experiments')}>All runs</Button>}>
        {m.error.message}
      </Alert>
    );
  const run = m.data?.run;
  if (!run) return null;
  const decided = decisionOf(run);
  const figures: Array<[string, string]> = [
    ...(run.metrics.estimatedAccuracy !== undefined ? [['Expected accuracy', estimate(run)] as [string, string]] : []),
    ['Best val accuracy', pct(run.metrics.valAccuracy)],
    ['Test accuracy', pct(run.metrics.testAccuracy)],
    ['Best epoch', String(run.metrics.bestEpoch ?? '—')],
    ['Duration', secs(durationOf(run))],
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
        <Button variant="outlined" onClick={() => navigate(`predict/${run.id}`)} disabled={run.status !== 'completed'}>
          Try it
        </Button>
        <DeleteRunButton run={run} />
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
              Expected accuracy on new {items}: {decided.estimateText}.
            </Typography>
          )}
          {decided.reasons.map((r) => (
            <Typography key={r} variant="body2">
              {r.charAt(0).toUpperCase() + r.slice(1)}.
            </Typography>
          ))}
        </Alert>
      )}
      <Tabs value={tab} onChange={(_, v: number) => setTab(v)} sx={{ mb: 2 }} variant="scrollable" allowScrollButtonsMobile>
        <Tab label="Evaluation" data-testid="tab-evaluation" />
        <Tab label="Curves" data-testid="tab-curves" />
        <Tab label="Parameters" data-testid="tab-parameters" />
        <Tab label="Export" data-testid="tab-export" />
      </Tabs>
      {tab === 0 && <EvaluationPanel runId={runId} completed={run.status === 'completed'} />}
      {tab === 1 && <RunCurves points={m.data?.points ?? []} />}
      {tab === 2 && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" data-testid="run-params">
            <TableBody>
              {paramRows(run).map((r, i, all) => (
                <TableRow key={r.key}>
                  <TableCell component="th" scope="row" sx={{ color: 'text.secondary', width: 120, verticalAlign: 'top' }}>
                    {all[i - 1]?.section === r.section ? '' : r.section}
                  </TableCell>
                  <TableCell sx={{ verticalAlign: 'top', width: 260 }}>{r.label}</TableCell>
                  <TableCell sx={{ wordBreak: 'break-word' }}>{r.value}</TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell component="th" scope="row" sx={{ color: 'text.secondary' }}>
                  Time
                </TableCell>
                <TableCell>Backbone · classifier</TableCell>
                <TableCell>
                  {secs(run.metrics.trunkSeconds)} · {secs(run.metrics.headSeconds)}
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </Box>
      )}
      {tab === 3 && (run.status === 'completed' ? <ExportPanel runId={runId} /> : <Alert severity="info">Only a completed run can be exported.</Alert>)}
    </Box>
  );
}
