import { fitProbe, probeProba, top2 } from '../../../electron/core/assist/probe';
import { standardize } from '../../../electron/core/assist/space';
import type { Labeled } from './synthetic';

/** Held-out accuracy of a probe trained on the pool rows `picked` (with their true labels). */
export function heldOutAccuracy(pool: Labeled, picked: readonly number[], test: Labeled): number {
  const all = standardize([...pool.x, ...test.x]);
  const px = all.slice(0, pool.x.length);
  const tx = all.slice(pool.x.length);
  const classes = [...new Set(picked.map((i) => pool.y[i]!))].sort((a, b) => a - b);
  const local = new Map(classes.map((c, k) => [c, k]));
  const probe = fitProbe(
    picked.map((i) => px[i]!),
    picked.map((i) => local.get(pool.y[i]!)!),
    classes.length,
    { l2: 0.01 },
  );
  const probs = probeProba(probe, tx);
  return probs.filter((p, i) => classes[top2(p).best] === test.y[i]).length / tx.length;
}
