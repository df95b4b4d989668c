import { Button } from '@mui/material';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';

export function DatasetsPage() {
  return (
    <>
      <PageHeader title="Datasets" />
      <EmptyState
        title="Bring your images or texts"
        body="Drag a folder of photos here, one subfolder per class (for example cats/ and dogs/). Loose files come in unlabeled, and you can label them next."
        action={
          <Button variant="contained" onClick={() => navigate('label')}>
            Label data
          </Button>
        }
      />
    </>
  );
}
