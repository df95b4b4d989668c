import { useState } from 'react';
import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { studio } from '../api/studio';
import type { ResultOf } from '../../../shared/api/contract';

/** A folder (or CSV / zip) on the machine running the studio, predicted whole into a CSV. */
export function FolderToCsv({ runId }: { runId: number }) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ResultOf<'predict.folder'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await studio().call('predict.folder', { runId, path: path.trim() }));
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
          {done.count} prediction(s) written to <code>{done.csvPath}</code>
          {done.skipped.length ? ` (${done.skipped.length} skipped)` : ''}
        </Alert>
      )}
    </Stack>
  );
}
