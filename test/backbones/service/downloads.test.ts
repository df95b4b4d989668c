import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { repoFolder } from '../../../electron/core/hub';
import type { BackboneDownload } from '../../../shared/domain/backbone';
import { FakeHub } from '../../hub/fake-hub';
import { useTmpDirs } from '../../helpers/tmp';
import { fixtureRepo, parityDir } from './fixture-repo';
import type { StudioApi } from '../../../shared/api/client';
import { clientFor } from '../../helpers/client';

const tmp = useTmpDirs();
// The catalog's ViT preset, served from the (tiny) timm-vit parity fixture, which is named after it.
const PRESET = 'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k';
let hub: FakeHub;
let core: Core;
let savedEndpoint: string | undefined;

/** The one typed client over this file's core (opened per test). */
const call: StudioApi['call'] = (method, params) => clientFor(core).call(method, params);

function collect(): { events: Array<{ event: string; payload: BackboneDownload }> } {
  const events: Array<{ event: string; payload: BackboneDownload }> = [];
  core.ctx.events.subscribe((event, payload) => {
    if (event.startsWith('backbones.')) events.push({ event, payload: payload as BackboneDownload });
  });
  return { events };
}

beforeEach(async () => {
  hub = await new FakeHub([
    fixtureRepo(PRESET, 'timm-vit'),
    fixtureRepo('acme/tiny-bert', 'hf-bert', { 'README.md': '---\nlicense: mit\n---\n# tiny bert\n' }),
  ]).start();
  savedEndpoint = process.env.HF_ENDPOINT;
  process.env.HF_ENDPOINT = hub.url;
  core = openCore({ dataDir: tmp() });
});

afterEach(async () => {
  await core.close();
  await hub.close();
  if (savedEndpoint === undefined) delete process.env.HF_ENDPOINT;
  else process.env.HF_ENDPOINT = savedEndpoint;
});

describe('backbones.install from the hub', () => {
  it('downloads a catalog preset in the background with progress, registers it, and the catalog shows it installed', async () => {
    const { events } = collect();
    const before = await call('backbones.catalog', {});
    expect(before.entries.map((e) => e.repo)).toContain(PRESET);
    expect(before.entries.find((e) => e.repo === PRESET)!.installedId).toBeNull();

    const started: BackboneDownload = await call('backbones.install', { repo: 'vit-base-timm' });
    expect(started).toMatchObject({ repo: PRESET, key: 'vit-base-timm', state: 'downloading' });
    const end = await core.ctx.services.backbones.downloads.wait(started.downloadId);
    expect(end).toMatchObject({ state: 'completed', backboneId: 'timm--vit_base_patch16_224.augreg2_in21k_ft_in1k', error: null });

    const progress = events.filter((e) => e.event === 'backbones.progress').map((e) => e.payload);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.some((p) => p.file === 'model.safetensors')).toBe(true);
    const last = progress.filter((p) => p.state === 'downloading').at(-1)!;
    expect(last.bytes).toBe(last.total);
    expect(events.map((e) => e.event)).toContain('backbones.changed');
    expect(events.at(-1)).toMatchObject({ event: 'backbones.finished', payload: { state: 'completed' } });

    const { backbones } = await call('backbones.list', {});
    expect(backbones).toHaveLength(1);
    expect(backbones[0]).toMatchObject({ family: 'vit', featureDim: 64, source: PRESET, licence: 'apache-2.0', name: 'Vision Transformer (ViT-B/16, ImageNet-tuned)' });
    const after = await call('backbones.catalog', {});
    expect(after.entries.find((e: { repo: string }) => e.repo === PRESET)).toMatchObject({ installedId: backbones[0].id, download: { state: 'completed' } });
  });

  it('takes any repo id; the licence comes from its model card; remove deletes the download', async () => {
    const started = await call('backbones.install', { repo: 'acme/tiny-bert' });
    const end = await core.ctx.services.backbones.downloads.wait(started.downloadId);
    expect(end.state).toBe('completed');
    const b = await call('backbones.get', { id: end.backboneId! });
    expect(b).toMatchObject({ id: 'acme--tiny-bert', family: 'bert', licence: 'mit', source: 'acme/tiny-bert' });
    const cache = repoFolder(join(core.ctx.dataDir, 'hub'), 'acme/tiny-bert');
    expect(existsSync(join(b.path, 'tokenizer.json'))).toBe(true);
    const removed = await call('backbones.remove', { id: b.id });
    expect(removed.removed).toBe(true);
    expect(removed.freedBytes).toBeGreaterThan(0);
    expect(existsSync(cache)).toBe(false);
    expect((await call('backbones.list', {})).backbones).toEqual([]);
    expect(await call('backbones.remove', { id: b.id })).toEqual({ removed: false, freedBytes: 0 });
  });

  it('cancel stops a running download; a missing repo fails with a clear error', async () => {
    hub.chunkDelayMs = 200;
    const started = await call('backbones.install', { repo: PRESET });
    // A second install of the same repo joins the running download.
    expect((await call('backbones.install', { repo: PRESET })).downloadId).toBe(started.downloadId);
    // Cancelled mid-transfer: once the first bytes have arrived.
    await new Promise<void>((resolve) => {
      const off = core.ctx.events.subscribe((e, p) => {
        if (e === 'backbones.progress' && (p as BackboneDownload).downloadId === started.downloadId && (p as BackboneDownload).bytes > 0) {
          off();
          resolve();
        }
      });
    });
    expect(await call('backbones.cancel', { downloadId: started.downloadId })).toEqual({ cancelled: true });
    const end = await core.ctx.services.backbones.downloads.wait(started.downloadId);
    expect(end.state).toBe('cancelled');
    expect(await call('backbones.cancel', { downloadId: started.downloadId })).toEqual({ cancelled: false });
    expect((await call('backbones.list', {})).backbones).toEqual([]);

    hub.chunkDelayMs = 0;
    const missing = await call('backbones.install', { repo: 'acme/nothing-here' });
    const failed = await core.ctx.services.backbones.downloads.wait(missing.downloadId);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/acme\/nothing-here/);
    const downloads = (await call('backbones.downloads', {})).downloads as BackboneDownload[];
    expect(downloads.map((d) => d.state)).toEqual(['failed', 'cancelled']);
    await expect(call('backbones.install', { repo: '../etc/passwd' })).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('addLocal validates and records a folder; a bad path is a bad_input error', async () => {
    const b = await call('backbones.addLocal', { path: parityDir('hf-gpt2') });
    expect(b).toMatchObject({ id: 'hf-gpt2', family: 'gpt2', source: 'local' });
    await expect(call('backbones.addLocal', { path: join(core.ctx.dataDir, 'missing') })).rejects.toMatchObject({ code: 'bad_input' });
    // A local folder is the user's: removing the backbone leaves it alone.
    await call('backbones.remove', { id: 'hf-gpt2' });
    expect(existsSync(parityDir('hf-gpt2'))).toBe(true);
  });
});
