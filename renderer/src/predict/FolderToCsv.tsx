import { useState } from 'react';
import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { studio } from '../api/studio';
import type { ResultOf } from '../../../shared/api/contract';
import { downloadFile } from '../api/downloads';
import { plural } from '../runs/plain';

/** A folder (or CSV / zip) on the machine running the studio, predicted whole into a CSV. */
export function FolderToCsv({ runId }: { runId: number }) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ResultOf<'predict.folder'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await studio().call('predict.folder', { runId, path: path.trim() });
      setDone(r);
      // The CSV is the point of this action: hand it over at once rather than leaving it on the server.
      if (r.download) await downloadFile(r.download.kind, r.download.id, r.download.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle1">Predict a whole folder to a CSV</Typography>
      <Stack direction="row" spacing={1}>
        <TextField size="small" fullWidth label="Folder, CSV or zip on this machine" value={path} onChange={(e) => setPath(e.target.value)} inputProps={{ 'data-testid': 'predict-folder-path' }} />
        <Button variant="outlined" sx={{ whiteSpace: "nowrap", flexShrink: 0 }} disabled={!path.trim() || busy} onClick={() => void go()} data-testid="predict-folder-go">
          {busy ? 'Predicting…' : 'Write CSV'}
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {done && (
        <Alert severity="success" data-testid="predict-folder-done">
          {plural(done.count, 'prediction')} {done.download ? 'downloaded as' : 'written to'} <code>{done.download ? done.download.id : done.csvPath}</code>
          {done.skipped.length ? ` (${plural(done.skipped.length, 'file')} skipped)` : ''}
          {done.download && (
            <Button size="small" color="inherit" sx={{ ml: 1 }} onClick={() => void downloadFile(done.download!.kind, done.download!.id, done.download!.id)}>
              Download again
            </Button>
          )}
        </Alert>
      )}
    </Stack>
  );
}
