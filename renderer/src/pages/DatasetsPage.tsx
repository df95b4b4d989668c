import { useCall, useEvent } from '../api/hooks';
import { PageHeader } from '../components/PageHeader';
import { EmptyState } from '../components/EmptyState';
import { ImportPanel } from '../datasets/ImportPanel';
import { DatasetList } from '../datasets/DatasetList';

export function DatasetsPage() {
  const list = useCall('datasets.list', {});
  useEvent('datasets.changed', () => list.reload());
  const datasets = list.data?.datasets ?? [];
  return (
    <>
      <PageHeader title="Datasets" subtitle="Your images and texts, copied into the studio so moving the originals loses nothing." />
      <ImportPanel onFinished={() => list.reload()} datasets={datasets} />
      {datasets.length === 0 && !list.loading ? (
        <EmptyState
          title="Bring your images or texts"
          body="Drag a folder of photos above, one subfolder per class (for example cats/ and dogs/). Loose files come in unlabeled, and you can label them next."
        />
      ) : (
        <DatasetList datasets={datasets} />
      )}
    </>
  );
}
