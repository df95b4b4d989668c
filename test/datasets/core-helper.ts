import sharp from 'sharp';
import { afterEach } from 'vitest';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/api/contract';
import { openCore, type Core } from '../../electron/core/core';
import type { ImportSummary } from '../../shared/domain/dataset';

export interface TestCore {
  core: Core;
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Calls a method expecting failure; returns the error code and message. */
  fail<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<{ code: string; message: string }>;
  importAndWait(path: string, name?: string): Promise<ImportSummary>;
  waitFor(jobId: string): Promise<ImportSummary>;
}

/** A core on a temp data dir, called through the same service (validation included) the transports use. */
export function testCore(dataDir: string): TestCore {
  const core = openCore({ dataDir });
  const call = async <M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => {
    const out = await core.service.call(method, params, { transport: 'websocket' });
    if (!out.ok) throw new Error(`${method}: ${out.error.code}: ${out.error.message}`);
    return out.result as ResultOf<M>;
  };
  const waitFor = async (jobId: string): Promise<ImportSummary> => {
    for (;;) {
      const r = await call('datasets.import.result', { jobId });
      if (r.status !== 'running') return r;
      await new Promise((res) => setTimeout(res, 20));
    }
  };
  return {
    core,
    call,
    async fail(method, params) {
      const out = await core.service.call(method, params, { transport: 'websocket' });
      if (out.ok) throw new Error(`${method} succeeded but was expected to fail`);
      return out.error;
    },
    waitFor,
    async importAndWait(path, name) {
      const { jobId } = await call('datasets.import.start', { path, ...(name ? { name } : {}) });
      return waitFor(jobId);
    },
  };
}

/** A fresh test core per call, each closed after its test (the datasets tests' shared setup). */
export function useTestCore(): (dataDir: string) => TestCore {
  const made: TestCore[] = [];
  afterEach(async () => {
    for (const t of made.splice(0)) await t.core.close();
  });
  return (dataDir) => {
    const t = testCore(dataDir);
    made.push(t);
    return t;
  };
}

/** A w×w PNG of one colour. */
export const solidPng = (w: number, color: string): Promise<Buffer> => sharp({ create: { width: w, height: w, channels: 3, background: color } }).png().toBuffer();
