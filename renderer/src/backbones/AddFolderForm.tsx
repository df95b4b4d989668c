import { useState } from 'react';
import { Alert, Box, Button, TextField } from '@mui/material';
import { studio } from '../api/studio';

/**
 * A folder on the machine running the studio (in browser mode the page cannot browse that disk,
 * so the path is typed): model.safetensors + config.json, as a colleague's copy or a hub snapshot.
 */
export function AddFolderForm(props: { onAdded(id: string): void }) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const b = await studio().call('backbones.addLocal', { path: path.trim() });
      setPath('');
      props.onAdded(b.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box component="form" onSubmit={(e) => (e.preventDefault(), void submit())} data-testid="add-folder">
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
        <TextField
          size="small"
          fullWidth
          label="Folder with model.safetensors and config.json"
          placeholder="/home/me/models/resnet50"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'add-folder-path' } }}
        />
        <Button type="submit" variant="outlined" disabled={busy || path.trim() === ''} data-testid="add-folder-submit" sx={{ whiteSpace: 'nowrap' }}>
          Add folder
        </Button>
      </Box>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="add-folder-error">
          {error}
        </Alert>
      )}
    </Box>
  );
}
