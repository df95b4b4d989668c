import { useEffect, useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { studio } from '../api/studio';
import { TrainForm } from '../training/TrainForm';
import { RunStatusPanel } from '../training/RunStatusPanel';
import { RunCharts } from '../training/RunCharts';
import { useRunFeed } from '../training/useRunFeed';
import { CacheInfo } from '../training/CacheInfo';

export function TrainPage() {
  const [runId, setRunId] = useState<number | null>(null);
  // Re-attach after a reload: a run still training, else the latest run.
  useEffect(() => {
    void studio()
      .call('training.active', {})
      .then(async (a) => {
        if (a.runs[0]) return setRunId(a.runs[0].runId);
        const { runs } = await studio().call('runs.list', {});
        if (runs[0]) setRunId(runs[0].id);
      })
      .catch(() => undefined);
  }, []);
  const feed = useRunFeed(runId);
  return (
    <>
      <PageHeader title="Train" subtitle="Pick a dataset and a backbone, press Train, and watch the loss fall." actions={<CacheInfo />} />
      <TrainForm onStarted={setRunId} />
      {runId !== null && (
        <>
          <RunStatusPanel feed={feed} />
          <RunCharts feed={feed} />
        </>
      )}
    </>
  );
}
