import { useState } from 'react';
import { Button, Stack, TextField, Typography } from '@mui/material';
import type { DatasetSummary } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';

/** Train/validation/test percentages and a seed; the same seed always gives the same split. */
export function SplitControls(props: { dataset: DatasetSummary; onDone(): void }) {
  const [train, setTrain] = useState(70);
  const [val, setVal] = useState(15);
  const [seed, setSeed] = useState(42);
  const [error, setError] = useState<string>();
  const test = 100 - train - val;
  const s = props.dataset.subsets;
  const run = async () => {
    setError(undefined);
    try {
      await studio().call('datasets.split', { datasetId: props.dataset.id, seed, ratios: { train: train / 100, val: val / 100, test: test / 100 } });
      props.onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const num = (label: string, value: number, set: (n: number) => void) => (
    <TextField size="small" type="number" label={label} value={value} onChange={(e) => set(Number(e.target.value))} sx={{ width: 100 }} />
  );
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ my: 1, flexWrap: 'wrap' }} useFlexGap data-testid="split-controls">
      {num('Train %', train, setTrain)}
      {num('Val %', val, setVal)}
      <Typography variant="body2">Test {test}%</Typography>
      {num('Seed', seed, setSeed)}
      <Button variant="outlined" onClick={() => void run()} disabled={test < 0 || train <= 0} data-testid="split-run">
        Split
      </Button>
      <Typography variant="body2" color="text.secondary" data-testid="split-counts">
        train {s.train} · val {s.val} · test {s.test}
        {s.none ? ` · not split ${s.none}` : ''}
      </Typography>
      {error && <Typography color="error">{error}</Typography>}
    </Stack>
  );
}
