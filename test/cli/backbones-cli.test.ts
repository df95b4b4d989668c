import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../electron/core/backbones/npy';
import { npyRows, readNpy } from '../helpers/npy';
import { useTmpDirs } from '../helpers/tmp';
import { FakeHub } from '../hub/fake-hub';
import { fixtureRepo, parityDir } from '../backbones/service/fixture-repo';

const tmp = useTmpDirs();

/** Async, so the fake hub in this process can answer the CLI while it runs. */
function studio(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/studio.mjs', ...args], { env: { ...process.env, STUDIO_BACKEND: 'wasm', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('studio backbones / embed / tokenize', () => {
  it('adds a local folder, lists it, and embed --pixels (NCHW) gives PyTorch\'s features to 1e-4', async () => {
    const data = tmp();
    const add = await studio(['--data-dir', data, 'backbones', 'add', parityDir('timm-vit'), '--json']);
    expect(add.stderr).toBe('');
    expect(JSON.parse(add.stdout)).toEqual({ backboneId: 'timm-vit', family: 'vit', features: 64 });
    const list = await studio(['--data-dir', data, 'backbones', 'list', '--json']);
    expect(JSON.parse(list.stdout).backbones).toMatchObject([{ id: 'timm-vit', family: 'vit', featureDim: 64, source: 'local' }]);

    const out = join(tmp(), 'f.npy');
    const r = await studio(['--data-dir', data, 'embed', '--backbone', 'timm-vit', '--pixels', join(parityDir('timm-vit'), 'input.npy'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/embed .* 2\/2 100%/);
    const got = readNpy(out);
    expect(got.dtype).toBe('float32');
    expect(got.shape).toEqual([2, 64]);
    expect(maxAbsDiff(got.data, readNpy(join(parityDir('timm-vit'), 'features.npy')).data)).toBeLessThanOrEqual(1e-4);
  });

  it('tokenize on hf-bert gives the ids, mask and type ids the HF tokenizer gave; embed --texts gives its pooler output', async () => {
    const data = tmp();
    const dir = parityDir('hf-bert');
    const texts = join(dir, 'texts.json'); // an object with a "texts" array
    const t = await studio(['--data-dir', data, 'tokenize', '--backbone', dir, '--texts', texts, '--max-length', '32', '--json']);
    expect(t.code, t.stderr).toBe(0);
    const got = JSON.parse(t.stdout);
    expect(got.input_ids).toEqual(npyRows(readNpy(join(dir, 'input_ids.npy'))));
    expect(got.attention_mask).toEqual(npyRows(readNpy(join(dir, 'attention_mask.npy'))));
    expect(got.token_type_ids).toEqual(npyRows(readNpy(join(dir, 'token_type_ids.npy'))));

    const out = join(tmp(), 'b.npy');
    const e = await studio(['--data-dir', data, 'embed', '--backbone', dir, '--texts', texts, '--max-length', '32', '--out', out]);
    expect(e.code, e.stderr).toBe(0);
    expect(maxAbsDiff(readNpy(out).data, readNpy(join(dir, 'pooler.npy')).data)).toBeLessThanOrEqual(1e-4);
  });

  it('bad input gets a one-line reason and a non-zero exit', async () => {
    const data = tmp();
    const t = tmp();
    const vit = parityDir('timm-vit');
    const ints = join(t, 'ints.npy');
    writeFileSync(ints, encodeNpy({ shape: [1, 3, 2, 2], dtype: 'int32', data: new Int32Array(12) }));
    const notJson = join(t, 'texts.json');
    writeFileSync(notJson, 'one text per line\nis not JSON\n');
    // Each case spawns the CLI; the rest of the bad inputs are covered in-process (test/backbones/service/embed.test.ts).
    const cases: Array<[string[], RegExp]> = [
      [['embed', '--backbone', vit, '--pixels', join(t, 'missing.npy'), '--out', join(t, 'o.npy')], /missing\.npy: ENOENT/],
      [['embed', '--backbone', vit, '--pixels', ints, '--out', join(t, 'o.npy')], /pixels must be float32, got int32/],
      [['tokenize', '--backbone', parityDir('hf-bert'), '--texts', notJson, '--json'], /is not JSON/],
      [['backbones', 'add', t, '--json'], /config\.json and model\.safetensors missing/],
    ];
    const results = await Promise.all(cases.map(([args]) => studio(['--data-dir', data, ...args])));
    results.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(' ')).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(cases[i]![1]);
    });
  });

  describe('from a hub', () => {
    let hub: FakeHub;
    beforeAll(async () => {
      hub = await new FakeHub([fixtureRepo('acme/tiny-gpt2', 'hf-gpt2', { 'README.md': '---\nlicense: mit\n---\n' })]).start();
    });
    afterAll(() => hub.close());

    it('backbones add HUB_REPO_ID downloads (progress on stderr) and registers it; a missing repo fails clearly', async () => {
      const data = tmp();
      const r = await studio(['--data-dir', data, 'backbones', 'add', 'acme/tiny-gpt2', '--json'], { HF_ENDPOINT: hub.url });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ backboneId: 'acme--tiny-gpt2', family: 'gpt2', features: 64 });
      expect(r.stderr).toMatch(/Downloading acme\/tiny-gpt2/);
      const list = JSON.parse((await studio(['--data-dir', data, 'backbones', 'list', '--json'])).stdout);
      expect(list.backbones[0]).toMatchObject({ id: 'acme--tiny-gpt2', source: 'acme/tiny-gpt2', licence: 'mit' });

      const missing = await studio(['--data-dir', data, 'backbones', 'add', 'acme/absent'], { HF_ENDPOINT: hub.url });
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toMatch(/Download of acme\/absent failed: .*acme\/absent/);
    });
  });
});
