import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { encodeNpy } from '../../electron/core/backbones/npy';
import { packageRoot } from '../../electron/core/version';
import { tempDir } from '../training/helpers/fixture';
import { manualRun, perturbedLastStage, torchSkipReason } from './helpers/exported';
import { pilUnavailable } from '../helpers/pil';
import type { PlanItem } from '../../electron/core/training/data/types';
import type { StudioApi } from '../../shared/api/client';
import { clientFor } from '../helpers/client';

// A safetensors export, loaded in PyTorch and fed the *files* through the transform its config.json names
// (PIL + torchvision only), must pick the class the studio picks on every one of 128 real test files.
const starter = join(packageRoot(), 'resources', 'backbones', 'starter-resnet');
const fmnist = join(packageRoot(), 'test', 'fixtures', 'fmnist', 'target', 'test');
const skip = torchSkipReason ?? pilUnavailable(['skimage']);
if (skip) console.warn(`export top-1 from files skipped: ${skip}`);

let core: Core;
let dir: string;

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core).call(method, params);

beforeAll(() => {
  dir = tempDir('studio-export-files-');
  core = openCore({ dataDir: dir, workers: { env: { STUDIO_BACKEND: 'wasm' } } });
});
afterAll(async () => core?.close());

describe.skipIf(skip !== null)('safetensors export: PyTorch on the files agrees with the studio (top-1)', () => {
  it('on 120 Fashion-MNIST PNGs and 8 skimage photos', async () => {
    const skdata = execFileSync('/usr/bin/python3', ['-c', 'import skimage; print(skimage.data_dir)'], { encoding: 'utf8' }).trim();
    const labels = readdirSync(fmnist).sort();
    const files = labels.flatMap((l) => readdirSync(join(fmnist, l)).sort().slice(0, 24).map((f) => join(fmnist, l, f)));
    files.push(...['astronaut.png', 'chelsea.png', 'coffee.png', 'camera.png', 'rocket.jpg', 'retina.jpg', 'logo.png', 'motorcycle_left.png'].map((f) => join(skdata, f)));
    const items: PlanItem[] = files.map((path, i) => ({ itemId: i, contentHash: `f${i}`, label: 0, subset: 'test', path }));
    const { id: backboneId } = await call('backbones.addLocal', { path: starter });
    // A finetune of the last stage: perturbed layer4 and a seeded head, as the trainer would save it.
    const { cut, tensors } = await perturbedLastStage(starter, labels.length);
    const { runId, appLogits } = await manualRun(core, { dir, backboneId, mode: 'finetune', config: { mode: 'tail', cut }, tensors, labels, items });

    const out = join(dir, 'st');
    await call('export.run', { runId, format: 'safetensors', outDir: out });
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { preprocessing: { torchvision: string; decode: unknown } };
    expect(cfg.preprocessing.decode).toEqual({ library: 'PIL', exif_transpose: true, convert: 'RGB', alpha: 'dropped' });
    expect(cfg.preprocessing.torchvision).toMatch(/Resize\(64, interpolation=InterpolationMode.BILINEAR\)/);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/convert\('RGB'\)/);

    writeFileSync(join(dir, 'files.json'), JSON.stringify(files));
    writeFileSync(join(dir, 'logits.npy'), encodeNpy({ shape: [files.length, labels.length], dtype: 'float32', data: Float32Array.from(appLogits.flat()) }));
    const rep = JSON.parse(
      execFileSync('/usr/bin/python3', [join('scripts', 'export', 'check_torch_load.py'), '--export', out, '--files', join(dir, 'files.json'), '--logits', join(dir, 'logits.npy'), '--json'], {
        encoding: 'utf8',
      }).trim(),
    ) as { files: number; top1_agree: number; disagree: string[]; max_abs_diff: number };
    console.info(`export from files: top-1 agrees on ${rep.top1_agree} of ${rep.files} files; max |Δlogit| ${rep.max_abs_diff.toExponential(2)}`);
    expect(rep.files).toBe(128);
    expect(rep.disagree).toEqual([]);
    expect(rep.max_abs_diff).toBeLessThan(1e-3);
  }, 240_000);
});
