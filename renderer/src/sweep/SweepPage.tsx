import { Button, List, ListItemButton, ListItemText, Paper, Stack, Typography } from '@mui/material';
import { PageHeader } from '../components/PageHeader';
import { useCall, useEvent } from '../api/hooks';
import { studio } from '../api/studio';
import { navigate } from '../shell/route';
import { SweepForm } from './SweepForm';
import { SweepGrid } from './SweepGrid';
import { SweepLeaderboard } from './SweepLeaderboard';

/** #/sweep (new sweep + the list), #/sweep/<id> (its grid and leaderboard, live from sweep.changed). */
export function SweepPage({ rest }: { rest: string[] }) {
  const list = useCall('sweep.list', {});
  useEvent('sweep.changed', () => list.reload());
  const id = Number(rest[0]);
  const sweep = list.data?.sweeps.find((s) => s.sweepId === id);
  return (
    <>
      <PageHeader title="Sweep" subtitle="Every backbone × mode × seed on one snapshot: here, or fanned out to workers on a queue." />
      <Stack spacing={3}>
        {sweep ? (
          <Paper variant="outlined" sx={{ p: 2 }} data-testid="sweep-view" data-done={sweep.done}>
            <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
              <Typography variant="h6">Sweep #{sweep.sweepId}</Typography>
              <Typography variant="body2" color="text.secondary">
                {sweep.runs.length} runs on snapshot #{sweep.snapshotId}, {sweep.queue ? `queue ${sweep.queue}` : 'on this machine'}
              </Typography>
              {!sweep.done && (
                <Button color="error" onClick={() => void studio().call('sweep.cancel', { sweepId: sweep.sweepId }).then(list.reload, list.reload)}>
                  Cancel sweep
                </Button>
              )}
              <Button onClick={() => navigate('sweep')}>New sweep</Button>
            </Stack>
            <SweepGrid runs={sweep.runs} />
            <Typography variant="h6" sx={{ mt: 3, mb: 1 }}>
              Leaderboard
            </Typography>
            <SweepLeaderboard runs={sweep.runs} />
          </Paper>
        ) : (
          <SweepForm onCreated={(sid) => navigate(`sweep/${sid}`)} />
        )}
        {(list.data?.sweeps.length ?? 0) > 0 && (
          <Paper variant="outlined">
            <List dense aria-label="Sweeps">
              {list.data!.sweeps.map((s) => (
                <ListItemButton key={s.sweepId} selected={s.sweepId === id} onClick={() => navigate(`sweep/${s.sweepId}`)}>
                  <ListItemText
                    primary={`Sweep #${s.sweepId}: ${s.runs.length} runs${s.queue ? ` on ${s.queue}` : ''}`}
                    secondary={`${s.runs.filter((r) => r.status === 'completed').length} completed${s.done ? '' : ', in progress'} · ${new Date(s.createdAt).toLocaleString()}`}
                  />
                </ListItemButton>
              ))}
            </List>
          </Paper>
        )}
      </Stack>
    </>
  );
}
