import { useState } from 'react';
import { Alert, Button, Checkbox, FormControl, FormControlLabel, FormGroup, FormLabel, InputLabel, MenuItem, Paper, Select, Stack, TextField, Typography } from '@mui/material';
import { studio } from '../api/studio';
import { useCall } from '../api/hooks';
import { trainModes, type TrainMode } from '../../../shared/domain/run';

/**
 * A new sweep: dataset, backbones, modes, seeds; here one run at a time, or on a queue that this
 * studio coordinates (the in-app equivalent of `studio serve --queue`).
 */
export function SweepForm({ onCreated }: { onCreated(sweepId: number): void }) {
  const datasets = useCall('datasets.list', {});
  const backbones = useCall('backbones.list', {});
  const [datasetId, setDatasetId] = useState<number | ''>('');
  const [picked, setPicked] = useState<string[]>([]);
  const [modes, setModes] = useState<TrainMode[]>(['probe']);
  const [seeds, setSeeds] = useState(1);
  const [epochs, setEpochs] = useState(20);
  const [queue, setQueue] = useState('');
  const [coordinating, setCoordinating] = useState<{ url: string; token: string; queue: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  const coordinate = async () => {
    setError(null);
    try {
      setCoordinating(await studio().call('sweep.coordinate', { queue: queue.trim() }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const create = async () => {
    if (datasetId === '') return;
    setBusy(true);
    setError(null);
    try {
      const s = await studio().call('sweep.create', { datasetId, backboneIds: picked, modes, seeds, options: { epochs }, ...(queue.trim() ? { queue: queue.trim() } : {}) });
      onCreated(s.sweepId);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const runs = picked.length * modes.length * seeds;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" sx={{ mb: 2 }}>
        New sweep
      </Typography>
      <Stack spacing={2}>
        <FormControl size="small" sx={{ maxWidth: 360 }}>
          <InputLabel id="sweep-dataset">Dataset</InputLabel>
          <Select labelId="sweep-dataset" label="Dataset" value={datasetId} onChange={(e) => setDatasetId(String(e.target.value) === '' ? '' : Number(e.target.value))}>
            {(datasets.data?.datasets ?? []).map((d) => (
              <MenuItem key={d.id} value={d.id}>
                {d.name}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControl component="fieldset">
          <FormLabel component="legend">Backbones</FormLabel>
          <FormGroup row>
            {(backbones.data?.backbones ?? []).map((b) => (
              <FormControlLabel key={b.id} control={<Checkbox checked={picked.includes(b.id)} onChange={() => setPicked(toggle(picked, b.id))} />} label={b.name} />
            ))}
          </FormGroup>
        </FormControl>
        <FormControl component="fieldset">
          <FormLabel component="legend">Modes</FormLabel>
          <FormGroup row>
            {trainModes.map((m) => (
              <FormControlLabel key={m} control={<Checkbox checked={modes.includes(m)} onChange={() => setModes(toggle(modes, m))} />} label={m} />
            ))}
          </FormGroup>
        </FormControl>
        <Stack direction="row" spacing={2}>
          <TextField size="small" type="number" label="Seeds" value={seeds} onChange={(e) => setSeeds(Math.max(1, Math.min(100, Number(e.target.value) || 1)))} sx={{ width: 120 }} />
          <TextField size="small" type="number" label="Epochs" value={epochs} onChange={(e) => setEpochs(Math.max(1, Math.min(1000, Number(e.target.value) || 1)))} sx={{ width: 120 }} />
        </Stack>
        <Stack direction="row" spacing={2} alignItems="center">
          <TextField
            size="small"
            label="Queue (Redis URL)"
            placeholder="empty: train here, one run at a time"
            value={queue}
            onChange={(e) => setQueue(e.target.value)}
            sx={{ width: 360 }}
          />
          {queue.trim() && coordinating?.queue !== queue.trim() && <Button onClick={() => void coordinate()}>Coordinate this queue</Button>}
        </Stack>
        {coordinating && coordinating.queue === queue.trim() && (
          <Alert severity="info">
            This studio coordinates {coordinating.queue}. Start workers with <code>studio worker --queue {coordinating.queue} --token {coordinating.token}</code>
          </Alert>
        )}
        {error && <Alert severity="error">{error}</Alert>}
        <div>
          <Button variant="contained" disabled={busy || datasetId === '' || runs === 0} onClick={() => void create()}>
            Start {runs} run{runs === 1 ? '' : 's'}
          </Button>
        </div>
      </Stack>
    </Paper>
  );
}
