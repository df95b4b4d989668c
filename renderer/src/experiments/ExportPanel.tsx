import { useRef, useState } from 'react';
import { Alert, Box, Button, Card, CardActions, CardContent, Stack, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import FolderIcon from '@mui/icons-material/FolderOpen';
import { exportFormats, type ExportFormat } from '../../../shared/api/methods/export';
import { studio } from '../api/studio';
import { useCall } from '../api/hooks';
import { canShowInFolder, downloadFile, showInFolder } from '../api/downloads';
import { snippetFor } from './snippets';
import { CodeSnippet } from './CodeSnippet';

const about: Record<ExportFormat, { label: string; help: string }> = {
  tfjs: { label: 'TensorFlow.js', help: 'A model.json folder for the browser or Node (tf.loadLayersModel).' },
  safetensors: { label: 'PyTorch (safetensors)', help: 'The fine-tuned backbone in its hub naming plus the classifier, with config.json.' },
  onnx: { label: 'ONNX', help: 'One .onnx file (backbone and classifier) for ONNX Runtime, in Python, C#, Java or the browser.' },
};

interface Outcome {
  format: ExportFormat;
  fileName: string;
  savedPath: string | null;
  files: string[];
}

/** Each export target: a download (zip) or, in the app, a save dialog; then a snippet that loads it. */
export function ExportPanel({ runId }: { runId: number }) {
  const runs = useCall('runs.list', {});
  const backbones = useCall('backbones.list', {});
  const run = runs.data?.runs.find((r) => r.id === runId);
  const family = backbones.data?.backbones.find((b) => b.id === run?.backboneId)?.family;
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const inFlight = useRef(false);
  const [done, setDone] = useState<Outcome | null>(null);
  const [errors, setErrors] = useState<Partial<Record<ExportFormat, string>>>({});
  const go = async (format: ExportFormat) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(format);
    setErrors((e) => ({ ...e, [format]: undefined }));
    setDone(null);
    try {
      const z = await studio().call('export.download', { runId, format });
      const { savedPath } = await downloadFile(z.kind, z.id, z.fileName);
      setDone({ format, fileName: z.fileName, savedPath, files: z.files });
    } catch (e) {
      setErrors((old) => ({ ...old, [format]: e instanceof Error ? e.message : String(e) }));
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };
  const app = canShowInFolder();
  return (
    <Stack spacing={2} data-testid="export-panel">
      <Typography color="text.secondary">
        Each export comes with a model card (README.md): labels, preprocessing, data, metrics and backend.
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 2 }}>
        {exportFormats.map((f) => (
          <Card key={f} variant="outlined">
            <CardContent>
              <Typography variant="h6" component="h2">
                {about[f].label}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {about[f].help}
              </Typography>
              {errors[f] && (
                <Alert severity="warning" sx={{ mt: 1 }} data-testid={`export-error-${f}`}>
                  {errors[f]}
                </Alert>
              )}
            </CardContent>
            <CardActions>
              <Button variant="contained" startIcon={<DownloadIcon />} disabled={busy !== null} onClick={() => void go(f)} data-testid={`export-download-${f}`}>
                {busy === f ? 'Exporting…' : app ? 'Save as…' : 'Download (zip)'}
              </Button>
            </CardActions>
          </Card>
        ))}
      </Box>
      {done && (
        <Alert
          severity="success"
          data-testid="export-done"
          action={
            done.savedPath && app ? (
              <Button color="inherit" startIcon={<FolderIcon />} onClick={() => void showInFolder(done.savedPath!)}>
                Show in folder
              </Button>
            ) : undefined
          }
        >
          {done.savedPath ? (
            <>
              Saved to <code>{done.savedPath}</code>.
            </>
          ) : (
            <>
              <code>{done.fileName}</code> is downloading ({done.files.length} files: {done.files.map((x) => x.split('/').pop()).join(', ')}).
            </>
          )}
        </Alert>
      )}
      {done && <CodeSnippet {...snippetFor(done.format, runId, family)} />}
    </Stack>
  );
}
