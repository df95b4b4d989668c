import { Button } from '@mui/material';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';

export function TrainPage() {
  return (
    <>
      <PageHeader title="Train" />
      <EmptyState
        title="Ready when your data is"
        body="Pick a dataset and a backbone, press Train, and watch the loss fall. You need a labelled dataset and an installed backbone."
        action={
          <Button variant="contained" onClick={() => navigate('datasets')}>
            Go to Datasets
          </Button>
        }
      />
    </>
  );
}
