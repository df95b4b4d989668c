import { useState } from 'react';
import { Box, Button, Chip, IconButton, Menu, MenuItem, Stack, TextField, Tooltip, Typography } from '@mui/material';
import MoreIcon from '@mui/icons-material/MoreVert';
import AddIcon from '@mui/icons-material/Add';
import type { ClassInfo } from '../../../shared/domain/dataset';
import { classColor } from './colors';
import { ClassDialog, type ClassAction } from './ClassDialog';

/** The classes with their keys (1–9) and counts, always visible; class management from each chip's menu. */
export function Legend(props: {
  classes: ClassInfo[];
  unlabeled: number;
  total: number;
  onAdd(name: string): Promise<void>;
  onAction(a: ClassAction): Promise<void>;
}) {
  const [menu, setMenu] = useState<{ el: HTMLElement; cls: ClassInfo }>();
  const [dialog, setDialog] = useState<{ kind: 'rename' | 'merge' | 'delete'; cls: ClassInfo }>();
  const [name, setName] = useState('');
  return (
    <Box data-testid="legend" sx={{ mb: 1 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        {props.classes.map((c) => (
          <Chip
            key={c.id}
            data-testid={`legend-class-${c.position + 1}`}
            data-name={c.name}
            data-count={c.count}
            label={
              <span>
                {c.position < 9 && <b style={{ marginRight: 6 }}>{c.position + 1}</b>}
                {c.name} <span data-testid="legend-count">{c.count}</span>
              </span>
            }
            sx={{ borderLeft: `6px solid ${classColor(c.position)}` }}
            variant="outlined"
            onDelete={(e) => setMenu({ el: (e.currentTarget as HTMLElement).parentElement ?? (e.currentTarget as HTMLElement), cls: c })}
            deleteIcon={
              <Tooltip title="Rename, merge or delete">
                <MoreIcon />
              </Tooltip>
            }
          />
        ))}
        <Chip
          data-testid="legend-unlabeled"
          data-count={props.unlabeled}
          label={
            <span>
              <b style={{ marginRight: 6 }}>0</b>unlabeled <span data-testid="legend-count">{props.unlabeled}</span>
            </span>
          }
          variant="outlined"
        />
        <Stack direction="row" spacing={0.5} component="form" onSubmit={(e) => (e.preventDefault(), name.trim() && void props.onAdd(name.trim()).then(() => setName('')))}>
          <TextField size="small" placeholder="New class" value={name} onChange={(e) => setName(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'new-class-name', 'aria-label': 'new class name' } }} />
          <IconButton type="submit" aria-label="add class" disabled={!name.trim()}>
            <AddIcon />
          </IconButton>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ ml: 'auto' }}>
          {props.total} items · keys 1–9 label, 0 unlabels, arrows move, Enter enlarges, Ctrl+Z undo
        </Typography>
      </Stack>
      <Menu open={!!menu} anchorEl={menu?.el} onClose={() => setMenu(undefined)}>
        {(['rename', 'merge', 'delete'] as const).map((kind) => (
          <MenuItem
            key={kind}
            onClick={() => {
              setDialog({ kind, cls: menu!.cls });
              setMenu(undefined);
            }}
          >
            {kind === 'rename' ? 'Rename…' : kind === 'merge' ? 'Merge into…' : 'Delete…'}
          </MenuItem>
        ))}
      </Menu>
      {dialog && <ClassDialog kind={dialog.kind} cls={dialog.cls} classes={props.classes} onClose={() => setDialog(undefined)} onDone={props.onAction} />}
      {props.classes.length === 0 && (
        <Button size="small" disabled>
          Add a class to start labeling
        </Button>
      )}
    </Box>
  );
}
