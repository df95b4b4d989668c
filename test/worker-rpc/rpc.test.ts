import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { RpcClient, serveRpc, type MethodMap } from '../../electron/core/worker-rpc/rpc';
import { namesTypeScriptHook, nodeSpawner, workerEntry, type WorkerExit, type WorkerProcess } from '../../electron/core/worker-rpc/process';
import type { ParentChannel } from '../../electron/core/worker-rpc/port';
import { ModelHost } from '../../electron/core/predict/host';

const methods = {
  add: { params: z.object({ a: z.number(), b: z.number() }), result: z.object({ sum: z.number() }) },
  count: { params: z.object({ to: z.number().int() }), result: z.object({ done: z.boolean() }), progress: z.object({ at: z.number() }) },
  fail: { params: z.object({}), result: z.object({}) },
} satisfies MethodMap;

/** A worker served in this process: the client's messages go to serveRpc's channel and back, asynchronously as over IPC. */
function inMemoryWorker(handlers: Parameters<typeof serveRpc<typeof methods>>[2]): { spawn: () => WorkerProcess; toWorker: (m: unknown) => void } {
  let toParent: (m: unknown) => void = () => {};
  let toWorker: (m: unknown) => void = () => {};
  const channel: ParentChannel = {
    send: async (m) => queueMicrotask(() => toParent(structuredClone(m))),
    onMessage: (fn) => (toWorker = fn),
    exit: () => {},
  };
  serveRpc(methods, channel, handlers);
  const proc: WorkerProcess = {
    pid: 1,
    send: (m) => queueMicrotask(() => toWorker(structuredClone(m))),
    onMessage: (fn) => (toParent = fn),
    onExit: (_fn: (e: WorkerExit) => void) => {},
    kill: () => {},
  };
  return { spawn: () => proc, toWorker: (m) => toWorker(m) };
}

const handlers = {
  add: async (p: { a: number; b: number }) => ({ sum: p.a + p.b }),
  count: async (p: { to: number }, progress: (x: { at: number }) => void) => {
    for (let i = 1; i <= p.to; i++) progress({ at: i });
    return { done: true };
  },
  fail: async () => {
    throw Object.assign(new Error('no such dataset'), { code: 'not_found' });
  },
};

describe('worker RPC', () => {
  it('answers typed calls with results, relays progress in order, and passes typed errors through', async () => {
    const w = inMemoryWorker(handlers);
    const client = new RpcClient(methods, { name: 'the test worker', spawn: w.spawn });
    expect(await client.call('add', { a: 2, b: 3 })).toEqual({ sum: 5 });
    const seen: number[] = [];
    expect(await client.call('count', { to: 3 }, (p) => seen.push(p.at))).toEqual({ done: true });
    expect(seen).toEqual([1, 2, 3]);
    await expect(client.call('fail', {})).rejects.toMatchObject({ code: 'not_found', message: 'no such dataset' });
    client.close();
  });

  it('refuses a request whose params do not match the method, or a method it does not know, with the reason', async () => {
    const w = inMemoryWorker(handlers);
    const client = new RpcClient(methods, { name: 'the test worker', spawn: w.spawn });
    await expect(client.call('add', { a: 2, b: 'x' } as never)).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/^Bad add request: b: Expected number/) });
    await expect(client.call('nope' as never, {} as never)).rejects.toMatchObject({ code: 'invalid_params', message: "The worker has no method 'nope'." });
    client.close();
  });

  it('runs one request at a time in the worker, in the order sent', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = inMemoryWorker({
      ...handlers,
      add: async (p) => {
        order.push(`start ${p.a}`);
        if (p.a === 1) await gate;
        order.push(`end ${p.a}`);
        return { sum: p.a };
      },
    });
    const client = new RpcClient(methods, { name: 'the test worker', spawn: w.spawn });
    const first = client.call('add', { a: 1, b: 0 });
    const second = client.call('add', { a: 2, b: 0 });
    // The second is queued behind the first: it has not started while the first waits.
    await new Promise<void>((r) => setImmediate(r));
    expect(order).toEqual(['start 1']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    client.close();
  });

  it('a spawn that throws (a missing bundle) rejects the call with that reason', async () => {
    const client = new RpcClient(methods, {
      name: 'the test worker',
      spawn: () => {
        throw new Error('The model worker bundle is missing');
      },
    });
    await expect(client.call('add', { a: 1, b: 1 })).rejects.toThrow('The model worker bundle is missing');
  });
});

describe('worker entries', () => {
  it('from TypeScript source: the .ts entry through tsx', () => {
    const e = workerEntry('model', pathToFileURL('/repo/electron/core/worker-rpc/process.ts').href);
    expect(e.file).toBe('/repo/electron/core/predict/model-worker-entry.ts');
    expect(e.execArgv[0]).toBe('--import');
    expect(e.execArgv[1]).toMatch(/^file:.*tsx/);
    expect(workerEntry('training', pathToFileURL('/repo/electron/core/worker-rpc/process.ts').href).file).toBe('/repo/electron/core/training/worker-entry.ts');
  });

  it('from a bundle: the sibling bundle of the same extension (or one folder up, from a chunk), no tsx', () => {
    const out = mkdtempSync(join(tmpdir(), 'studio-entry-'));
    mkdirSync(join(out, 'node'));
    mkdirSync(join(out, 'main', 'chunks'), { recursive: true });
    writeFileSync(join(out, 'node', 'training-worker.mjs'), '');
    writeFileSync(join(out, 'main', 'model-worker.js'), '');
    expect(workerEntry('training', pathToFileURL(join(out, 'node', 'cli.mjs')).href)).toEqual({ file: join(out, 'node', 'training-worker.mjs'), execArgv: [] });
    expect(workerEntry('model', pathToFileURL(join(out, 'main', 'chunks', 'core-abc.js')).href)).toEqual({ file: join(out, 'main', 'model-worker.js'), execArgv: [] });
    expect(() => workerEntry('model', pathToFileURL(join(out, 'node', 'cli.mjs')).href)).toThrow(/model worker bundle is missing .*npm run build/);
    // Only a test's TypeScript backbone loader makes a bundled worker load tsx.
    expect(workerEntry('training', pathToFileURL(join(out, 'node', 'cli.mjs')).href, { typescriptHook: true }).execArgv[1]).toMatch(/^file:.*tsx/);
    expect(namesTypeScriptHook({ STUDIO_BACKBONE_LOADER: '/repo/test/training/helpers/tiny-backbones.ts' })).toBe(true);
    expect(namesTypeScriptHook({ STUDIO_BACKBONE_LOADER: '/opt/loader.mjs' })).toBe(false);
    expect(namesTypeScriptHook({})).toBe(false);
  });

  it('a real model process (forked from source) validates what it is sent and answers with the reason', async () => {
    const host = new ModelHost({ spawn: nodeSpawner, env: { STUDIO_BACKEND: 'cpu' } });
    try {
      const badSpec = { runId: 1, mode: 'probe', labels: ['only-one'], backbone: { id: 'b', dir: '/x', weightsHash: 'h' }, modelPath: '/x' };
      await expect(host.logits(badSpec as never, [], null)).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/^Bad logits request: spec\.labels: Array must contain at least 2/) });
    } finally {
      host.close();
    }
  }, 30_000);
});
