import type { StudioApi } from './client';
import type { ParamsOf, PayloadOf } from './contract';

type Summary = PayloadOf<'datasets.import.finished'>;

/**
 * Starts an import and resolves with its summary when the core announces it finished, whatever the
 * transport. The listener is on before the start call, because a small import can finish before that
 * call returns its job id; such early summaries wait until the id is known.
 */
export async function importAndWait(api: Pick<StudioApi, 'call' | 'on'>, params: ParamsOf<'datasets.import.start'>): Promise<Summary> {
  const early: Summary[] = [];
  let jobId: string | undefined;
  let finish!: (s: Summary) => void;
  const finished = new Promise<Summary>((resolve) => (finish = resolve));
  const off = api.on('datasets.import.finished', (s) => {
    if (jobId === undefined) early.push(s);
    else if (s.jobId === jobId) finish(s);
  });
  try {
    jobId = (await api.call('datasets.import.start', params)).jobId;
    const already = early.find((s) => s.jobId === jobId);
    if (already) finish(already);
    return await finished;
  } finally {
    off();
  }
}
