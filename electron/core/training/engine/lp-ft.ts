import * as tf from '../../tf/tf';
import { featuresFromCache } from './activations';
import { fitSgd, type SgdFit } from './sgd-fit';
import { fitProbe, headProbs, type Subset } from '../probe/fit-probe';
import { writeOutOfFold } from '../probe/out-of-fold';
import { foldsFor, kFoldPairs } from '../probe/select';
import { describeProbe, estimateMetrics, estimateText, finish, pct, probeInput, saveHeadOnly, sgdBase, type TrainerDeps, type TrainResult } from './trainer-shared';

/** Pooled features (view 0) through the still-pretrained tail: what the starting probe is fitted on. */
function pooledFeatures(d: TrainerDeps): Float32Array[] {
  const out: Float32Array[] = [];
  for (let s = 0; s < d.acts.length; s += 32) {
    const acts = d.acts.slice(s, s + 32).map((a) => a[0]!);
    const data = tf.tidy(() => featuresFromCache(d.backbone, acts, d.cut, false).dataSync() as Float32Array);
    const dim = data.length / acts.length;
    acts.forEach((_, i) => out.push(data.slice(i * dim, (i + 1) * dim)));
  }
  return out;
}

/**
 * LP-FT: fit the exact probe, start the finetune from it, and keep whichever does better on
 * held-out items — the validation subset when there is one, else k-fold cross-validation
 * (k ≤ 3: every fold is a whole finetune) over the training pool.
 */
export async function lpFt(d: TrainerDeps, policy: 'cv' | 'split', subsets: Subset[]): Promise<TrainResult> {
  const o = d.options;
  const all = subsets.map((_, i) => i);
  const pool = all.filter((i) => subsets[i] === 'train');
  const val = all.filter((i) => subsets[i] === 'val');
  const test = all.filter((i) => subsets[i] === 'test');
  const tail = d.backbone.trainableVariables(d.cut);
  const pristine = tail.map((v) => tf.clone(v));
  const restoreTail = () => tail.forEach((v, i) => v.assign(pristine[i]!));

  d.report({ type: 'phase', phase: 'training', detail: 'fitting the starting probe' });
  const features = pooledFeatures(d);
  const lp = fitProbe({ ...probeInput(d, features, subsets, policy), refitWithVal: false });
  d.report({ type: 'decision', decision: { ...describeProbe(lp) } });
  const labels = d.items.map((it) => it.label);

  let lpHits = 0;
  let ftHits = 0;
  // Per held-out item: finetune right minus probe right (−1, 0 or 1), for the paired comparison.
  const diffs: number[] = [];
  const argmax = (p: number[]) => p.indexOf(Math.max(...p));
  const lpOof: Array<{ itemId: number; probs: number[] }> = [];
  const ftOof: Array<{ itemId: number; probs: number[] }> = [];
  let held = 0;
  let final: SgdFit | null = null;
  let how: string;
  let folds = 0;
  if (val.length > 0) {
    final = await fitSgd({ ...sgdBase(d), trainIdx: pool, valIdx: val, initHead: lp, checkpointDir: d.checkpointDir, resumeFrom: d.resumeFrom });
    held = val.length;
    const ftRight = final.evaluate(val).correct;
    const lpRight = headProbs(lp, features, val).map((p, i) => (argmax(p) === labels[val[i]!] ? 1 : 0));
    val.forEach((_, i) => diffs.push(ftRight[i]! - lpRight[i]!));
    ftHits = ftRight.reduce((a, b) => a + b, 0);
    lpHits = lpRight.reduce<number>((a, b) => a + b, 0);
    how = `${held} validation items`;
  } else {
    folds = foldsFor(labels, pool, Math.min(3, o.cvFolds));
    if (folds >= 2) {
      const pairs = kFoldPairs(labels, pool, folds, o.seed, d.items.map((it) => it.contentHash));
      for (const [f, pair] of pairs.entries()) {
        d.report({ type: 'phase', phase: 'training', detail: `comparing finetune with the probe: fold ${f + 1} of ${folds}` });
        const foldSubsets: Subset[] = all.map(() => null);
        pair.train.forEach((i) => (foldSubsets[i] = 'train'));
        pair.test.forEach((i) => (foldSubsets[i] = 'test'));
        const foldLp = fitProbe(probeInput(d, features, foldSubsets, 'split', lp.c));
        restoreTail();
        const ft = await fitSgd({ ...sgdBase(d), trainIdx: [...pair.train], valIdx: [], initHead: foldLp, salt: f + 1, checkpointDir: null, resumeFrom: null });
        const ftEval = ft.evaluate([...pair.test]);
        ft.dispose();
        const lpProbs = headProbs(foldLp, features, [...pair.test]);
        pair.test.forEach((r, i) => {
          const lpRight = argmax(lpProbs[i]!) === labels[r] ? 1 : 0;
          ftHits += ftEval.correct[i]!;
          lpHits += lpRight;
          diffs.push(ftEval.correct[i]! - lpRight);
          lpOof.push({ itemId: d.items[r]!.itemId, probs: lpProbs[i]! });
          ftOof.push({ itemId: d.items[r]!.itemId, probs: ftEval.probs[i]! });
        });
        held += pair.test.length;
      }
      how = `${folds}-fold cross-validation on ${held} items`;
    } else how = 'no items to hold out';
  }

  // Finetune is kept when it beats the probe on held-out items by more than one standard error of
  // the paired difference. A win by an item or two is noise: on few-shot Fashion-MNIST such
  // finetunes lost up to 1.2 points to the probe on the test set.
  const mean = diffs.length ? diffs.reduce((a, b) => a + b, 0) / diffs.length : 0;
  const se = diffs.length > 1 ? Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (diffs.length - 1) / diffs.length) : Infinity;
  const keepFt = held === 0 || mean > se;
  const lpAcc = held ? lpHits / held : NaN;
  const ftAcc = held ? ftHits / held : NaN;
  const keptReason =
    held === 0
      ? 'finetune kept as asked: too few items per class to compare it with the probe'
      : keepFt
        ? `finetune kept: ${pct(ftAcc)} vs the probe's ${pct(lpAcc)} on ${how}`
        : `probe kept: finetune's ${pct(ftAcc)} did not clearly beat the probe's ${pct(lpAcc)} on ${how}`;
  const extra: Record<string, number> = { keptFinetune: keepFt ? 1 : 0, probeC: lp.c };
  if (held) Object.assign(extra, { probeHeldOutAccuracy: lpAcc, finetuneHeldOutAccuracy: ftAcc });
  const kept = keepFt ? ftAcc : lpAcc;
  const cv = val.length === 0;
  if (held) Object.assign(extra, estimateMetrics(kept, held, cv && policy === 'cv', folds));
  const decision: Record<string, string | number> = { kept: keepFt ? 'finetune' : 'probe', keptReason };
  if (held) decision.estimateText = cv ? estimateText('cv', kept, held, folds) : estimateText('val', kept, held, 0);
  d.report({ type: 'decision', decision });
  if (cv && held && policy === 'cv') writeOutOfFold(d.checkpointDir, { method: 'cross-validation', folds, model: keepFt ? 'finetune' : 'probe', items: keepFt ? ftOof : lpOof });

  if (keepFt) {
    if (!final) {
      restoreTail();
      final = await fitSgd({ ...sgdBase(d), trainIdx: pool, valIdx: [], initHead: lp, checkpointDir: d.checkpointDir, resumeFrom: d.resumeFrom });
    }
    tf.dispose(pristine);
    return finish(d, final, val, test, extra);
  }
  final?.dispose();
  restoreTail();
  tf.dispose(pristine);
  // The probe on the pretrained blocks, stored as a finetune checkpoint (tail included) so every reader treats the run alike.
  d.report({ type: 'epoch', epoch: 1, metrics: { ...lp.metrics }, numTensors: tf.memory().numTensors, headSeconds: 0 });
  const modelPath = await saveHeadOnly(d, lp, d.cut, { mode: 'tail', batchSize: pool.length, names: ['head.fc.weight', 'head.fc.bias', ...tail.map((_, i) => `tail.${i}`)], solver: 'exact' }, tail);
  return { metrics: { ...lp.metrics, ...extra, bestEpoch: 1, headSeconds: 0 }, modelPath };
}
