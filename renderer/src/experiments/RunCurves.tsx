import { Box, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import type { ResultOf } from '../../../shared/api/contract';

type Points = ResultOf<'training.metrics'>['points'];

/** Per-epoch series by metric name, indexed by epoch. */
export function epochSeries(points: Points): { epochs: number[]; byName: Map<string, Map<number, number>> } {
  const byName = new Map<string, Map<number, number>>();
  const epochs = new Set<number>();
  for (const p of points) {
    if (p.scope !== 'epoch') continue;
    epochs.add(p.idx);
    if (!byName.has(p.name)) byName.set(p.name, new Map());
    byName.get(p.name)!.set(p.idx, p.value);
  }
  return { epochs: [...epochs].sort((a, b) => a - b), byName };
}

/** A finished (or running) run's curves: loss per batch, and loss / accuracy per epoch. */
export function RunCurves({ points }: { points: Points }) {
  const steps = points.filter((p) => p.scope === 'step' && p.name === 'loss');
  const every = Math.max(1, Math.ceil(steps.length / 600));
  const shownSteps = steps.filter((_, i) => i % every === 0);
  const { epochs, byName } = epochSeries(points);
  const series = (name: string, label: string) => ({ data: epochs.map((e) => byName.get(name)?.get(e) ?? null), label, showMark: epochs.length < 30 });
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr 1fr' }, gap: 2 }} data-testid="run-curves">
      <Box>
        <Typography variant="subtitle2">Loss per batch</Typography>
        <LineChart height={220} skipAnimation xAxis={[{ data: shownSteps.map((s) => s.idx), label: 'step' }]} series={[{ data: shownSteps.map((s) => s.value), label: 'loss', showMark: false }]} />
      </Box>
      <Box>
        <Typography variant="subtitle2">Loss per epoch</Typography>
        <LineChart height={220} skipAnimation xAxis={[{ data: epochs, label: 'epoch', tickMinStep: 1 }]} series={[series('trainLoss', 'train'), series('valLoss', 'validation')]} />
      </Box>
      <Box>
        <Typography variant="subtitle2">Accuracy per epoch</Typography>
        <LineChart
          height={220}
          skipAnimation
          xAxis={[{ data: epochs, label: 'epoch', tickMinStep: 1 }]}
          yAxis={[{ min: 0, max: 1 }]}
          series={[series('trainAccuracy', 'train'), series('valAccuracy', 'validation')]}
        />
      </Box>
    </Box>
  );
}
