import type { z } from 'zod';
import type { liveRunSchema } from '../../../shared/api/methods/training';
import type { RunStatus } from '../../../shared/domain/run';

export type LiveRun = z.infer<typeof liveRunSchema>;

export function initialLive(runId: number, epochs: number): LiveRun {
  return {
    runId,
    status: 'running',
    phase: 'starting',
    backend: null,
    epoch: 0,
    epochs,
    step: 0,
    totalSteps: 0,
    etaSeconds: null,
    itemsPerSecond: null,
    cache: { hits: 0, computed: 0, total: 0 },
    trunkSeconds: 0,
    headSeconds: 0,
  };
}

/** Exponential average of step time, for throughput and ETA that do not jump around. */
export class StepClock {
  private avg: number | null = null;
  private last: number | null = null;

  tick(now: number): number | null {
    if (this.last !== null) {
      const dt = (now - this.last) / 1000;
      this.avg = this.avg === null ? dt : 0.9 * this.avg + 0.1 * dt;
    }
    this.last = now;
    return this.avg;
  }

  pause(): void {
    this.last = null;
  }
}

export const endedStatuses: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];
