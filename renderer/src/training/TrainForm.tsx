import { useState } from 'react';
import { Alert, Button, MenuItem, Stack, TextField } from '@mui/material';
import { studio } from '../api/studio';
import { useCall } from '../api/hooks';

type Mode = 'probe' | 'finetune' | 'full';

/** Dataset + backbone + mode, then Train. Everything else keeps its default. */
export function TrainForm({ onStarted }: { onStarted(runId: number): void }) {
  const datasets = useCall('datasets.list', {});
  const backbones = useCall('backbones.list', {});
  const [datasetId, setDatasetId] = useState<number | ''>('');
  const [backboneId, setBackboneId] = useState('');
  const [mode, setMode] = useState<Mode>('probe');
  const [epochs, setEpochs] = useState(20);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = () => {
    if (datasetId === '' || !backboneId) return;
    setBusy(true);
    setError(undefined);
    studio()
      .call('training.start', { datasetId, backboneId, mode, options: { epochs } })
      .then((r) => onStarted(r.id))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <Stack spacing={2} sx={{ mb: 3 }}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField select label="Dataset" value={datasetId} onChange={(e) => setDatasetId(Number(e.target.value))} sx={{ minWidth: 220 }} inputProps={{ 'data-testid': 'train-dataset' }}>
          {(datasets.data?.datasets ?? []).map((d) => (
            <MenuItem key={d.id} value={d.id}>
              {d.name} ({d.items} items)
            </MenuItem>
          ))}
        </TextField>
        <TextField select label="Backbone" value={backboneId} onChange={(e) => setBackboneId(e.target.value)} sx={{ minWidth: 220 }} inputProps={{ 'data-testid': 'train-backbone' }}>
          {(backbones.data?.backbones ?? []).map((b) => (
            <MenuItem key={b.id} value={b.id}>
              {b.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField select label="Mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)} sx={{ minWidth: 160 }}>
          <MenuItem value="probe">Probe (fastest)</MenuItem>
          <MenuItem value="finetune">Finetune last blocks</MenuItem>
          <MenuItem value="full">Full</MenuItem>
        </TextField>
        <TextField type="number" label="Epochs" value={epochs} onChange={(e) => setEpochs(Math.max(1, Number(e.target.value) || 1))} sx={{ width: 110 }} />
        <Button variant="contained" data-testid="train-start" disabled={busy || datasetId === '' || !backboneId} onClick={start}>
          Train
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}
