import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { studioMethods, type MethodName } from '../../shared/api/contract';
import { openCore, type Core } from '../../electron/core/core';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();
const meta = { transport: 'websocket' as const };

/** A value of the schema's shape that names nothing that exists (ids, paths, names), or undefined if none fits. */
function sample(schema: z.ZodTypeAny): unknown {
  const def = schema._def as { typeName: string } & Record<string, unknown>;
  switch (def.typeName) {
    case 'ZodObject': {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(shape)) {
        if (v.isOptional()) continue;
        out[k] = sample(v);
      }
      return out;
    }
    case 'ZodNumber':
      return 987654;
    case 'ZodString':
      return 'does-not-exist-987654';
    case 'ZodBoolean':
      return false;
    case 'ZodArray':
      return [sample(def.type as z.ZodTypeAny)];
    case 'ZodEnum':
      return (def.values as string[])[0];
    case 'ZodLiteral':
      return def.value;
    case 'ZodUnion':
      return sample((def.options as z.ZodTypeAny[])[0]!);
    case 'ZodEffects':
      return sample(def.schema as z.ZodTypeAny);
    case 'ZodDefault':
      return sample(def.innerType as z.ZodTypeAny);
    case 'ZodNullable':
      return null;
    case 'ZodRecord':
      return {};
    default:
      return undefined;
  }
}

// These start real work (a download, the demo's training, a connection to a Redis queue) even when
// every id is fresh; they are covered by their own tests (the sweep's in test/sweep).
const startsWork = new Set<MethodName>(['demo.start', 'backbones.install', 'sweep.coordinate', 'sweep.work']);
const skippedBySampler: string[] = [];

describe('every method of the contract at the core boundary', () => {
  let core: Core;
  beforeAll(() => {
    core = openCore({ dataDir: tmp() });
  });
  afterAll(async () => {
    await core.close();
    // Most methods must really be exercised, or this test proves little.
    expect(skippedBySampler.length, `sampler could not build: ${skippedBySampler.join(', ')}`).toBeLessThanOrEqual(5);
  });

  const names = Object.keys(studioMethods) as MethodName[];

  it.each(names)('%s: a payload that is not an object gets invalid_params', async (name) => {
    for (const bad of [42, 'text', [1, 2]]) {
      const out = await core.service.call(name, bad, meta);
      expect(out.ok, `${name} accepted ${JSON.stringify(bad)}`).toBe(false);
      if (!out.ok) expect(out.error.code).toBe('invalid_params');
    }
  });

  it.each(names.filter((n) => !startsWork.has(n)))('%s: well-formed params naming nothing that exists get a typed answer, never an internal error', async (name) => {
    const params = sample(studioMethods[name].params as z.ZodTypeAny);
    if (!studioMethods[name].params.safeParse(params).success) return void skippedBySampler.push(name); // constraints the sampler can't meet
    const out = await core.service.call(name, params, meta);
    if (!out.ok) expect(out.error.code, `${name}: ${out.error.message}`).not.toBe('internal');
    // And the core still answers afterwards.
    expect((await core.service.call('system.ping', { echo: 'ok' }, meta)).ok).toBe(true);
  });
});
