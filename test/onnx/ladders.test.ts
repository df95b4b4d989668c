import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSession, epLadder } from '../../electron/core/onnx/session';
import { assertGpu } from '../../electron/core/training/backend/rungs';
import { GraphBuilder } from '../../electron/core/onnx/graph';
import { DataType } from '../../electron/core/onnx/proto';

/** y = x + 1, the smallest model a provider can be tried on. */
function tinyModel(): Uint8Array {
  const g = new GraphBuilder('tiny');
  const x = g.input('x', DataType.FLOAT, ['n']);
  g.output(g.add(x, g.scalar('one', 1)), 'y', DataType.FLOAT, ['n']);
  return g.toModel({ producerVersion: 'test' });
}

describe('both ladders say what really runs', () => {
  it('tfjs-node-gpu counts only when TensorFlow reports a GPU device', () => {
    expect(() => assertGpu({ isUsingGpuDevice: true })).not.toThrow();
    expect(() => assertGpu({ isUsingGpuDevice: false })).toThrow(/TensorFlow sees no GPU/);
    expect(() => assertGpu({})).toThrow(/TensorFlow sees no GPU/);
  });

  it('ORT: CUDA first on Linux; here it falls to the CPU with the reason for each rung above', async () => {
    if (process.platform === 'linux') expect(epLadder()).toEqual(['cuda', 'webgpu', 'cpu']);
    const { session, choice } = await createSession(tinyModel());
    expect(choice.ep).toBe('cpu');
    const cuda = choice.attempts.find((a) => a.ep === 'cuda');
    expect(cuda?.reason).toMatch(/libonnxruntime_providers_cuda\.so not installed|not in this onnxruntime-node build|CUDA|cuda/);
    expect(choice.label).toContain('cuda: ');
    await session.release();
  });

  it('ORT: a forced provider that cannot start is an error naming it, not a silent CPU fallback', async () => {
    process.env.STUDIO_ORT_EP = 'cuda';
    try {
      await expect(createSession(tinyModel())).rejects.toThrow(/ONNX Runtime could not start on any provider: cuda: /);
    } finally {
      delete process.env.STUDIO_ORT_EP;
    }
  });

  it('the README tells how to install the GPU providers that npm install leaves out', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toMatch(/--onnxruntime-node-install=cuda12/);
  });
});
