import { describe, it, expect } from 'vitest';
import { climbLadder, cpuWarning, parseForcedBackend, type Rung, type RungName } from '../../electron/core/training/backend/ladder';

function rungs(failing: Partial<Record<RungName, string>>, loaded: RungName[] = []): Rung[] {
  return (['node-gpu', 'node', 'wasm', 'cpu'] as const).map((name) => ({
    name,
    async load() {
      if (failing[name]) throw new Error(`${failing[name]}\n    at require stack`);
      loaded.push(name);
    },
  }));
}

describe('backend ladder', () => {
  it('takes the highest rung that loads', async () => {
    const loaded: RungName[] = [];
    expect(await climbLadder(rungs({}, loaded))).toEqual({ name: 'node-gpu', skipped: [] });
    expect(loaded).toEqual(['node-gpu']);
  });

  it('records why each higher rung was skipped (first line of the error only)', async () => {
    const r = await climbLadder(rungs({ 'node-gpu': "Cannot find module '@tensorflow/tfjs-node-gpu'", node: 'libtensorflow.so: cannot open shared object file' }));
    expect(r.name).toBe('wasm');
    expect(r.skipped).toEqual([
      { name: 'node-gpu', reason: "Cannot find module '@tensorflow/tfjs-node-gpu'" },
      { name: 'node', reason: 'libtensorflow.so: cannot open shared object file' },
    ]);
    expect(r.warning).toBeUndefined();
  });

  it('warns when it falls all the way to cpu', async () => {
    const r = await climbLadder(rungs({ 'node-gpu': 'a', node: 'b', wasm: 'no WebAssembly' }));
    expect(r.name).toBe('cpu');
    expect(r.skipped.map((s) => s.name)).toEqual(['node-gpu', 'node', 'wasm']);
    expect(r.warning).toBe(cpuWarning);
  });

  it('STUDIO_BACKEND forces a rung and says so for the ones above it', async () => {
    const loaded: RungName[] = [];
    const r = await climbLadder(rungs({}, loaded), parseForcedBackend('cpu'));
    expect(r.name).toBe('cpu');
    expect(loaded).toEqual(['cpu']);
    expect(r.skipped.every((s) => s.reason.includes('STUDIO_BACKEND=cpu'))).toBe(true);
  });

  it('a forced rung that fails is an error, not a silent fallback', async () => {
    await expect(climbLadder(rungs({ node: 'no libtensorflow' }), 'node')).rejects.toThrow(/STUDIO_BACKEND=node could not be loaded: no libtensorflow/);
  });

  it('fails with every reason when nothing loads', async () => {
    await expect(climbLadder(rungs({ 'node-gpu': 'a', node: 'b', wasm: 'c', cpu: 'd' }))).rejects.toThrow(/node-gpu: a; node: b; wasm: c; cpu: d/);
  });

  it('parses STUDIO_BACKEND aliases and rejects unknown names', () => {
    expect(parseForcedBackend(undefined)).toBeUndefined();
    expect(parseForcedBackend('')).toBeUndefined();
    expect(parseForcedBackend('tfjs-node')).toBe('node');
    expect(parseForcedBackend('WASM')).toBe('wasm');
    expect(() => parseForcedBackend('metal')).toThrow(/not a backend/);
  });

  it('the real ladder lands on wasm here, having tried the native packages', async () => {
    const { defaultRungs } = await import('../../electron/core/training/backend/rungs');
    const r = await climbLadder(defaultRungs());
    expect(r.name).toBe('wasm');
    expect(r.skipped.map((s) => s.name)).toEqual(['node-gpu', 'node']);
    const tf = await import('../../electron/core/tf/tf');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
});
