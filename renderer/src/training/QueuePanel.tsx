import { useEffect, useRef } from 'react';
import { Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { studio } from '../api/studio';
import { useCall, useEvent } from '../api/hooks';
import { navigate } from '../shell/route';

type QueuedRun = { id: number; backboneId: string | null; status: string; metrics: Record<string, number> };

const label = (status: string) => (status === 'queued' ? 'waiting' : status === 'completed' ? 'done' : status);
const settled = (status: string) => ['completed', 'failed', 'cancelled', 'interrupted'].includes(status);

/** A compare-backbones batch: waiting / running / done per backbone, then a link to compare them. */
export function QueuePanel({ batchId, onShowRun }: { batchId: number; onShowRun(runId: number): void }) {
  const queue = useCall('training.queue', {});
  useEvent('runs.changed', () => queue.reload());
  const batch = queue.data?.batches.find((b) => b.batchId === batchId);
  const runs: QueuedRun[] = batch?.runs ?? [];
  const running = runs.find((r) => r.status === 'running' || r.status === 'paused');
  // Follow the batch: the charts show whichever run is training now.
  const followed = useRef<number | null>(null);
  useEffect(() => {
    if (running && followed.current !== running.id) {
      followed.current = running.id;
      onShowRun(running.id);
    }
  }, [running, onShowRun]);
  if (!batch) return null;
  const allDone = runs.every((r) => settled(r.status));
  const cancel = (runId: number) => void studio().call('training.cancel', { runId }).then(queue.reload, queue.reload);
  const accuracy = (r: QueuedRun) => r.metrics.testAccuracy ?? r.metrics.cvAccuracy ?? r.metrics.valAccuracy;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} data-testid="queue-panel" data-done={allDone}>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
        <Typography variant="h6">Comparing {runs.length} backbones</Typography>
        <Typography variant="body2" color="text.secondary">
          Same snapshot #{batch.snapshotId}, same settings, one at a time.
        </Typography>
      </Stack>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Backbone</TableCell>
            <TableCell>Run</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Accuracy</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map((r) => (
            <TableRow key={r.id} data-testid={`queue-row-${r.backboneId ?? r.id}`} data-status={r.status}>
              <TableCell>{r.backboneId ?? '—'}</TableCell>
              <TableCell>#{r.id}</TableCell>
              <TableCell>
                <Chip size="small" label={label(r.status)} color={r.status === 'completed' ? 'success' : r.status === 'failed' ? 'error' : r.status === 'running' ? 'primary' : 'default'} />
              </TableCell>
              <TableCell>{r.status === 'completed' && accuracy(r) !== undefined ? `${(100 * accuracy(r)!).toFixed(1)} %` : ''}</TableCell>
              <TableCell align="right">
                {r.status !== 'queued' && <Button size="small" onClick={() => onShowRun(r.id)}>Show</Button>}
                {(r.status === 'queued' || r.status === 'running' || r.status === 'paused') && (
                  <Button size="small" color="error" onClick={() => cancel(r.id)}>
                    {r.status === 'queued' ? 'Remove' : 'Cancel'}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {allDone && (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <Button variant="contained" data-testid="queue-compare" onClick={() => navigate(`experiments/compare/${runs.filter((r) => r.status === 'completed').map((r) => r.id).join(',')}`)}>
            Compare in Experiments
          </Button>
          <Button onClick={() => navigate('experiments')}>All runs</Button>
        </Stack>
      )}
    </Paper>
  );
}
