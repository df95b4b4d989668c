import { Button } from '@mui/material';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';

export function PredictPage() {
  return (
    <>
      <PageHeader title="Predict" />
      <EmptyState
        title="Train a model first"
        body="Once a run has finished, drop images or type text here to see what it predicts."
        action={
          <Button variant="contained" onClick={() => navigate('train')}>
            Go to Train
          </Button>
        }
      />
    </>
  );
}
