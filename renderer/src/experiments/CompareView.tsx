import { useEffect, useState } from 'react';
import { Alert, Box, Button, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import BackIcon from '@mui/icons-material/ArrowBack';
import { LineChart } from '@mui/x-charts/LineChart';
import { studio } from '../api/studio';
import { navigate } from '../shell/route';
import type { ResultOf } from '../../../shared/api/contract';
import { epochSeries } from './RunCurves';
import { durationOf, keyParams, pct, secs } from './format';

type Metrics = ResultOf<'training.metrics'>;
type Evaluation = ResultOf<'evaluation.get'>;

/** Two or more runs: their curves overlaid and their figures side by side. */
export function CompareView({ ids }: { ids: number[] }) {
  const [data, setData] = useState<Array<{ m: Metrics; e: Evaluation }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all(ids.map(async (runId) => ({ m: await studio().call('training.metrics', { runId }), e: await studio().call('evaluation.get', { runId }) })))
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the ids' values, not the array's identity (a new array each render)
  }, [ids.join(',')]);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!data) return null;
  const series = data.map((d) => ({ run: d.m.run, ...epochSeries(d.m.points) }));
  const epochs = [...new Set(series.flatMap((s) => s.epochs))].sort((a, b) => a - b);
  const curve = (name: string) =>
    series.map((s) => ({ label: `#${s.run.id} ${s.run.backboneId ?? ''} ${s.run.mode}`, data: epochs.map((e) => s.byName.get(name)?.get(e) ?? null), connectNulls: true }));
  const labels = [...new Set(data.flatMap((d) => d.e.report?.labels ?? []))];
  const rows: Array<[string, (d: { m: Metrics; e: Evaluation }) => string]> = [
    ['Backbone', (d) => d.m.run.backboneId ?? '—'],
    ['Mode', (d) => d.m.run.mode],
    ['Dataset', (d) => d.m.run.datasetName ?? '—'],
    ['Hyperparameters', (d) => keyParams(d.m.run)],
    ['Best val accuracy', (d) => pct(d.m.run.metrics.valAccuracy)],
    ['Test accuracy', (d) => pct(d.m.run.metrics.testAccuracy)],
    ['Evaluated accuracy', (d) => pct(d.e.report?.accuracy)],
    ['Macro F1', (d) => d.e.report?.macroF1.toFixed(3) ?? '—'],
    ...labels.map((l): [string, (d: { m: Metrics; e: Evaluation }) => string] => [`F1 ${l}`, (d) => d.e.report?.perClass[l]?.f1.toFixed(3) ?? '—']),
    ['Duration', (d) => secs(durationOf(d.m.run))],
    ['Trunk time', (d) => secs(d.m.run.metrics.trunkSeconds)],
    ['Head time', (d) => secs(d.m.run.metrics.headSeconds)],
    ['Backend', (d) => d.m.run.backend ?? '—'],
  ];
  return (
    <Box data-testid="compare-view" data-runs={ids.join(',')}>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 2 }}>
        <Button startIcon={<BackIcon />} onClick={() => navigate('experiments')}>
          All runs
        </Button>
        <Typography variant="h5">Comparing {ids.map((i) => `#${i}`).join(', ')}</Typography>
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr' }, gap: 2, mb: 3 }}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="subtitle2">Validation accuracy per epoch</Typography>
          <LineChart height={260} skipAnimation xAxis={[{ data: epochs, label: 'epoch', tickMinStep: 1 }]} yAxis={[{ min: 0, max: 1 }]} series={curve('valAccuracy')} />
        </Paper>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="subtitle2">Validation loss per epoch</Typography>
          <LineChart height={260} skipAnimation xAxis={[{ data: epochs, label: 'epoch', tickMinStep: 1 }]} series={curve('valLoss')} />
        </Paper>
      </Box>
      <Paper variant="outlined">
        <Table size="small" data-testid="compare-table">
          <TableHead>
            <TableRow>
              <TableCell />
              {data.map((d) => (
                <TableCell key={d.m.run.id}>
                  <Button size="small" onClick={() => navigate(`experiments/${d.m.run.id}`)}>
                    Run #{d.m.run.id}
                  </Button>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(([name, f]) => (
              <TableRow key={name}>
                <TableCell sx={{ fontWeight: 600 }}>{name}</TableCell>
                {data.map((d) => (
                  <TableCell key={d.m.run.id}>{f(d)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
    </Box>
  );
}
