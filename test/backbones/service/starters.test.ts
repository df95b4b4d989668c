import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCore, type Core } from '../../../electron/core/core';
import { packageRoot } from '../../../electron/core/version';
import { tempDir } from '../../training/helpers/fixture';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  delete process.env.STUDIO_RESOURCES_DIR;
});

async function call(method: string, params: unknown) {
  const out = await core!.service.call(method, params, { transport: 'websocket' });
  return out;
}

describe('backbones.addStarters', () => {
  it('adds the shipped starter BERT and GPT-2 as text backbones, offline; a second call changes nothing', async () => {
    process.env.STUDIO_RESOURCES_DIR = join(packageRoot(), 'resources');
    core = openCore({ dataDir: tempDir('studio-starters-') });
    const first = await call('backbones.addStarters', { modality: 'text' });
    if (!first.ok) throw new Error(first.error.message);
    const added = (first.result as { backbones: Array<{ id: string; name: string; modality: string; family: string }> }).backbones;
    expect(added.map((b) => [b.name, b.modality, b.family])).toEqual([
      ['Starter BERT (man pages)', 'text', 'bert'],
      ['Starter GPT-2 (man pages)', 'text', 'gpt2'],
    ]);
    const again = await call('backbones.addStarters', { modality: 'text' });
    expect(again.ok && (again.result as { backbones: Array<{ id: string }> }).backbones.map((b) => b.id)).toEqual(added.map((b) => b.id));
    const list = await call('backbones.list', {});
    expect(list.ok && (list.result as { backbones: unknown[] }).backbones).toHaveLength(2);
  }, 60_000);

  it('says so when the build ships none', async () => {
    process.env.STUDIO_RESOURCES_DIR = join(tempDir('studio-nostarters-'), 'nothing');
    core = openCore({ dataDir: tempDir('studio-starters-') });
    const out = await call('backbones.addStarters', { modality: 'text' });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error.message).toMatch(/^This build has no text starter backbones \(.*\); add one from a folder or the hub\.$/);
  });
});
