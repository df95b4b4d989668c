import { useEffect, useRef, useState } from 'react';
import { Alert, Button, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { studio } from '../api/studio';
import { useCall } from '../api/hooks';
import { AdvancedSettings } from './AdvancedSettings';
import { navigate } from '../shell/route';
import { changedOptions, hasErrors, initialAdvanced, modeHints, type AdvancedValues, type Mode } from './advanced-options';
import { TextDatasetHint } from '../text/TextDatasetHint';

interface Props {
  onStarted(runId: number): void;
  /** A compare-backbones batch was queued. */
  onQueued(batchId: number, runIds: number[]): void;
}

interface Choices {
  datasetId?: number;
  backboneId?: string;
  mode?: Mode;
}
const KEY = 'studio.train.last';

function lastChoices(): Choices {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Choices;
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

function saveChoices(c: Choices): void {
  localStorage.setItem(KEY, JSON.stringify(c));
}

/** Dataset + backbone(s) + mode, then Train. Everything else keeps its default unless Advanced settings say otherwise. */
export function TrainForm({ onStarted, onQueued }: Props) {
  const datasets = useCall('datasets.list', {});
  const backbones = useCall('backbones.list', {});
  const [last] = useState(lastChoices);
  const [datasetId, setDatasetId] = useState<number | ''>(last.datasetId ?? '');
  const [backboneId, setBackboneId] = useState(last.backboneId ?? '');
  const [several, setSeveral] = useState(false);
  const [backboneIds, setBackboneIds] = useState<string[]>([]);
  const [mode, setMode] = useState<Mode>(last.mode ?? 'probe');
  // Set synchronously on the first click: a double click lands before React re-renders the button disabled.
  const starting = useRef(false);
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
  // Sensible defaults: the only dataset, the only backbone that fits it; a remembered choice that no longer exists is dropped.
  const allDatasets = datasets.data?.datasets;
  useEffect(() => {
    if (!allDatasets) return;
    if (datasetId !== '' && !allDatasets.some((d) => d.id === datasetId)) setDatasetId(allDatasets.length === 1 ? allDatasets[0]!.id : '');
    else if (datasetId === '' && allDatasets.length === 1) setDatasetId(allDatasets[0]!.id);
  }, [allDatasets, datasetId]);
  const offeredIds = offered.map((b) => b.id).join(',');
  useEffect(() => {
    if (!backbones.data) return;
    const ids = offeredIds ? offeredIds.split(',') : [];
    if (backboneId && !ids.includes(backboneId)) setBackboneId(ids.length === 1 ? ids[0]! : '');
    else if (!backboneId && ids.length === 1) setBackboneId(ids[0]!);
  }, [backbones.data, offeredIds, backboneId]);
  const invalid = hasErrors(advanced, mode, blocks.numBlocks);
  const ready = datasetId !== '' && (several ? picked.length >= 2 : picked.length === 1) && !invalid;

  const start = () => {
    if (!ready || starting.current) return;
    starting.current = true;
    saveChoices({ datasetId, backboneId, mode });
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
    done.catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))).finally(() => {
        starting.current = false;
        setBusy(false);
      });
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
          {several ? (picked.length > 1 ? `Train ${picked.length} backbones` : 'Train backbones') : busy ? 'Starting…' : 'Train'}
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="mode-hint">
        {mode === 'finetune' && blocks.defaultBlocks ? modeHints.finetune.replace('the last few blocks', blocks.defaultBlocks === 1 ? 'the last block' : `the last ${blocks.defaultBlocks} blocks`) : modeHints[mode]}
      </Typography>
      <FormControlLabel
        control={<Switch checked={several} onChange={(e) => setSeveral(e.target.checked)} inputProps={{ 'aria-label': 'Compare several' }} />}
        label="Compare several: train each one you pick, one after another, on the same split"
      />
      {several && backbones.data && offered.length < 2 && (
        <Alert
          severity="info"
          data-testid="compare-needs-more"
          action={
            <Button color="inherit" onClick={() => navigate('backbones')}>
              Add a backbone
            </Button>
          }
        >
          Comparing needs at least two backbones that read {isImage ? 'images' : 'texts'}; you have {offered.length === 1 ? 'one' : 'none'}. Add another on the
          Backbones page (from the hub, or from a folder when you are offline).
        </Alert>
      )}
      {dataset?.kind === 'text' && backbones.data && <TextDatasetHint textBackbones={offered.length} onAdded={() => backbones.reload()} />}
      <AdvancedSettings values={advanced} onChange={setAdvanced} mode={mode} isImage={isImage} blocks={blocks} />
      {invalid && <Alert severity="warning">Some advanced settings need fixing before training (see the fields in red).</Alert>}
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}
