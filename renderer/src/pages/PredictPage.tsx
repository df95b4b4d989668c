import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, LinearProgress, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import UploadIcon from '@mui/icons-material/FileUpload';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';
import { useCall, useEvent } from '../api/hooks';
import { studio } from '../api/studio';
import { maxPredictImageBytes, type Prediction } from '../../../shared/api/methods/predict';
import { PredictionCard } from '../predict/PredictionCard';
import { FolderToCsv } from '../predict/FolderToCsv';
import { fileToBase64 } from '../predict/read-file';
import { headlineAccuracy, pct } from '../experiments/format';
import { WhyPrediction } from '../explain/WhyPrediction';
import { TextFilesButton } from '../text/TextFilesButton';

/** #/predict[/<runId>]: drop images (or type text) and see the chosen run's top classes. */
export function PredictPage({ rest }: { rest: string[] }) {
  const runs = useCall('runs.list', {});
  const backbones = useCall('backbones.list', {});
  useEvent('runs.changed', () => runs.reload());
  const done = useMemo(() => (runs.data?.runs ?? []).filter((r) => r.status === 'completed'), [runs.data]);
  const [runId, setRunId] = useState<number | null>(rest[0] ? Number(rest[0]) : null);
  // Opens on the best model, not the newest: the one a user would pick (ties go to the newer run).
  const best = useMemo(() => done.reduce<(typeof done)[number] | undefined>((b, r) => ((headlineAccuracy(r) ?? -1) > (headlineAccuracy(b ?? r) ?? -1) || !b ? r : b), undefined), [done]);
  useEffect(() => {
    if (runId === null && best) setRunId(best.id);
  }, [best, runId]);
  // A "Try it" link to another run while this page is open switches to that run.
  const routed = rest[0] ? Number(rest[0]) : null;
  useEffect(() => {
    if (routed !== null) setRunId(routed);
  }, [routed]);
  const [results, setResults] = useState<Array<{ p: Prediction; preview?: string; text?: string; data?: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [over, setOver] = useState(false);
  const run = done.find((r) => r.id === runId);
  const modality = backbones.data?.backbones.find((b) => b.id === run?.backboneId)?.modality ?? 'image';

  if (!runs.loading && done.length === 0) {
    return (
      <>
        <PageHeader title="Predict" />
        <EmptyState
          title="Train a model first"
          body="Once a run has finished, drop images or type text here to see what it predicts."
          action={
            <Button variant="contained" onClick={() => navigate('train')}>
              Go to Train
            </Button>
          }
        />
      </>
    );
  }

  const predict = async (files: File[], texts: string[]) => {
    if (!runId) return;
    setBusy(true);
    setError(null);
    try {
      const tooBig = files.filter((f) => f.size > maxPredictImageBytes);
      if (tooBig.length) setError(`${tooBig.map((f) => f.name).join(', ')}: larger than ${maxPredictImageBytes / 1024 / 1024} MB; predict its folder to a CSV instead.`);
      // One image per call keeps each message well under the transport's frame limit.
      for (const f of files.filter((x) => x.size <= maxPredictImageBytes)) {
        const data = await fileToBase64(f);
        const out = await studio().call('predict.upload', { runId, images: [{ name: f.name, data }], topK: 5 });
        const preview = URL.createObjectURL(f);
        setResults((old) => [...out.predictions.map((p) => ({ p, preview, data })), ...old].slice(0, 60));
      }
      if (texts.length) {
        const out = await studio().call('predict.upload', { runId, texts, topK: 5 });
        setResults((old) => [...out.predictions.map((p, k) => ({ p, text: texts[k] })), ...old].slice(0, 60));
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const onFiles = (list: FileList | null) => {
    const files = [...(list ?? [])].filter((f) => f.type.startsWith('image/') || /\.(png|jpe?g|webp|gif|bmp|tiff?)$/i.test(f.name));
    if (files.length) void predict(files, []);
  };

  return (
    <>
      <PageHeader
        title="Predict"
        subtitle={modality === 'text' ? 'Try a trained model on new texts.' : 'Try a trained model on new images.'}
        actions={
          <TextField size="small" select label="Model (run)" value={runId ?? ''} onChange={(e) => (setRunId(Number(e.target.value)), setResults([]))} sx={{ minWidth: 280 }} inputProps={{ 'data-testid': 'predict-run' }}>
            {done.map((r) => (
              <MenuItem key={r.id} value={r.id}>
                #{r.id} {r.backboneId} · {r.datasetName}
                {headlineAccuracy(r) !== null ? ` · ${pct(headlineAccuracy(r))}` : ''}
                {r.id === best?.id ? ' (best)' : ''}
              </MenuItem>
            ))}
          </TextField>
        }
      />
      <Stack spacing={3}>
        {modality === 'image' ? (
          <Paper
            variant="outlined"
            data-testid="predict-drop"
            onDragOver={(e) => (e.preventDefault(), setOver(true))}
            onDragLeave={() => setOver(false)}
            onDrop={(e) => (e.preventDefault(), setOver(false), onFiles(e.dataTransfer.files))}
            sx={{ p: 4, textAlign: 'center', borderStyle: 'dashed', borderWidth: 2, bgcolor: over ? 'action.hover' : undefined }}
          >
            <Typography gutterBottom>Drop images here</Typography>
            <Button variant="contained" component="label" startIcon={<UploadIcon />}>
              Choose images
              <input hidden type="file" accept="image/*" multiple data-testid="predict-file-input" onChange={(e) => (onFiles(e.target.files), (e.target.value = ''))} />
            </Button>
          </Paper>
        ) : (
          <Stack direction="row" spacing={1}>
            <TextField fullWidth multiline minRows={2} label="Type a text" value={text} onChange={(e) => setText(e.target.value)} />
            <Button variant="contained" disabled={!text.trim() || busy} onClick={() => void predict([], [text])}>
              Predict
            </Button>
            <TextFilesButton disabled={busy} onTexts={(texts) => void predict([], texts)} />
          </Stack>
        )}
        {busy && <LinearProgress />}
        {error && <Alert severity="error">{error}</Alert>}
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 2 }}>
          {results.map((r, i) => (
            <Box key={`${i}-${r.p.file}`}>
              <PredictionCard p={r.p} preview={r.preview} />
              {runId && (r.data || r.text) && <WhyPrediction runId={runId} source={r.data ? { kind: 'image', name: r.p.file, data: r.data } : { kind: 'text', text: r.text! }} testId={`why-${i}`} />}
            </Box>
          ))}
        </Box>
        {runId && modality === 'image' && (
          <Paper variant="outlined" sx={{ p: 2 }}>
            <FolderToCsv runId={runId} />
          </Paper>
        )}
      </Stack>
    </>
  );
}
