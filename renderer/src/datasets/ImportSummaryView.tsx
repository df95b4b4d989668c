import { Alert, Box, Chip, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import type { ImportSummary } from '../../../shared/domain/dataset';
import { ConflictList } from './ConflictList';

/** What an import did, in words: items per class, every skipped file with its reason, and images found under two classes. */
export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const classes = Object.entries(summary.classes);
  // A summary from before conflicts were reported has none.
  const conflicts = summary.conflicts ?? [];
  return (
    <Box data-testid="import-summary" data-status={summary.status} sx={{ my: 2 }}>
      {summary.status === 'failed' ? (
        <Alert severity="error">Import failed: {summary.error}</Alert>
      ) : (
        <Alert severity={summary.skipped.length || conflicts.length ? 'warning' : 'success'}>
          <span data-testid="import-summary-items">{summary.items}</span> items imported
          {summary.status === 'cancelled' ? ' before you cancelled (they are kept)' : ''}
          {summary.duplicates ? `, ${summary.duplicates} exact duplicates kept once` : ''}
          {summary.skipped.length ? `, ${summary.skipped.length} files skipped (listed below)` : ''}
          {conflicts.length
            ? `, ${conflicts.length} image${conflicts.length === 1 ? '' : 's'} found under more than one class imported once, unlabeled (listed below)`
            : ''}
          .
        </Alert>
      )}
      {classes.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }} useFlexGap data-testid="import-summary-classes">
          {classes.map(([name, n]) => (
            <Chip key={name} label={`${name}: ${n}`} data-testid={`import-class-${name}`} data-count={n} size="small" />
          ))}
        </Stack>
      )}
      {summary.skipped.length > 0 && <SkipList skipped={summary.skipped} />}
      {conflicts.length > 0 && <ConflictList conflicts={conflicts} />}
      {summary.duplicateFiles.length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Duplicates: {summary.duplicateFiles.slice(0, 5).map((d) => `${d.path} = ${d.sameAs}`).join('; ')}
          {summary.duplicateFiles.length > 5 ? ` and ${summary.duplicateFiles.length - 5} more` : ''}
        </Typography>
      )}
    </Box>
  );
}

export function SkipList({ skipped }: { skipped: Array<{ path: string; reason: string }> }) {
  return (
    <List dense data-testid="skip-list" sx={{ maxHeight: 320, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1, mt: 1 }}>
      {skipped.map((s, i) => (
        <ListItem key={i} data-testid="skip-row" data-path={s.path}>
          <ListItemText primary={s.path} secondary={s.reason} slotProps={{ primary: { noWrap: true, title: s.path }, secondary: { 'data-testid': 'skip-reason' } as object }} />
        </ListItem>
      ))}
    </List>
  );
}
