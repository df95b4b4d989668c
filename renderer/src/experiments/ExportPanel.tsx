import { useState } from 'react';
import { Alert, Box, Button, Stack, Tooltip, Typography } from '@mui/material';
import { studio } from '../api/studio';
import type { ResultOf } from '../../../shared/api/contract';

const formats = [
  { id: 'tfjs' as const, label: 'TensorFlow.js', help: 'A model.json folder that tf.loadLayersModel loads (ResNet backbones).' },
  { id: 'safetensors' as const, label: 'PyTorch (safetensors)', help: 'The fine-tuned backbone in its own hub naming plus the classifier, with config.json.' },
];

export function ExportPanel({ runId }: { runId: number }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<ResultOf<'export.run'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const go = async (format: 'tfjs' | 'safetensors') => {
    setBusy(format);
    setError(null);
    setDone(null);
    try {
      setDone(await studio().call('export.run', { runId, format }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack spacing={2}>
      <Typography color="text.secondary">Each export comes with a model card (README.md): labels, preprocessing, data, metrics and backend.</Typography>
      <Stack direction="row" spacing={2}>
        {formats.map((f) => (
          <Tooltip key={f.id} title={f.help}>
            <span>
              <Button variant="outlined" disabled={busy !== null} onClick={() => void go(f.id)} data-testid={`export-${f.id}`}>
                {busy === f.id ? 'Exporting…' : f.label}
              </Button>
            </span>
          </Tooltip>
        ))}
        <Tooltip title="ONNX export is not supported yet.">
          <span>
            <Button variant="outlined" disabled>
              ONNX
            </Button>
          </span>
        </Tooltip>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {done && (
        <Alert severity="success" data-testid="export-done">
          <Box>
            Written to <code>{done.outDir}</code>: {done.files.join(', ')}
          </Box>
          {done.notes.map((n) => (
            <Box key={n}>{n}</Box>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
