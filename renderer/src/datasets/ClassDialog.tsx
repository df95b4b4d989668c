import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField, Typography } from '@mui/material';
import type { ClassInfo } from '../../../shared/domain/dataset';

export type ClassAction =
  | { kind: 'rename'; classId: number; name: string }
  | { kind: 'merge'; fromId: number; intoId: number }
  | { kind: 'delete'; classId: number; reassignTo: number | null };

export function ClassDialog(props: { kind: 'rename' | 'merge' | 'delete'; cls: ClassInfo; classes: ClassInfo[]; onClose(): void; onDone(a: ClassAction): Promise<void> }) {
  const others = props.classes.filter((c) => c.id !== props.cls.id);
  const [name, setName] = useState(props.cls.name);
  const [target, setTarget] = useState<string>(props.kind === 'merge' ? String(others[0]?.id ?? '') : 'none');
  const [error, setError] = useState<string>();
  const submit = async () => {
    try {
      if (props.kind === 'rename') await props.onDone({ kind: 'rename', classId: props.cls.id, name: name.trim() });
      else if (props.kind === 'merge') await props.onDone({ kind: 'merge', fromId: props.cls.id, intoId: Number(target) });
      else await props.onDone({ kind: 'delete', classId: props.cls.id, reassignTo: target === 'none' ? null : Number(target) });
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Dialog open onClose={props.onClose} data-testid="class-dialog">
      <DialogTitle>
        {props.kind === 'rename' ? `Rename “${props.cls.name}”` : props.kind === 'merge' ? `Merge “${props.cls.name}” into…` : `Delete “${props.cls.name}”`}
      </DialogTitle>
      <DialogContent sx={{ minWidth: 360 }}>
        {props.kind === 'rename' ? (
          <TextField autoFocus fullWidth margin="dense" label="Name" value={name} onChange={(e) => setName(e.target.value)} />
        ) : (
          <>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {props.kind === 'merge'
                ? `Its ${props.cls.count} items move to the chosen class, and “${props.cls.name}” is removed.`
                : `Its ${props.cls.count} items go to:`}
            </Typography>
            <TextField select fullWidth value={target} onChange={(e) => setTarget(e.target.value)}>
              {props.kind === 'delete' && <MenuItem value="none">Unlabeled</MenuItem>}
              {others.map((c) => (
                <MenuItem key={c.id} value={String(c.id)}>
                  {c.name}
                </MenuItem>
              ))}
            </TextField>
          </>
        )}
        {error && (
          <Typography color="error" sx={{ mt: 1 }}>
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={props.kind === 'rename' ? !name.trim() : props.kind === 'merge' && !target}>
          {props.kind === 'rename' ? 'Rename' : props.kind === 'merge' ? 'Merge' : 'Delete'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
