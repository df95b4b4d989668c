import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import type { SweepRun } from '../../../shared/api/methods/sweep';
import { rankSweep } from './rank';

/** Backbone × mode ranked by mean accuracy over the seeds finished so far; grows as results arrive. */
export function SweepLeaderboard({ runs }: { runs: SweepRun[] }) {
  const rows = rankSweep(runs);
  if (rows.length === 0) return <Typography color="text.secondary">The leaderboard fills as runs finish.</Typography>;
  return (
    <TableContainer tabIndex={0} role="region" aria-label="Sweep leaderboard">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>Backbone</TableCell>
            <TableCell>Mode</TableCell>
            <TableCell>Mean accuracy</TableCell>
            <TableCell>Seeds done</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((g, i) => (
            <TableRow key={`${g.backbone}/${g.mode}`} data-testid={`sweep-leader-${i + 1}`}>
              <TableCell>{i + 1}</TableCell>
              <TableCell>{g.backbone}</TableCell>
              <TableCell>{g.mode}</TableCell>
              <TableCell>
                {(100 * g.mean).toFixed(1)} %{g.accs.length > 1 ? ` ± ${(100 * g.sd).toFixed(1)}` : ''}
              </TableCell>
              <TableCell>
                {g.accs.length} of {g.total}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
