import * as tf from '../../tf/tf';
import { fitSgd } from './sgd-fit';
import { fitProbe, type Subset } from '../probe/fit-probe';
import { writeOutOfFold } from '../probe/out-of-fold';
import { choosePolicy } from '../probe/policy';
import { lpFt } from './lp-ft';
import { describeProbe, finish, probeInput, saveHeadOnly, sgdBase, usesExactHead, type TrainerDeps, type TrainResult } from './trainer-shared';

export { usesExactHead, type TrainerDeps, type TrainResult } from './trainer-shared';

/** Subsets for the policy: under 'cv' every labelled item trains and nothing is held out. */
function subsetsFor(d: TrainerDeps, policy: 'cv' | 'split'): Subset[] {
  return d.items.map((it) => (policy === 'cv' ? 'train' : it.subset));
}

/**
 * One run's training, by mode and data size: the exact probe (logistic regression to convergence),
 * an SGD head (hidden layer or asked for), or LP-FT finetune (the converged probe first, then the unfrozen
 * blocks at a lower rate, kept only if held-out data say it beats the probe).
 */
export async function train(d: TrainerDeps): Promise<TrainResult> {
  const o = d.options;
  // Cross-validating an SGD-trained head would mean k more training runs: that path keeps the split.
  const choice = usesExactHead(o)
    ? choosePolicy(d.items, d.labelNames, o.validation)
    : { policy: 'split' as const, reason: 'train/validation/test split (an epoch-by-epoch head is judged on held-out items, not cross-validated)' };
  d.report({ type: 'decision', decision: { policy: choice.policy, policyReason: choice.reason } });
  const subsets = subsetsFor(d, choice.policy);
  if (!usesExactHead(o)) return sgdOnly(d, subsets);
  return d.probe ? exactProbe(d, choice.policy, subsets) : lpFt(d, choice.policy, subsets);
}

async function exactProbe(d: TrainerDeps, policy: 'cv' | 'split', subsets: Subset[]): Promise<TrainResult> {
  const t0 = performance.now();
  const features = d.acts.map((a) => a[0]!.x.data);
  const pool = subsets.filter((s) => s === 'train').length;
  await d.gate();
  const losses: number[] = [];
  const p = fitProbe({
    ...probeInput(d, features, subsets, policy),
    onFit: (done, total) => (done === total || done % 10 === 0 ? d.report({ type: 'phase', phase: 'training', detail: `choosing regularisation: ${done}/${total} fits` }) : undefined),
    onIteration: (_, loss) => losses.push(loss),
  });
  const seconds = (performance.now() - t0) / 1000;
  // The final fit's solver iterations are the run's steps: the loss curve a user watches fall (a whole-batch step each).
  d.report({ type: 'plan', cut: d.cut, numBlocks: d.backbone.info.numBlocks, batchSize: p.fitRows.length, stepsPerEpoch: Math.max(1, losses.length), startEpoch: 1, epochs: 1 });
  losses.forEach((loss, i) => d.report({ type: 'step', step: i + 1, epoch: 1, loss, lr: 0, itemsPerSecond: (p.fitRows.length * losses.length) / Math.max(1e-6, seconds) }));
  d.report({ type: 'decision', decision: describeProbe(p) });
  d.report({ type: 'epoch', epoch: 1, metrics: { ...p.metrics, epochSeconds: seconds }, numTensors: tf.memory().numTensors, headSeconds: seconds });
  const modelPath = await saveHeadOnly(d, p, d.backbone.info.numBlocks, { mode: 'probe', batchSize: pool, names: ['head.fc.weight', 'head.fc.bias'], solver: 'exact' });
  if (p.outOfFold) writeOutOfFold(d.checkpointDir, { method: 'cross-validation', folds: p.estimate.folds, model: 'probe', items: p.outOfFold.rows.map((r, i) => ({ itemId: d.items[r]!.itemId, probs: p.outOfFold!.probs[i]! })) });
  return { metrics: { ...p.metrics, bestEpoch: 1, headSeconds: seconds }, modelPath };
}

/** The head trained by SGD from a random start (a hidden layer, or headSolver 'sgd'), with the unfrozen blocks in finetune. */
async function sgdOnly(d: TrainerDeps, subsets: Subset[]): Promise<TrainResult> {
  const idx = (s: Subset) => subsets.flatMap((x, i) => (x === s ? [i] : []));
  const fit = await fitSgd({ ...sgdBase(d), trainIdx: idx('train'), valIdx: idx('val'), checkpointDir: d.checkpointDir, resumeFrom: d.resumeFrom });
  return finish(d, fit, idx('val'), idx('test'), {});
}

