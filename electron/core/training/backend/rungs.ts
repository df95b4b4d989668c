import * as tf from '../../tf/tf';
import type { Rung } from './ladder';
import { registerTrainingGradients } from './gradients/batch-norm';
import { registerWasmTrainingKernels } from './wasm-kernels/register';

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend "${name}" failed to initialise`);
  // Gradients are backend-independent: the leaner BatchNorm one serves whichever rung is chosen.
  registerTrainingGradients();
  await tf.ready();
}

/** Throws unless tfjs-node-gpu's backend reports a GPU device (NodeJSKernelBackend.isUsingGpuDevice). */
export function assertGpu(backend: { isUsingGpuDevice?: boolean }): void {
  if (backend.isUsingGpuDevice !== true) {
    throw new Error('tfjs-node-gpu loaded but TensorFlow sees no GPU (no CUDA device, or the CUDA/cuDNN libraries it needs are missing): running on the CPU instead');
  }
}

/**
 * The real rungs. Package names are held in variables so bundlers leave the optional
 * native packages as run-time imports (they are not installed everywhere).
 */
export function defaultRungs(): Rung[] {
  const nodeGpu = '@tensorflow/tfjs-node-gpu';
  const node = '@tensorflow/tfjs-node';
  return [
    {
      name: 'node-gpu',
      async load() {
        await import(/* @vite-ignore */ nodeGpu);
        await activate('tensorflow');
        // The package imports (and runs on the CPU) without CUDA/cuDNN or a device: the rung counts only
        // when TensorFlow really placed itself on a GPU.
        assertGpu(tf.backend() as { isUsingGpuDevice?: boolean });
      },
    },
    {
      name: 'node',
      async load() {
        // tfjs-node-gpu, imported by the rung above but without a GPU, already registered the same
        // native TensorFlow (on the CPU): use it rather than load a second libtensorflow.
        if (!tf.findBackend('tensorflow')) await import(/* @vite-ignore */ node);
        await activate('tensorflow');
      },
    },
    {
      name: 'wasm',
      async load() {
        await import('@tensorflow/tfjs-backend-wasm');
        registerWasmTrainingKernels();
        await activate('wasm');
      },
    },
    {
      name: 'cpu',
      async load() {
        await activate('cpu');
      },
    },
  ];
}
