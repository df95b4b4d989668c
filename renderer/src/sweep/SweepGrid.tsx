import { Chip, LinearProgress, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip } from '@mui/material';
import type { SweepRun } from '../../../shared/api/methods/sweep';
import { accuracyOf, progressOf } from './rank';

const colour = (s: string) => (s === 'completed' ? 'success' : s === 'failed' ? 'error' : s === 'running' ? 'primary' : 'default');

/** One row per run: where it trains, on what, how far, how it ended and why. */
export function SweepGrid({ runs }: { runs: SweepRun[] }) {
  return (
    <TableContainer tabIndex={0} role="region" aria-label="Sweep runs">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Run</TableCell>
            <TableCell>Backbone</TableCell>
            <TableCell>Mode</TableCell>
            <TableCell>Seed</TableCell>
            <TableCell>Worker</TableCell>
            <TableCell>Backend</TableCell>
            <TableCell>Progress</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Accuracy</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map((r) => {
            const acc = accuracyOf(r);
            return (
              <TableRow key={r.runId} data-testid={`sweep-run-${r.runId}`} data-status={r.status}>
                <TableCell>#{r.runId}</TableCell>
                <TableCell>{r.backbone}</TableCell>
                <TableCell>{r.mode}</TableCell>
                <TableCell>{r.seed}</TableCell>
                <TableCell>{r.worker ?? 'waiting'}{r.attempts > 1 ? ` (attempt ${r.attempts}, from epoch ${r.resumedFromEpoch ?? 0})` : ''}</TableCell>
                <TableCell>{r.backend ?? '—'}</TableCell>
                <TableCell sx={{ minWidth: 120 }}>
                  <LinearProgress variant="determinate" value={progressOf(r)} aria-label={r.status === 'completed' ? 'done' : `epoch ${r.epoch} of ${r.epochs}`} />
                </TableCell>
                <TableCell>
                  <Tooltip title={r.reason ?? ''}>
                    <Chip size="small" label={r.status === 'queued' ? 'waiting' : r.status} color={colour(r.status)} />
                  </Tooltip>
                  {r.reason && r.status !== 'completed' && <div style={{ fontSize: 12 }}>{r.reason}</div>}
                </TableCell>
                <TableCell>{r.status === 'completed' && acc !== undefined ? `${(100 * acc).toFixed(1)} %` : ''}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
