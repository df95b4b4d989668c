import * as tf from '../../../tf/tf';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputWasmConfig, isStudioBackpropInput } from './conv2d-backprop-input';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

/**
 * Gradient kernels for wasm: the ones tfjs-backend-wasm 4.22 lacks and finetuning needs, and
 * Conv2DBackpropInput, whose shipped loop is replaced by an XNNPACK convolution (the shipped one stays
 * as its fallback). Idempotent; returns the kernels it registered.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const cfg of [conv2dBackpropFilterWasmConfig, unsortedSegmentSumWasmConfig]) {
    if (tf.getKernel(cfg.kernelName, 'wasm')) continue;
    tf.registerKernel(cfg);
    added.push(cfg.kernelName);
  }
  const shipped = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!shipped || !isStudioBackpropInput(shipped)) {
    const cfg = conv2dBackpropInputWasmConfig(shipped);
    if (shipped) tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel(cfg);
    added.push(cfg.kernelName);
  }
  return added;
}
