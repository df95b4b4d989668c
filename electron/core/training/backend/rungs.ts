import * as tf from '@tensorflow/tfjs';
import type { Rung } from './ladder';
import { registerWasmTrainingKernels } from './wasm-kernels/register';

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend "${name}" failed to initialise`);
  await tf.ready();
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
      },
    },
    {
      name: 'node',
      async load() {
        await import(/* @vite-ignore */ node);
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
