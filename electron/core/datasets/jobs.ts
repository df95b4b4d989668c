import { randomBytes } from 'node:crypto';
import type { ImportSummary } from '../../../shared/domain/dataset';

export interface ImportJob {
  id: string;
  datasetId: number;
  controller: AbortController;
  startedAt: number;
  /** Set when the job ends. */
  summary?: ImportSummary;
  done: Promise<ImportSummary>;
}

/** Import jobs of this process: running ones can be cancelled; the last finished ones answer datasets.import.result. */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  static newId(): string {
    return `imp_${randomBytes(8).toString('hex')}`;
  }

  add(job: ImportJob): void {
    this.jobs.set(job.id, job);
    void job.done.then(() => this.prune());
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  running(): ImportJob[] {
    return [...this.jobs.values()].filter((j) => !j.summary);
  }

  isImporting(datasetId: number): boolean {
    return this.running().some((j) => j.datasetId === datasetId);
  }

  cancelAll(): void {
    for (const j of this.running()) j.controller.abort();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.summary);
    for (const j of finished.slice(0, Math.max(0, finished.length - 50))) this.jobs.delete(j.id);
  }
}
