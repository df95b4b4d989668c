import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../../helpers/npy';
import { useTmpDirs } from '../../helpers/tmp';
import { balancedWeights } from '../../../electron/core/training/probe/fit-probe';
import { fitLogistic, predictProba, standardize, standardizer, toRawSpace } from '../../../electron/core/training/probe/logistic';
import { mulberry32, shuffled } from '../../../electron/core/training/engine/rng';

/**
 * The exact probe's solver against scikit-learn's LogisticRegression (lbfgs, multinomial) on
 * scikit-learn's own bundled datasets: same C, same class weighting, same standardisation →
 * the same test probabilities.
 */
const PY = '/usr/bin/python3';
const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'probe', 'sklearn_logreg.py');
const probe = spawnSync(PY, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
const skip = probe.status === 0 ? null : `${PY} cannot import sklearn (apt-get install -y python3-sklearn)`;
if (skip) console.warn(`logistic-vs-sklearn skipped: ${skip}`);

const tmp = useTmpDirs();

function py(args: string[]): void {
  const r = spawnSync(PY, [script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

describe.skipIf(skip !== null)('exact probe solver vs scikit-learn LogisticRegression', () => {
  it('gives scikit-learn’s test probabilities on digits and wine, for several C, weighted and not, imbalanced', () => {
    const dir = tmp();
    const cases: Array<{ name: string; x: string; y: string; train: number[]; test: number[]; C: number; class_weight: string | null }> = [];
    const data = new Map<string, { x: Float32Array[]; y: number[] }>();
    for (const ds of ['digits', 'wine']) {
      py(['--dump', ds, dir]);
      const x = readNpy(join(dir, `${ds}-x.npy`));
      const y = readNpy(join(dir, `${ds}-y.npy`));
      const d = x.shape[1]!;
      const rows = Array.from({ length: x.shape[0]! }, (_, i) => Float32Array.from(x.data.subarray(i * d, (i + 1) * d)));
      data.set(ds, { x: rows, y: Array.from(y.data, Number) });
      const order = shuffled(
        rows.map((_, i) => i),
        mulberry32(ds.length),
      );
      const cut = Math.floor(order.length * 0.3);
      // Few-shot train sets, and an imbalanced one (class 0 cut to a third).
      const train = order.slice(0, cut);
      const imbalanced = train.filter((i, k) => data.get(ds)!.y[i] !== 0 || k % 3 === 0);
      for (const [tag, tr] of [
        ['balanced', train],
        ['imbalanced', imbalanced],
      ] as const)
        for (const C of [0.01, 1, 100])
          for (const cw of [null, 'balanced'])
            cases.push({ name: `${ds}/${tag}/C=${C}/${cw ?? 'none'}`, x: join(dir, `${ds}-x.npy`), y: join(dir, `${ds}-y.npy`), train: tr, test: order.slice(cut), C, class_weight: cw });
    }
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
    py([dir]);
    const ref = JSON.parse(readFileSync(join(dir, 'sklearn.json'), 'utf8')) as Record<string, { proba: number[][]; accuracy: number }>;

    let worst = 0;
    for (const c of cases) {
      const { x, y } = data.get(c.name.split('/')[0]!)!;
      const dim = x[0]!.length;
      const k = Math.max(...y) + 1;
      const scale = standardizer(
        c.train.map((i) => x[i]!),
        dim,
      );
      const design = {
        x: standardize(x, dim, scale),
        n: x.length,
        dim,
        labels: Int32Array.from(y),
        weights: c.class_weight ? balancedWeights(y, c.train, k) : new Float64Array(x.length).fill(1),
        numClasses: k,
      };
      const fit = fitLogistic(design, Int32Array.from(c.train), c.C, undefined, { maxIter: 5000, gradTol: 1e-9 });
      // Compared through the raw-space head the app stores, so folding the scaler in is checked too.
      const raw = toRawSpace(fit.theta, dim, k, scale);
      // The solver's layout is class-major; the stored head is dim × K.
      const theta = new Float64Array(dim * k + k);
      for (let j = 0; j < dim; j++) for (let c = 0; c < k; c++) theta[c * dim + j] = raw.weight[j * k + c]!;
      theta.set(raw.bias, dim * k);
      const rawDesign = { x: Float64Array.from(x.flatMap((r) => [...r])), dim, numClasses: k };
      const p = predictProba(rawDesign, Int32Array.from(c.test), theta);
      const want = ref[c.name]!.proba;
      c.test.forEach((_, i) => {
        for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(p[i * k + j]! - want[i]![j]!));
      });
    }
    console.log(`exact probe vs scikit-learn: ${cases.length} cases, worst test-probability difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(2e-3);
  }, 60_000);
});
