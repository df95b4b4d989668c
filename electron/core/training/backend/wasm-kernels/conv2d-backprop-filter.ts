import * as tf from '../../../tf/tf';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '../../../tf/tf';
import { borrow } from './borrow';

/**
 * tfjs 4.22's wasm backend has no Conv2DBackpropFilter, so any conv layer that trains fails there.
 * The filter gradient is itself a convolution:
 *   dW[kh,kw,ci,co] = sum_{b,oh,ow} xpad[b, oh*sh+kh, ow*sw+kw, ci] * dy[b,oh,ow,co]
 * Treating input channels as the batch and the batch as channels, it is a stride-1 conv of the
 * padded input with dy as the filter, dilated by the forward stride. wasm has that conv (XNNPACK).
 * (A 1×1 filter's gradient written as one matMul xᵀ·dy instead was 6× slower: wasm's BatchMatMul is not XNNPACK.)
 */
type Attrs = NamedAttrMap & {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
};

export function conv2dBackpropFilterViaConv(x4: tf.Tensor4D, dy4: tf.Tensor4D, attrs: Attrs): tf.Tensor4D {
  return tf.tidy(() => {
    const nchw = attrs.dataFormat === 'NCHW';
    const x = nchw ? tf.transpose(x4, [0, 2, 3, 1]) : x4;
    const dy = nchw ? tf.transpose(dy4, [0, 2, 3, 1]) : dy4;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow, inHeight: h, inWidth: w } = info;
    const { top, left } = info.padInfo;
    // Exactly the rows/columns the forward conv touched, so the output is kh x kw.
    const needH = kh + (oh - 1) * sh;
    const needW = kw + (ow - 1) * sw;
    const usedH = Math.min(h, needH - top);
    const usedW = Math.min(w, needW - left);
    let xp = x.slice([0, 0, 0, 0], [-1, usedH, usedW, -1]);
    xp = tf.pad(xp, [
      [0, 0],
      [top, needH - top - usedH],
      [left, needW - left - usedW],
      [0, 0],
    ]);
    const xT = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [Ci, H', W', B]
    const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [OH, OW, B, Co]
    const out = tf.conv2d(xT, f, 1, 'valid', 'NHWC', [sh, sw]); // [Ci, kh, kw, Co]
    return tf.transpose(out, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

const kernelFunc = (({ inputs, attrs }: { inputs: { x: TensorInfo; dy: TensorInfo }; attrs: Attrs }) => {
  const x = borrow(inputs.x) as tf.Tensor4D;
  const dy = borrow(inputs.dy) as tf.Tensor4D;
  try {
    // Returning a Tensor (not a bare TensorInfo) lets the engine adopt it as the op's output.
    return conv2dBackpropFilterViaConv(x, dy, attrs);
  } finally {
    x.dispose();
    dy.dispose();
  }
}) as unknown as KernelFunc;

export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc,
};
