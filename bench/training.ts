import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../electron/core/core';
import { trainOptionsSchema } from '../shared/api/methods/training';
import { addTinyBackbone, seedImageDataset, tempDir, tinyLoaderModule } from '../test/training/helpers/fixture';
import { benchFmnistProbe } from './training-fmnist';
import { benchResnet50Memory } from './training-memory';
import { benchProbe } from './training-probe';

/**
 * Probe time-to-result: Transfer Studio (child process, wasm, feature cache) against a plain
 * PyTorch script doing the same work (same images, a same-shaped ResNet-like trunk, 3 views of the
 * train split, AdamW head for the same epochs, 2 threads). Then the same probe again on a warm cache.
 */
const PY = String.raw`
import json, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
from PIL import Image
torch.set_num_threads(2); torch.manual_seed(0)
job = json.load(open(sys.argv[1]))
t0 = time.time()
w = 8
class Tiny(nn.Module):
    def __init__(s):
        super().__init__()
        s.stem = nn.Conv2d(3, w, 3, padding=1); s.b1a = nn.Conv2d(w, w, 3, padding=1, bias=False); s.b1b = nn.Conv2d(w, w, 3, padding=1)
        s.b2a = nn.Conv2d(w, 2*w, 3, stride=2, padding=1, bias=False); s.b2b = nn.Conv2d(2*w, 2*w, 3, padding=1); s.sc = nn.Conv2d(w, 2*w, 1, stride=2, bias=False)
    def forward(s, x):
        x = F.relu(s.stem(x)); x = F.relu(s.b1b(F.relu(s.b1a(x))) + x)
        return F.relu(s.b2b(F.relu(s.b2a(x))) + s.sc(x)).mean((2, 3))
net = Tiny().eval()
def load(p):
    a = np.asarray(Image.open(p).convert('RGB').resize((16, 16)), dtype=np.float32) / 255.0
    return torch.from_numpy(((a - 0.5) / 0.25).transpose(2, 0, 1).copy())
items = job['items']
with torch.no_grad():
    X = torch.stack([load(i['path']) for i in items])
    feats = []
    for v in range(3):  # same number of views as the studio computes for train items
        xv = torch.flip(X, [3]) if v % 2 else X
        feats.append(torch.cat([net(xv[i:i+64]) for i in range(0, len(xv), 64)]))
f = feats[0]
y = torch.tensor([i['label'] for i in items])
tr = torch.tensor([i['subset'] == 'train' for i in items]); te = ~tr
head = nn.Linear(2*w, int(y.max()) + 1)
opt = torch.optim.AdamW(head.parameters(), lr=3e-3, weight_decay=0.01)
for e in range(job['epochs']):
    perm = torch.nonzero(tr).flatten()[torch.randperm(int(tr.sum()))]
    for b in range(0, len(perm), 32):
        idx = perm[b:b+32]; opt.zero_grad()
        F.cross_entropy(head(f[idx]), y[idx], label_smoothing=0.1).backward(); opt.step()
acc = (head(f[te]).argmax(1) == y[te]).float().mean().item()
print(json.dumps({'seconds': time.time() - t0, 'accuracy': acc}))
`;

export async function benchTraining(): Promise<void> {
  const dir = tempDir('studio-bench-train-');
  const core = openCore({ dataDir: dir, workers: { backboneLoaderModule: tinyLoaderModule, env: { STUDIO_BACKEND: process.env.STUDIO_BACKEND ?? 'wasm' } } });
  try {
    const perClass = Number(process.env.BENCH_TRAIN_PER_CLASS ?? 200);
    const epochs = 20;
    const ds = await seedImageDataset(core.ctx.db, dir, { perClass });
    const backboneId = addTinyBackbone(core.ctx.db, dir, 'resnet');
    const sup = core.ctx.services.training;
    const once = async (label: string, options: Record<string, number>) => {
      const t0 = performance.now();
      const run = core.ctx.services.scheduler.start({ datasetId: ds.datasetId, snapshotId: ds.snapshotId, backboneId, mode: 'probe', options: trainOptionsSchema.parse({ epochs, patience: 0, ...options }) });
      const done = await sup.finished(run.id);
      const s = (performance.now() - t0) / 1000;
      process.stdout.write(
        `${label}: ${s.toFixed(2)} s to result (${done.status} on ${done.backend}; trunk ${Number(done.metrics.trunkSeconds ?? 0).toFixed(2)} s for ${done.metrics.trunkComputations} items, head ${Number(done.metrics.headSeconds ?? 0).toFixed(2)} s, ${done.metrics.epochSeconds !== undefined ? `${(done.metrics.epochSeconds * 1000).toFixed(0)} ms/head-epoch` : ''}, test acc ${Number(done.metrics.testAccuracy ?? NaN).toFixed(3)})\n`,
      );
      return s;
    };
    process.stdout.write(`probe on ${ds.items.length} images (16×16, 3 classes), tiny ResNet, ${epochs} epochs\n`);
    const first = await once('studio, cold cache', {});
    const second = await once('studio, warm cache (other seed)', { seed: 1 });
    process.stdout.write(`second vs first: ${second.toFixed(2)} s vs ${first.toFixed(2)} s (${(first / second).toFixed(1)}× faster with the cache)\n`);

    const jobFile = join(dir, 'bench-job.json');
    writeFileSync(jobFile, JSON.stringify({ epochs, items: ds.items }));
    const py = spawnSync('/usr/bin/python3', ['-c', PY, jobFile], { encoding: 'utf8' });
    if (py.status !== 0) {
      process.stdout.write(`pytorch reference unavailable: ${py.stderr.trim().split('\n').pop()}\n`);
    } else {
      const ref = JSON.parse(py.stdout.trim().split('\n').pop()!) as { seconds: number; accuracy: number };
      process.stdout.write(`pytorch (2 threads), same work: ${ref.seconds.toFixed(2)} s (test acc ${ref.accuracy.toFixed(3)}; excludes python start-up)\n`);
      process.stdout.write(`ratio studio/pytorch: cold ${(first / ref.seconds).toFixed(1)}×, warm cache ${(second / ref.seconds).toFixed(1)}×\n`);
    }
  } finally {
    await core.close();
  }
  // Real backbones: the default probe at 1,000 items against scikit-learn, the Fashion-MNIST SGD-probe case at full size, then ResNet-50 memory on wasm.
  await benchProbe();
  await benchFmnistProbe();
  if (process.env.BENCH_SKIP_R50 !== '1') await benchResnet50Memory();
}
