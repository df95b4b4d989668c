import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ZodTypeAny } from 'zod';
import WebSocket from 'ws';
import { studioMethods } from '../../shared/api/contract';
import { openCore, type Core } from '../../electron/core/core';
import { startBrowserServer, type BrowserServer, type ServeOptions } from '../../electron/core/server/http-server';
import { pathParams } from '../../electron/core/server/path-params';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

/** String parameters that are names, ids, text or bytes, never a file or folder on the core's machine. */
const notPaths = new Set([
  'system.ping echo',
  'datasets.rename name',
  'datasets.import.start name',
  'datasets.import.cancel jobId',
  'datasets.import.result jobId',
  'datasets.upload.begin name',
  // Relative names the browser gives its files; uploads.ts stores bytes under its own session folder.
  'datasets.upload.begin files[].path',
  'datasets.upload.chunk uploadId',
  'datasets.upload.chunk data',
  'datasets.upload.end uploadId',
  'datasets.upload.end failed[].reason',
  'datasets.upload.abort uploadId',
  'datasets.items.list filter.search',
  'datasets.items.ids filter.search',
  'datasets.classes.add name',
  'datasets.classes.rename name',
  'backbones.get id',
  // Hub repo ids and revisions are validated by the hub client (hub/endpoint.ts) before any path is built.
  'backbones.install repo',
  'backbones.install revision',
  'backbones.cancel downloadId',
  'backbones.addLocal name',
  'backbones.remove id',
  'training.start backboneId',
  'training.startMany backboneIds[]',
  // A sweep names backbones by id, a queue by its redis:// URL, and workers by name; none is a file.
  'sweep.create backboneIds[]',
  'sweep.create queue',
  'sweep.coordinate queue',
  'sweep.coordinate token',
  'sweep.coordinate host',
  'sweep.coordinate advertiseHost',
  'sweep.work queue',
  'sweep.work token',
  'sweep.work name',
  'evaluation.items trueLabel',
  'evaluation.items predictedLabel',
  'predict.upload images[].name',
  'predict.upload images[].data',
  'predict.upload texts[]',
  'assist.suggest backboneId',
  'assist.suspects backboneId',
  'features.embed backboneId',
  'features.embed progressId',
  'features.tokenize backboneId',
  'features.tokenize texts[]',
  'explain.attention backboneId',
  'explain.attention texts[]',
  'explain.attention progressId',
  // Dropped images' names and bytes: explain/service.ts stages them under the data dir's tmp.
  'explain.run images[].name',
  'explain.run images[].data',
  'explain.run texts[]',
  'explain.run label',
  'explain.run progressId',
]);

/** Every string leaf of a params schema, as "key", "key[]" or "a.b". */
function stringParams(schema: ZodTypeAny, at = ''): string[] {
  const def = schema._def as { typeName: string; [k: string]: unknown };
  const sub = (s: unknown, p: string) => stringParams(s as ZodTypeAny, p);
  switch (def.typeName) {
    case 'ZodString':
      return [at];
    case 'ZodObject':
      return Object.entries((schema as unknown as { shape: Record<string, ZodTypeAny> }).shape).flatMap(([k, v]) => sub(v, at ? `${at}.${k}` : k));
    case 'ZodArray':
      return sub(def.type, `${at}[]`);
    case 'ZodRecord':
      return sub(def.valueType, `${at}{}`);
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion':
      return (def.options as ZodTypeAny[]).flatMap((o) => sub(o, at));
    case 'ZodPipeline':
      return sub(def.in, at);
    default:
      return def.innerType ? sub(def.innerType, at) : def.schema ? sub(def.schema, at) : [];
  }
}

describe('the list of path parameters', () => {
  it('classifies every string parameter of the contract as a path (read/write) or not a path', () => {
    const unclassified: string[] = [];
    for (const [name, def] of Object.entries(studioMethods)) {
      const listed = pathParams[name as keyof typeof studioMethods] ?? {};
      for (const p of stringParams(def.params as ZodTypeAny)) {
        const key = p.replace(/\[\]$/, '');
        if (!(key in listed) && !notPaths.has(`${name} ${p}`)) unclassified.push(`${name} ${p}`);
      }
    }
    expect(unclassified, 'add each to pathParams (electron/core/server/path-params.ts) or to notPaths here').toEqual([]);
  });
});

const open: Array<{ core: Core; server: BrowserServer; ws: WebSocket }> = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    s.ws.close();
    await s.server.close();
    await s.core.close();
  }
});

async function api(opts: Partial<ServeOptions> = {}) {
  const dir = tmp();
  mkdirSync(join(dir, 'renderer'));
  const core = openCore({ dataDir: join(dir, 'data') });
  const server = await startBrowserServer(core, { rendererDir: join(dir, 'renderer'), ...opts });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
  await new Promise((r) => ws.once('open', r));
  open.push({ core, server, ws });
  let next = 1;
  const call = (method: string, params: unknown) =>
    new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) => {
      const id = next++;
      const onMessage = (d: WebSocket.RawData) => {
        const f = JSON.parse(d.toString()) as { type: string; id: number; ok: boolean; error?: { code: string; message: string } };
        if (f.type === 'response' && f.id === id) {
          ws.off('message', onMessage);
          resolve(f);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  return { dir, dataDir: join(dir, 'data'), call };
}

describe('browser mode confines the paths the API touches', () => {
  it('export.run and predict.folder may not write outside the export folders (even on loopback)', async () => {
    const a = await api();
    const outside = tmp();
    const out = await a.call('export.run', { runId: 1, format: 'tfjs', outDir: join(outside, 'model') });
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/outside the folders this server may write to/) } });
    const db = await a.call('predict.folder', { runId: 1, path: outside, out: join(a.dataDir, 'studio.db') });
    expect(db).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/studio\.db is outside/) } });
    // Inside <data>/exports the request reaches the handler (which then finds no run #1).
    const inside = await a.call('export.run', { runId: 1, format: 'tfjs', outDir: join(a.dataDir, 'exports', 'm') });
    expect(inside).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a folder given with --export-dir may be written', async () => {
    const chosen = tmp();
    const a = await api({ exportDirs: [chosen] });
    expect(await a.call('export.run', { runId: 1, format: 'tfjs', outDir: join(chosen, 'm') })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('on loopback reads go where the user points; served remotely they are confined', async () => {
    const elsewhere = tmp();
    const local = await api();
    expect(await local.call('datasets.import.start', { path: join(elsewhere, 'nothing-here') })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const remote = await api({ host: '0.0.0.0' });
    for (const [method, params] of [
      ['datasets.import.start', { path: '/etc' }],
      ['evaluation.path', { runId: 1, path: '/etc' }],
      ['predict.folder', { runId: 1, path: '/etc' }],
      ['predict.files', { runId: 1, files: [join(remote.dataDir, 'studio.db'), '/etc/hostname'] }],
      ['backbones.addLocal', { path: '/etc' }],
    ] as const) {
      const r = await remote.call(method, params);
      expect(r, method).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/outside the folders this server may read/) } });
    }
  });

  it('confined reads check every path a CSV lists, not only the CSV', async () => {
    const pictures = tmp();
    writeFileSync(join(pictures, 'a.png'), 'x');
    writeFileSync(join(pictures, 'good.csv'), 'path,label\na.png,cat\n');
    writeFileSync(join(pictures, 'bad.csv'), 'path,label\na.png,cat\n/etc/hostname,dog\n');
    const a = await api({ readDirs: [pictures] });
    const bad = await a.call('datasets.import.start', { path: join(pictures, 'bad.csv') });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/lists a file outside/) } });
    const good = await a.call('datasets.import.start', { path: join(pictures, 'good.csv') });
    expect(good.ok).toBe(true);
  });
});
