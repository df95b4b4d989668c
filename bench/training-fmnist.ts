import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../electron/core/core';
import { splitsRepo } from '../electron/core/store/repos/splits';
import type { Subset } from '../shared/domain/dataset';
import { tempDir } from '../test/training/helpers/fixture';
import { addBackbone, importPath, referenceProbeOptions, trainRun } from '../test/training/helpers/real-path';

const repo = join(import.meta.dirname, '..');
const fixture = join(repo, 'test', 'fixtures', 'fmnist');
const starter = join(repo, 'resources', 'backbones', 'starter-resnet');

/** PyTorch doing the same work: embed the fixture's PNGs with the starter, LBFGS logistic regression (probe_reference.py's). */
const PY = String.raw`
import json, os, sys, time
t_start = time.time()
import numpy as np, torch
from PIL import Image
sys.path.insert(0, sys.argv[1])
torch.set_num_threads(2)
import fmnist
from probe_reference import load_backbone, fit_probe
from tiny_resnet import embed
t0 = time.time()
fix, bb = sys.argv[2], sys.argv[3]
ref = json.load(open(os.path.join(fix, 'probe-reference.json')))
names = sorted({i['label'] for i in ref['train']})
def load(items):
    x = np.stack([np.asarray(Image.open(os.path.join(fix, i['file'])).convert('L')) for i in items])
    return x, torch.tensor([names.index(i['label']) for i in items])
(xtr, ytr), (xte, yte) = load(ref['train']), load(ref['test'])
_, model = load_backbone(bb)
ftr, fte = embed(model, fmnist.to_input(xtr)), embed(model, fmnist.to_input(xte))
acc = fit_probe(ftr, ytr, fte, yte, len(names), False, ref['settings']['probe']['l2'])
print(json.dumps({'seconds': time.time() - t0, 'withImports': time.time() - t_start, 'accuracy': acc}))
`;

/**
 * The acceptance case at full size: the Fashion-MNIST transfer fixture (50 train, 500 test images)
 * through the app (import, add backbone, probe in the training process on wasm) against the PyTorch
 * probe on the same features, with time-to-result for both.
 */
export async function benchFmnistProbe(): Promise<void> {
  if (!existsSync(join(starter, 'model.safetensors')) || !existsSync(join(fixture, 'probe-reference.json'))) {
    process.stdout.write('fmnist probe: skipped (resources/backbones/starter-resnet or test/fixtures/fmnist missing)\n');
    return;
  }
  const ref = JSON.parse(readFileSync(join(fixture, 'probe-reference.json'), 'utf8')) as {
    settings: { probe: { l2: number } };
    accuracy: { pretrained: { raw: number }; random: { raw: number } };
  };
  const core = openCore({ dataDir: tempDir('studio-bench-fmnist-'), workers: { env: { STUDIO_BACKEND: process.env.STUDIO_BACKEND ?? 'wasm', STUDIO_BACKBONE_LOADER: '' } } });
  try {
    const t0 = performance.now();
    const train = await importPath(core, join(fixture, 'target', 'train'));
    const trainIds = new Set((core.ctx.db.prepare('SELECT id FROM items WHERE dataset_id = ?').all(train.datasetId) as Array<{ id: number }>).map((r) => r.id));
    await importPath(core, join(fixture, 'target', 'test'), train.datasetId);
    const all = core.ctx.db.prepare('SELECT id FROM items WHERE dataset_id = ?').all(train.datasetId) as Array<{ id: number }>;
    splitsRepo(core.ctx.db).replace(train.datasetId, 0, new Map(all.map((r) => [r.id, (trainIds.has(r.id) ? 'train' : 'test') as Subset])));
    const backboneId = await addBackbone(core, starter);
    const tImport = (performance.now() - t0) / 1000;
    const options = referenceProbeOptions(ref.settings.probe.l2, trainIds.size);
    const t1 = performance.now();
    const run = await trainRun(core, { datasetId: train.datasetId, backboneId, mode: 'probe', options });
    const tRun = (performance.now() - t1) / 1000;
    const warm = performance.now();
    const run2 = await trainRun(core, { datasetId: train.datasetId, backboneId, mode: 'probe', options: { ...options, seed: 1 } });
    const tWarm = (performance.now() - warm) / 1000;
    const m = run.metrics;
    process.stdout.write(
      `fmnist probe (starter ResNet, ${trainIds.size} train / ${all.length - trainIds.size} test, 64 px): app test acc ${(100 * m.testAccuracy!).toFixed(1)} % ` +
        `vs PyTorch reference ${(100 * ref.accuracy.pretrained.raw).toFixed(1)} % (random-init backbone ${(100 * ref.accuracy.random.raw).toFixed(1)} %)\n` +
        `  app: import + add ${tImport.toFixed(1)} s; run ${tRun.toFixed(1)} s to result (trunk ${m.trunkSeconds?.toFixed(1)} s for ${m.trunkComputations} items, head ${m.headSeconds?.toFixed(1)} s for 1000 full-batch epochs); ` +
        `warm cache ${tWarm.toFixed(1)} s (${run2.metrics.trunkComputations} trunk computations)\n`,
    );
    const py = spawnSync('/usr/bin/python3', ['-c', PY, join(repo, 'scripts', 'starter'), fixture, starter], { encoding: 'utf8' });
    if (py.status !== 0) {
      process.stdout.write(`  pytorch reference unavailable: ${py.stderr.trim().split('\n').pop()}\n`);
      return;
    }
    const r = JSON.parse(py.stdout.trim().split('\n').pop()!) as { seconds: number; withImports: number; accuracy: number };
    process.stdout.write(`  pytorch (2 threads, embed + LBFGS probe): ${r.seconds.toFixed(1)} s after imports (${r.withImports.toFixed(1)} s with them), test acc ${(100 * r.accuracy).toFixed(1)} %; ratio app/pytorch ${(tRun / r.seconds).toFixed(1)}× (cold), ${(tWarm / r.seconds).toFixed(1)}× (warm cache)\n`);
  } finally {
    await core.close();
  }
}
