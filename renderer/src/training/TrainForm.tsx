import { useState } from 'react';
import { Alert, Button, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { studio } from '../api/studio';
import { useCall } from '../api/hooks';
import { AdvancedSettings } from './AdvancedSettings';
import { changedOptions, hasErrors, initialAdvanced, modeHints, type AdvancedValues, type Mode } from './advanced-options';

interface Props {
  onStarted(runId: number): void;
  /** A compare-backbones batch was queued. */
  onQueued(batchId: number, runIds: number[]): void;
}

/** Dataset + backbone(s) + mode, then Train. Everything else keeps its default unless Advanced settings say otherwise. */
export function TrainForm({ onStarted, onQueued }: Props) {
  const datasets = useCall('datasets.list', {});
  const backbones = useCall('backbones.list', {});
  const [datasetId, setDatasetId] = useState<number | ''>('');
  const [backboneId, setBackboneId] = useState('');
  const [several, setSeveral] = useState(false);
  const [backboneIds, setBackboneIds] = useState<string[]>([]);
  const [mode, setMode] = useState<Mode>('probe');
  const [advanced, setAdvanced] = useState<AdvancedValues>(initialAdvanced);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const dataset = datasets.data?.datasets.find((d) => d.id === datasetId);
  const isImage = dataset?.kind !== 'text';
  // Only backbones that read this dataset's kind of items.
  const offered = (backbones.data?.backbones ?? []).filter((b) => !dataset || b.modality === dataset.kind);
  const picked = offered.filter((b) => (several ? backboneIds.includes(b.id) : b.id === backboneId));
  const blocks =
    picked.length === 1
      ? { defaultBlocks: picked[0]!.defaultFinetuneBlocks, numBlocks: picked[0]!.numBlocks }
      : { numBlocks: picked.every((b) => b.numBlocks) && picked.length ? Math.min(...picked.map((b) => b.numBlocks!)) : undefined };
  const invalid = hasErrors(advanced, mode, blocks.numBlocks);
  const ready = datasetId !== '' && (several ? picked.length >= 2 : picked.length === 1) && !invalid;

  const start = () => {
    if (!ready) return;
    setBusy(true);
    setError(undefined);
    const options = changedOptions(advanced, mode, isImage);
    const done = several
      ? studio()
          .call('training.startMany', { datasetId, backboneIds: picked.map((b) => b.id), mode, options })
          .then((r) => onQueued(r.batchId, r.runIds))
      : studio()
          .call('training.start', { datasetId, backboneId, mode, options })
          .then((r) => onStarted(r.id));
    done.catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))).finally(() => setBusy(false));
  };
  return (
    <Stack spacing={2} sx={{ mb: 3 }}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start">
        <TextField select label="Dataset" value={datasetId} onChange={(e) => setDatasetId(Number(e.target.value))} sx={{ minWidth: 220 }} inputProps={{ 'data-testid': 'train-dataset' }}>
          {(datasets.data?.datasets ?? []).map((d) => (
            <MenuItem key={d.id} value={d.id}>
              {d.name} ({d.items} items)
            </MenuItem>
          ))}
        </TextField>
        {several ? (
          <TextField
            select
            label="Backbones to compare"
            value={backboneIds}
            onChange={(e) => setBackboneIds(typeof e.target.value === 'string' ? e.target.value.split(',') : (e.target.value as unknown as string[]))}
            sx={{ minWidth: 260 }}
            helperText="Pick two or more: they train one after another on the same split."
            slotProps={{ select: { multiple: true }, htmlInput: { 'data-testid': 'train-backbones' } }}
          >
            {offered.map((b) => (
              <MenuItem key={b.id} value={b.id}>
                {b.name}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <TextField select label="Backbone" value={backboneId} onChange={(e) => setBackboneId(e.target.value)} sx={{ minWidth: 220 }} inputProps={{ 'data-testid': 'train-backbone' }}>
            {offered.map((b) => (
              <MenuItem key={b.id} value={b.id}>
                {b.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField select label="Mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)} sx={{ minWidth: 160 }}>
          <MenuItem value="probe">Probe (fastest)</MenuItem>
          <MenuItem value="finetune">Finetune last blocks</MenuItem>
          <MenuItem value="full">Full</MenuItem>
        </TextField>
        <Button variant="contained" data-testid="train-start" disabled={busy || !ready} onClick={start} sx={{ mt: 1 }}>
          {several ? (picked.length ? `Train ${picked.length} backbones` : 'Train backbones') : 'Train'}
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="mode-hint">
        {mode === 'finetune' && blocks.defaultBlocks ? modeHints.finetune.replace('the last few blocks', `the last ${blocks.defaultBlocks} blocks`) : modeHints[mode]}
      </Typography>
      <FormControlLabel
        control={<Switch checked={several} onChange={(e) => setSeveral(e.target.checked)} inputProps={{ 'aria-label': 'Compare several' }} />}
        label="Compare several: train each one you pick, one after another, on the same split"
      />
      <AdvancedSettings values={advanced} onChange={setAdvanced} mode={mode} isImage={isImage} blocks={blocks} />
      {invalid && <Alert severity="warning">Some advanced settings need fixing before training (see the fields in red).</Alert>}
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}
