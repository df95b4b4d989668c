import { IconButton, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import type { BackboneSummary } from '../../../shared/domain/backbone';
import { familyLabel, formatBytes } from './format';

/** What is installed: the id the CLI and training take, and what each gives. */
export function InstalledTable(props: { backbones: BackboneSummary[]; onRemove(id: string): void }) {
  return (
    <TableContainer component={Paper} variant="outlined" data-testid="installed-backbones">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Family</TableCell>
            <TableCell align="right">Feature size</TableCell>
            <TableCell align="right">Size</TableCell>
            <TableCell>Licence</TableCell>
            <TableCell>Source</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {props.backbones.map((b) => (
            <TableRow key={b.id} data-testid={`installed-${b.id}`}>
              <TableCell>
                <div>{b.name}</div>
                {/* text.secondary, not opacity: a faded primary colour failed WCAG contrast (axe). */}
                <Typography variant="caption" color="text.secondary" component="div">
                  {b.id}
                </Typography>
              </TableCell>
              <TableCell>
                {familyLabel[b.family] ?? b.family} ({b.architecture})
              </TableCell>
              <TableCell align="right">{b.featureDim}</TableCell>
              <TableCell align="right">{formatBytes(b.sizeBytes)}</TableCell>
              <TableCell>{b.licence ?? 'unknown'}</TableCell>
              <TableCell title={b.path}>{b.source === 'local' ? 'local folder' : b.source}</TableCell>
              <TableCell align="right">
                <Tooltip title={b.source === 'local' ? 'Forget (the folder stays)' : 'Remove and delete the download'}>
                  <IconButton size="small" aria-label={`remove ${b.id}`} onClick={() => props.onRemove(b.id)}>
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
