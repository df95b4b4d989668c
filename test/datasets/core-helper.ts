import sharp from 'sharp';
import { afterEach } from 'vitest';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/api/contract';
import { openCore, type Core } from '../../electron/core/core';
import type { ImportSummary } from '../../shared/domain/dataset';
import { clientFor, StudioError, waitForEvent } from '../helpers/client';

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
  const api = clientFor(core);
  const call = async <M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => {
    try {
      return await api.call(method, params);
    } catch (err) {
      // The method in the message: a failing test says which call was refused.
      if (err instanceof StudioError) throw new Error(`${method}: ${err.code}: ${err.message}`);
      throw err;
    }
  };
  /** The job's datasets.import.finished event; a job that already finished is answered by its stored result. */
  const waitFor = async (jobId: string): Promise<ImportSummary> => {
    const stop = new AbortController();
    const finished = waitForEvent(api, 'datasets.import.finished', (s) => s.jobId === jobId, stop.signal);
    finished.catch(() => {}); // aborted below when the stored result already answers
    const now = await call('datasets.import.result', { jobId });
    if (now.status === 'running') return finished;
    stop.abort();
    return now;
  };
  return {
    core,
    call,
    async fail(method, params) {
      try {
        await api.call(method, params);
      } catch (err) {
        if (err instanceof StudioError) return err.toBody();
        throw err;
      }
      throw new Error(`${method} succeeded but was expected to fail`);
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
