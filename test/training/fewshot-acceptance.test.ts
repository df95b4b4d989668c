import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import type { RunSummary } from '../../shared/domain/run';
import { tempDir } from './helpers/fixture';
import { addBackbone, call, importPath, trainRun } from './helpers/real-path';

/**
 * Acceptance (issue: small data, strong results). Fashion-MNIST few-shot cases built by
 * scripts/probe/fewshot_reference.py from Debian's dataset-fashion-mnist — 5, 10 and 25 images per
 * class and an imbalanced draw, on the five classes the bundled starter backbone never saw — with
 * one shared test set of 500 images. The reference is scikit-learn's LogisticRegression with its
 * defaults on StandardScaler'd features that torchvision's own pipeline computed from the same PNGs.
 * The app goes the user's way: import the folder, train with default settings in the training
 * process, evaluate the run on the test folder.
 */
const PY = '/usr/bin/python3';
const repo = join(import.meta.dirname, '..', '..');
const script = join(repo, 'scripts', 'probe', 'fewshot_reference.py');
const starter = join(repo, 'resources', 'backbones', 'starter-resnet');
const check = spawnSync(PY, ['-c', 'import sklearn, torch, torchvision, PIL'], { encoding: 'utf8' });
const skipReason =
  check.status !== 0
    ? `${PY} lacks scikit-learn, torch, torchvision or PIL (apt-get install -y python3-sklearn python3-torch python3-torchvision python3-pil)`
    : !existsSync('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz')
      ? 'Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist)'
      : null;
if (skipReason) console.warn(`few-shot acceptance skipped: ${skipReason}`);

interface CaseRef {
  train: number;
  counts: number[];
  sklearn: number;
  sklearn_balanced: number;
}

const CASES = ['5', '10', '25', 'imb'] as const;
let dir = '';
let ref: Record<string, CaseRef> = {};
let core: Core | undefined;
let backboneId = '';
const results = new Map<string, { probe: RunSummary; probeTest: number; finetune?: RunSummary; finetuneTest?: number }>();

beforeAll(async () => {
  if (skipReason) return;
  dir = tempDir('studio-fewshot-');
  // 100 test images a class (500): enough to tell 1 point apart on these cases, and half the evaluation time of 1000.
  const r = spawnSync(PY, [script, dir, '--test-per-class', '100'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`fewshot_reference.py failed: ${r.stderr}`);
  ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Record<string, CaseRef>;
  core = openCore({ dataDir: join(dir, 'studio'), workers: { env: { STUDIO_BACKEND: 'wasm', STUDIO_BACKBONE_LOADER: '' } } });
  backboneId = await addBackbone(core, starter);
}, 300_000);

afterAll(async () => {
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function testAccuracy(run: RunSummary): Promise<number> {
  return (await call<{ accuracy: number; count: number }>(core!, 'evaluation.path', { runId: run.id, path: join(dir, 'test') })).accuracy;
}

describe.skipIf(skipReason !== null)('few-shot Fashion-MNIST: default probe and finetune vs scikit-learn', () => {
  it.each(CASES)('case %s: the default probe is within 1 point of scikit-learn, or better', async (c) => {
    const { datasetId } = await importPath(core!, join(dir, c));
    const probe = await trainRun(core!, { datasetId, backboneId, mode: 'probe', options: {} });
    const acc = await testAccuracy(probe);
    results.set(c, { probe, probeTest: acc });
    const decision = probe.params.decision as Record<string, unknown>;
    console.log(
      `case ${c} (${ref[c]!.counts.join('/')} train): app probe ${(100 * acc).toFixed(1)} % vs scikit-learn ${(100 * ref[c]!.sklearn).toFixed(1)} % ` +
        `(balanced ${(100 * ref[c]!.sklearn_balanced).toFixed(1)} %); ${String(decision.policy)}: ${String(decision.estimateText ?? 'no estimate')}; ${String(decision.cReason)}`,
    );
    expect(acc).toBeGreaterThanOrEqual(ref[c]!.sklearn - 0.01);
    // Fewer than 30 per class: every item trains and the estimate is cross-validated.
    expect(decision.policy).toBe('cv');
    expect(probe.metrics.cvAccuracy).toBeGreaterThan(0);
  }, 120_000);

  it.each(CASES)('case %s: the default finetune (LP-FT) is no worse than the probe − 1 point, and says what it kept', async (c) => {
    const probe = results.get(c);
    if (!probe) throw new Error('needs the probe run of this case');
    const finetune = await trainRun(core!, { datasetId: probe.probe.datasetId!, backboneId, mode: 'finetune', options: {} });
    const acc = await testAccuracy(finetune);
    probe.finetune = finetune;
    probe.finetuneTest = acc;
    const decision = finetune.params.decision as Record<string, unknown>;
    console.log(`case ${c}: finetune ${(100 * acc).toFixed(1)} % vs probe ${(100 * probe.probeTest).toFixed(1)} % — ${String(decision.keptReason)}`);
    expect(acc).toBeGreaterThanOrEqual(probe.probeTest - 0.01);
    expect(['probe', 'finetune']).toContain(decision.kept);
    expect(String(decision.keptReason)).toMatch(/kept/);
  }, 300_000);

  it('the cross-validated estimate lies within its ± band of the held-out accuracy on most cases', () => {
    const rows = [...results.entries()].flatMap(([c, r]) => [
      { c: `${c} probe`, est: r.probe.metrics.estimatedAccuracy!, band: r.probe.metrics.estimateBand!, test: r.probeTest },
      ...(r.finetune ? [{ c: `${c} finetune`, est: r.finetune.metrics.estimatedAccuracy!, band: r.finetune.metrics.estimateBand!, test: r.finetuneTest! }] : []),
    ]);
    const inside = rows.filter((r) => Math.abs(r.est - r.test) <= r.band);
    console.log(rows.map((r) => `${r.c}: estimate ${(100 * r.est).toFixed(1)} ± ${(100 * r.band).toFixed(1)} %, test ${(100 * r.test).toFixed(1)} %`).join('\n'));
    expect(rows.length).toBe(2 * CASES.length);
    expect(inside.length).toBeGreaterThanOrEqual(Math.ceil(rows.length * 0.75));
  });
});
