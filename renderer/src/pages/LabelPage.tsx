import { Button } from '@mui/material';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';

export function LabelPage() {
  return (
    <>
      <PageHeader title="Label" />
      <EmptyState
        title="Nothing to label yet"
        body="Import a dataset first. Then label with the keys 1–9 and let the studio suggest what to label next."
        action={
          <Button variant="contained" onClick={() => navigate('datasets')}>
            Import a dataset
          </Button>
        }
      />
    </>
  );
}
