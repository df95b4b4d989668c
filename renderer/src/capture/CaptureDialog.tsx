import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import VideocamIcon from '@mui/icons-material/Videocam';
import type { DatasetSummary } from '../../../shared/domain/dataset';
import { CapturePanel } from './CapturePanel';

/** "Capture from webcam" for an image dataset: the button and its dialog. The camera is on only while the dialog is open. */
export function CaptureButton({ dataset }: { dataset: DatasetSummary }) {
  const [open, setOpen] = useState(false);
  if (dataset.kind !== 'image') return null;
  return (
    <>
      <Button variant="outlined" startIcon={<VideocamIcon />} onClick={() => setOpen(true)} data-testid="capture-open">
        Capture from webcam
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        fullWidth
        maxWidth="sm"
        // The Label page's shortcuts (1–9, arrows, Space) listen on the window: keys pressed in here are not meant for the grid behind.
        onKeyDown={(e) => e.stopPropagation()}
      >
        <DialogTitle>Capture from webcam into “{dataset.name}”</DialogTitle>
        <DialogContent>{open && <CapturePanel dataset={dataset} />}</DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} data-testid="capture-close">
            Done
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
