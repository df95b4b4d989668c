import { useRef, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, IconButton, List, ListItem, ListItemText, Menu, MenuItem, TextField } from '@mui/material';
import MoreIcon from '@mui/icons-material/MoreVert';
import type { DatasetSummary } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';
import { useCall } from '../api/hooks';
import { ImportPanel } from './ImportPanel';
import { plural } from '../runs/plain';

type Open = 'rename' | 'add' | 'delete' | null;

/** Rename, add items, delete: the menu on a dataset card. Delete first shows the runs that used it. */
export function DatasetActions({ dataset }: { dataset: DatasetSummary }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [name, setName] = useState(dataset.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const once = useRef(false);
  const runs = useCall('runs.list', { datasetId: dataset.id }, [], { enabled: open === 'delete' });
  const dependents = runs.data?.runs ?? [];
  const show = (what: Open) => {
    setAnchor(null);
    setError(null);
    setName(dataset.name);
    setOpen(what);
  };
  /** Runs one action at a time; a double click sends one request. */
  const act = async (fn: () => Promise<unknown>) => {
    if (once.current) return;
    once.current = true;
    setBusy(true);
    setError(null);
    try {
      await fn();
      setOpen(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      once.current = false;
      setBusy(false);
    }
  };
  const deleteAll = () =>
    act(async () => {
      for (const r of dependents) await studio().call('runs.delete', { runId: r.id });
      await studio().call('datasets.delete', { datasetId: dataset.id });
    });
  const training = dependents.filter((r) => r.status === 'running' || r.status === 'paused' || r.status === 'queued');
  return (
    <>
      <IconButton aria-label={`Actions for ${dataset.name}`} onClick={(e) => setAnchor(e.currentTarget)} data-testid={`dataset-menu-${dataset.id}`}>
        <MoreIcon />
      </IconButton>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => show('add')} data-testid="dataset-add">
          Add {dataset.kind === 'text' ? 'texts' : 'images'}…
        </MenuItem>
        <MenuItem onClick={() => show('rename')} data-testid="dataset-rename">
          Rename…
        </MenuItem>
        <MenuItem onClick={() => show('delete')} data-testid="dataset-delete" sx={{ color: 'error.main' }}>
          Delete…
        </MenuItem>
      </Menu>

      <Dialog open={open === 'rename'} onClose={() => setOpen(null)} fullWidth maxWidth="xs">
        <DialogTitle>Rename dataset</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && name.trim() && void act(() => studio().call('datasets.rename', { datasetId: dataset.id, name }))}
            slotProps={{ htmlInput: { 'data-testid': 'dataset-rename-input', maxLength: 200 } }}
          />
          {error && <Alert severity="error">{error}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(null)}>Cancel</Button>
          <Button variant="contained" disabled={busy || !name.trim()} onClick={() => void act(() => studio().call('datasets.rename', { datasetId: dataset.id, name }))} data-testid="dataset-rename-save">
            Rename
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog open={open === 'add'} onClose={() => setOpen(null)} fullWidth maxWidth="md">
        <DialogTitle>Add to “{dataset.name}”</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            Files it already has are recognised and not added twice, so importing the same folder again only brings in what is new.
          </DialogContentText>
          <ImportPanel datasetId={dataset.id} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(null)} data-testid="dataset-add-close">
            Done
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog open={open === 'delete'} onClose={() => setOpen(null)} fullWidth maxWidth="sm">
        <DialogTitle>Delete “{dataset.name}”?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Its {plural(dataset.items, dataset.kind === 'text' ? 'text' : 'image')}, labels and splits are removed from the studio (your original files are not touched).
          </DialogContentText>
          {runs.loading && <DialogContentText sx={{ mt: 1 }}>Looking for runs that used it…</DialogContentText>}
          {dependents.length > 0 && (
            <Alert severity="warning" sx={{ mt: 2 }} data-testid="dataset-dependents">
              {plural(dependents.length, 'run')} trained on it and will be deleted with it:
              <List dense disablePadding>
                {dependents.map((r) => (
                  <ListItem key={r.id} disableGutters>
                    <ListItemText primary={`Run #${r.id} · ${r.backboneId ?? 'backbone removed'} · ${r.status}`} />
                  </ListItem>
                ))}
              </List>
            </Alert>
          )}
          {training.length > 0 && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {plural(training.length, 'run')} still training on it: cancel {training.length === 1 ? 'it' : 'them'} on the Train page first.
            </Alert>
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(null)}>Keep it</Button>
          <Button color="error" variant="contained" disabled={busy || runs.loading || training.length > 0} onClick={() => void deleteAll()} data-testid="dataset-delete-confirm">
            {dependents.length ? `Delete it and ${plural(dependents.length, 'run')}` : 'Delete dataset'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
