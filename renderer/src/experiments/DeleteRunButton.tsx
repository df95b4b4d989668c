import { useRef, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import type { RunSummary } from '../../../shared/domain/run';
import { studio } from '../api/studio';
import { navigate } from '../shell/route';

/** Delete a run after saying what goes with it; a run still training has to be cancelled first. */
export function DeleteRunButton({ run, onDeleted }: { run: Pick<RunSummary, 'id' | 'status'>; onDeleted?: () => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const once = useRef(false);
  const training = run.status === 'running' || run.status === 'paused' || run.status === 'queued';
  const go = async () => {
    if (once.current) return;
    once.current = true;
    setBusy(true);
    try {
      await studio().call('runs.delete', { runId: run.id });
      setOpen(false);
      if (onDeleted) onDeleted();
      else navigate('experiments');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      once.current = false;
      setBusy(false);
    }
  };
  return (
    <>
      <Button color="error" startIcon={<DeleteIcon />} onClick={() => (setError(null), setOpen(true))} disabled={training} title={training ? 'Cancel the run before deleting it' : undefined} data-testid={`delete-run-${run.id}`}>
        Delete
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={`delete-run-title-${run.id}`}>
        <DialogTitle id={`delete-run-title-${run.id}`}>Delete run #{run.id}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Its results, curves, checkpoints and trained model are removed from this studio. Files you exported stay where you saved them. This cannot be undone.
          </DialogContentText>
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Keep it</Button>
          <Button color="error" variant="contained" disabled={busy} onClick={() => void go()} data-testid="confirm-delete-run">
            Delete run
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

