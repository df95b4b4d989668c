import { Button, Stack } from '@mui/material';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';
import { useCall, useEvent } from '../api/hooks';
import { RunsTable } from '../experiments/RunsTable';
import { RunView } from '../experiments/RunView';
import { CompareView } from '../experiments/CompareView';
import { Leaderboard } from '../experiments/Leaderboard';
import { RunsDisk } from '../experiments/RunsDisk';

/** #/experiments (runs + leaderboard), #/experiments/<id> (one run), #/experiments/compare/<id>,<id>… */
export function ExperimentsPage({ rest }: { rest: string[] }) {
  const runs = useCall('runs.list', {});
  useEvent('runs.changed', () => runs.reload());
  useEvent('evaluation.changed', () => runs.reload());
  if (rest[0] === 'compare') {
    const ids = (rest[1] ?? '')
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    return <CompareView ids={ids} />;
  }
  if (rest[0] && Number.isInteger(Number(rest[0]))) return <RunView runId={Number(rest[0])} tab={rest[1]} />;
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
        <Stack spacing={4}>
          <RunsTable runs={list} />
          <RunsDisk />
          <Leaderboard runs={list} />
        </Stack>
      )}
    </>
  );
}
