import { useCallback, useEffect, useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { studio } from '../api/studio';
import { TrainForm } from '../training/TrainForm';
import { RunStatusPanel } from '../training/RunStatusPanel';
import { RunCharts } from '../training/RunCharts';
import { useRunFeed } from '../training/useRunFeed';
import { CacheInfo } from '../training/CacheInfo';
import { QueuePanel } from '../training/QueuePanel';
import { RecentRuns } from '../training/RecentRuns';

export function TrainPage() {
  const [runId, setRunId] = useState<number | null>(null);
  const [batchId, setBatchId] = useState<number | null>(null);
  // Re-attach after a reload: a compare batch still going, a run still training, else the latest run.
  useEffect(() => {
    void studio()
      .call('training.queue', {})
      .then(async (q) => {
        const latest = q.batches[0];
        if (latest && latest.runs.some((r) => r.status === 'queued' || r.status === 'running' || r.status === 'paused')) setBatchId(latest.batchId);
        const a = await studio().call('training.active', {});
        if (a.runs[0]) return setRunId(a.runs[0].runId);
        const { runs } = await studio().call('runs.list', {});
        if (runs[0]) setRunId(runs[0].id);
      })
      .catch(() => undefined);
  }, []);
  const feed = useRunFeed(runId);
  const showRun = useCallback((id: number) => setRunId(id), []);
  const started = useCallback((id: number) => {
    setBatchId(null);
    setRunId(id);
  }, []);
  const queued = useCallback((id: number, runIds: number[]) => {
    setBatchId(id);
    if (runIds[0] !== undefined) setRunId(runIds[0]);
  }, []);
  return (
    <>
      <PageHeader title="Train" subtitle="Pick a dataset and a backbone, press Train, and watch the loss fall." actions={<CacheInfo />} />
      <TrainForm onStarted={started} onQueued={queued} />
      {batchId !== null && <QueuePanel batchId={batchId} onShowRun={showRun} />}
      <RecentRuns showing={runId} onShow={showRun} />
      {runId !== null && (
        <>
          <RunStatusPanel feed={feed} />
          <RunCharts feed={feed} />
        </>
      )}
    </>
  );
}
