import { Button, Chip, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';
import { useCall, useEvent } from '../api/hooks';

export function ExperimentsPage() {
  const runs = useCall('runs.list', {});
  useEvent('runs.changed', () => runs.reload());
  const list = runs.data?.runs ?? [];
  return (
    <>
      <PageHeader title="Experiments" subtitle="Every run is kept, with the data it saw and the backend it ran on." />
      {list.length === 0 && !runs.loading ? (
        <EmptyState
          title="No runs yet"
          body="Each time you train, the run lands here so you can compare backbones side by side on the same split."
          action={
            <Button variant="contained" onClick={() => navigate('train')}>
              Train a model
            </Button>
          }
        />
      ) : (
        <TableContainer component={Paper}>
          <Table size="small" data-testid="runs-table">
            <TableHead>
              <TableRow>
                <TableCell>Run</TableCell>
                <TableCell>Dataset</TableCell>
                <TableCell>Backbone</TableCell>
                <TableCell>Mode</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Backend</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {list.map((r) => (
                <TableRow key={r.id} hover>
                  <TableCell>#{r.id}</TableCell>
                  <TableCell>{r.datasetName ?? '—'}</TableCell>
                  <TableCell>{r.backboneId ?? '—'}</TableCell>
                  <TableCell>{r.mode}</TableCell>
                  <TableCell>
                    <Chip size="small" label={r.status} color={r.status === 'completed' ? 'success' : r.status === 'failed' ? 'error' : 'default'} />
                  </TableCell>
                  <TableCell>{r.backend ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
