import { Button, MenuItem, Stack, TextField } from '@mui/material';
import { useCall, useEvent } from '../api/hooks';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';
import { LabelWorkspace } from '../datasets/LabelWorkspace';
import { CaptureButton } from '../capture/CaptureDialog';

/** `#/label/<datasetId>`; without an id, the newest dataset. */
export function LabelPage({ rest }: { rest: string[] }) {
  const list = useCall('datasets.list', {});
  const datasets = list.data?.datasets ?? [];
  const wanted = Number(rest[0]);
  const current = datasets.find((d) => d.id === wanted) ?? datasets[0];
  useEvent('datasets.import.finished', () => list.reload());
  if (!list.data) return <PageHeader title="Label" />;
  if (!current) {
    return (
      <>
        <PageHeader title="Label" />
        <EmptyState
          title="Nothing to label yet"
          body="Import a dataset first. Then label with the keys 1–9."
          action={
            <Button variant="contained" onClick={() => navigate('datasets')}>
              Import a dataset
            </Button>
          }
        />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Label"
        actions={
          <Stack direction="row" spacing={1} alignItems="center">
            <CaptureButton dataset={current} />
            <TextField select size="small" label="Dataset" value={current.id} onChange={(e) => navigate(`label/${e.target.value}`)} sx={{ minWidth: 220 }}>
              {datasets.map((d) => (
                <MenuItem key={d.id} value={d.id}>
                  {d.name}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
        }
      />
      <LabelWorkspace key={current.id} dataset={current} onChanged={() => list.reload()} />
    </>
  );
}
