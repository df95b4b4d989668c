import type { SweepRun } from '../../../shared/api/methods/sweep';

export const accuracyOf = (r: SweepRun): number | undefined => r.metrics.testAccuracy ?? r.metrics.cvAccuracy ?? r.metrics.valAccuracy;

export interface LeaderRow {
  backbone: string;
  mode: string;
  /** Accuracies of the seeds completed so far. */
  accs: number[];
  total: number;
  mean: number;
  /** Population standard deviation over the completed seeds. */
  sd: number;
}

/** Backbone × mode ranked by mean accuracy over the seeds finished so far (best first); groups with none finished are left out. */
export function rankSweep(runs: readonly SweepRun[]): LeaderRow[] {
  const groups = new Map<string, { backbone: string; mode: string; accs: number[]; total: number }>();
  for (const r of runs) {
    const key = `${r.backbone}/${r.mode}`;
    const g = groups.get(key) ?? { backbone: r.backbone, mode: r.mode, accs: [], total: 0 };
    g.total++;
    const acc = accuracyOf(r);
    if (r.status === 'completed' && acc !== undefined) g.accs.push(acc);
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => g.accs.length > 0)
    .map((g) => {
      const mean = g.accs.reduce((a, b) => a + b, 0) / g.accs.length;
      const sd = Math.sqrt(g.accs.reduce((a, b) => a + (b - mean) ** 2, 0) / g.accs.length);
      return { ...g, mean, sd };
    })
    .sort((a, b) => b.mean - a.mean);
}

/**
 * How far a run is, 0–100. A run can end before its epoch budget (the probe's head is solved in one go,
 * early stopping), so an ended run is full, not "1 of 20".
 */
export function progressOf(r: Pick<SweepRun, 'status' | 'epoch' | 'epochs'>): number {
  if (r.status === 'completed') return 100;
  return r.epochs > 0 ? Math.min(100, (100 * r.epoch) / r.epochs) : 0;
}
