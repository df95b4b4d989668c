import * as tf from '../../../tf/tf';
import type { KernelConfig, KernelFunc, TensorInfo } from '../../../tf/tf';
import { borrow } from './borrow';

/**
 * The gradient of gather (embedding lookups in BERT/GPT-2 when the embeddings train). A scatter-add
 * in plain JS: one pass over the data, far cheaper than the one-hot matmul alternative on a 30k vocabulary.
 */
const kernelFunc = (({ inputs, attrs }: { inputs: { x: TensorInfo; segmentIds: TensorInfo }; attrs: { numSegments: number } }) => {
  const x = borrow(inputs.x);
  const ids = borrow(inputs.segmentIds);
  try {
    const rows = x.shape[0] ?? 1;
    const inner = rows === 0 ? 0 : x.size / rows;
    const xv = x.dataSync() as Float32Array;
    const iv = ids.dataSync();
    const out = new Float32Array(attrs.numSegments * inner);
    for (let r = 0; r < rows; r++) {
      const s = iv[r]!;
      if (s < 0 || s >= attrs.numSegments) continue;
      const o = s * inner;
      const i0 = r * inner;
      for (let k = 0; k < inner; k++) out[o + k]! += xv[i0 + k]!;
    }
    return tf.tensor(out, [attrs.numSegments, ...x.shape.slice(1)], 'float32');
  } finally {
    x.dispose();
    ids.dispose();
  }
}) as unknown as KernelFunc;

export const unsortedSegmentSumWasmConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc,
};
