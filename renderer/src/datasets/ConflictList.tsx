import { List, ListItem, ListItemText } from '@mui/material';
import type { ImportConflict } from '../../../shared/domain/dataset';

/** Images found under two or more classes: imported once, unlabeled; every path is shown so the user can pick the class. */
export function ConflictList({ conflicts }: { conflicts: ImportConflict[] }) {
  return (
    <List dense data-testid="conflict-list" sx={{ maxHeight: 240, overflow: 'auto', border: 1, borderColor: 'warning.main', borderRadius: 1, mt: 1 }}>
      {conflicts.map((c, i) => (
        <ListItem key={i} data-testid="conflict-row" data-labels={c.labels.join(',')}>
          <ListItemText
            primary={c.paths.join('  ·  ')}
            secondary={c.resolution}
            slotProps={{ primary: { noWrap: true, title: c.paths.join('\n') }, secondary: { 'data-testid': 'conflict-resolution' } as object }}
          />
        </ListItem>
      ))}
    </List>
  );
}
