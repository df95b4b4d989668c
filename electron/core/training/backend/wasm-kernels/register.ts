import * as tf from '../../../tf/tf';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

/** Gradient kernels tfjs-backend-wasm 4.22 lacks and finetuning needs. Idempotent; never replaces a kernel wasm ships. */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const cfg of [conv2dBackpropFilterWasmConfig, unsortedSegmentSumWasmConfig]) {
    if (tf.getKernel(cfg.kernelName, 'wasm')) continue;
    tf.registerKernel(cfg);
    added.push(cfg.kernelName);
  }
  return added;
}
