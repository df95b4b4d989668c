import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../electron/core/core';
import { fitProbe, type Policy } from '../electron/core/training/probe/fit-probe';
import { readNpy } from '../electron/core/backbones/npy';
import { tempDir } from '../test/training/helpers/fixture';
import { addBackbone, call, importPath, trainRun } from '../test/training/helpers/real-path';

const repo = join(import.meta.dirname, '..');
const starter = join(repo, 'resources', 'backbones', 'starter-resnet');

interface CaseRef {
  train: number;
  sklearn: number;
  seconds: { features: number; fit: number; fit_cv: number };
}

/**
 * The default probe at 1,000 items (200 Fashion-MNIST images × 5 classes the starter never saw):
 * time to result in the app, cold and warm cache, against scikit-learn on features torchvision's
 * pipeline computed from the same PNGs (scripts/probe/fewshot_reference.py, same run); then the
 * probe fit alone on those 1,000 feature rows, in both validation policies, beside scikit-learn's
 * LogisticRegressionCV doing the same search (11 C values, 5 folds).
 */
export async function benchProbe(): Promise<void> {
  const dir = tempDir('studio-bench-probe-');
  try {
    const py = spawnSync('/usr/bin/python3', [join(repo, 'scripts', 'probe', 'fewshot_reference.py'), dir, '--cases', '200', '--test-per-class', '200'], { encoding: 'utf8' });
    if (py.status !== 0) {
      process.stdout.write(`probe bench skipped: the scikit-learn reference failed (${py.stderr.trim().split('\n').pop()})\n`);
      return;
    }
    const ref = (JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Record<string, CaseRef>)['200']!;
    const core = openCore({ dataDir: join(dir, 'studio'), workers: { env: { STUDIO_BACKEND: process.env.STUDIO_BACKEND ?? 'wasm', STUDIO_BACKBONE_LOADER: '' } } });
    try {
      const t0 = performance.now();
      const { datasetId } = await importPath(core, join(dir, '200'));
      const backboneId = await addBackbone(core, starter);
      const tImport = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      const cold = await trainRun(core, { datasetId, backboneId, mode: 'probe', options: {} });
      const tCold = (performance.now() - t1) / 1000;
      const t2 = performance.now();
      const warm = await trainRun(core, { datasetId, backboneId, mode: 'probe', options: { seed: 1 } });
      const tWarm = (performance.now() - t2) / 1000;
      const acc = (await call<{ accuracy: number }>(core, 'evaluation.path', { runId: cold.id, path: join(dir, 'test') })).accuracy;
      const sk = ref.seconds.features + ref.seconds.fit;
      process.stdout.write(
        `default probe, ${ref.train} Fashion-MNIST images (starter ResNet, 64 px), 1000 test images: app ${(100 * acc).toFixed(1)} % vs scikit-learn ${(100 * ref.sklearn).toFixed(1)} %\n` +
          `  app: import + add ${tImport.toFixed(1)} s; cold cache ${tCold.toFixed(1)} s to result (trunk ${cold.metrics.trunkSeconds?.toFixed(1)} s, probe fit ${cold.metrics.headSeconds?.toFixed(2)} s); ` +
          `warm cache ${tWarm.toFixed(1)} s (trunk computations ${warm.metrics.trunkComputations}, probe fit ${warm.metrics.headSeconds?.toFixed(2)} s)\n` +
          `  scikit-learn script (2 threads): torchvision features ${ref.seconds.features.toFixed(1)} s + StandardScaler/LogisticRegression ${ref.seconds.fit.toFixed(2)} s = ${sk.toFixed(1)} s; ` +
          `ratio app/script ${(tCold / sk).toFixed(1)}× cold, ${(tWarm / sk).toFixed(1)}× warm (app includes process start and backbone load)\n`,
      );
    } finally {
      await core.close();
    }
    // The fit alone, in process, on the reference's own 1,000 feature rows.
    const f = readNpy(join(dir, '200-features.npy'));
    const y = Array.from(readNpy(join(dir, '200-labels.npy')).data, Number);
    const dim = f.shape[1]!;
    const features = y.map((_, i) => Float32Array.from(f.data.subarray(i * dim, (i + 1) * dim)));
    for (const policy of ['split', 'cv'] as Policy[]) {
      // 'split' as the app splits 1,000 items (70/15/15); 'cv' on all of them.
      const subsets = y.map((_, i) => (policy === 'cv' ? 'train' : i % 20 < 14 ? 'train' : i % 20 < 17 ? 'val' : 'test'));
      const t = performance.now();
      const p = fitProbe({ features, labels: y, subsets, numClasses: 5, policy, classWeights: true, folds: 5, seed: 0 });
      const s = (performance.now() - t) / 1000;
      process.stdout.write(
        `  probe fit alone, ${y.length} × ${dim} features, ${policy === 'cv' ? '5-fold cross-validation over 11 C values + refit' : 'C chosen on the validation share (11 values) + refit'}: ${s.toFixed(2)} s (C = ${p.c})` +
          (policy === 'cv' ? `; scikit-learn LogisticRegressionCV, same search: ${ref.seconds.fit_cv.toFixed(2)} s` : `; scikit-learn LogisticRegression at one C: ${ref.seconds.fit.toFixed(2)} s`) +
          '\n',
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
