import { Box, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import type { RunFeed } from './useRunFeed';

/** Per-batch loss and per-epoch train/validation loss and accuracy. */
export function RunCharts({ feed }: { feed: RunFeed }) {
  const steps = feed.steps.length > 600 ? feed.steps.filter((_, i) => i % Math.ceil(feed.steps.length / 600) === 0) : feed.steps;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr' }, gap: 2 }}>
      <Box data-testid="step-loss-chart" data-points={feed.steps.length}>
        <Typography variant="subtitle2">Loss per batch</Typography>
        <LineChart
          height={240}
          skipAnimation
          xAxis={[{ data: steps.map((s) => s.step), label: 'step' }]}
          series={[{ data: steps.map((s) => s.loss), label: 'loss', showMark: false }]}
        />
      </Box>
      <Box data-testid="epoch-chart" data-points={feed.epochs.length}>
        <Typography variant="subtitle2">Per epoch</Typography>
        <LineChart
          height={240}
          skipAnimation
          // Whole epochs only, and a readable value axis: one epoch alone must not print "1.000000" or "0.0…".
          xAxis={[{ data: feed.epochs.map((e) => e.epoch), label: 'epoch', tickMinStep: 1, scaleType: 'point', valueFormatter: (v: number) => String(v) }]}
          yAxis={[{ valueFormatter: (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(2)).toString()), width: 64 }]}
          series={[
            { data: feed.epochs.map((e) => e.trainLoss ?? null), label: 'train loss' },
            { data: feed.epochs.map((e) => e.valLoss ?? null), label: 'val loss' },
            { data: feed.epochs.map((e) => e.valAccuracy ?? null), label: 'val accuracy' },
          ]}
        />
      </Box>
    </Box>
  );
}
