import * as tf from '../../../tf/tf';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '../../../tf/tf';
import { borrow } from './borrow';

/**
 * tfjs-backend-wasm 4.22 ships Conv2DBackpropInput as a plain loop (no XNNPACK): in a ResNet-50 layer4
 * fine-tune step it took 16 of the 22 s of the backward pass, 5× the forward convolutions of the same
 * shapes. The input gradient is itself a convolution, which wasm runs through XNNPACK:
 *   dx[b, i, j, ci] = sum_{kh,kw,co} dyDilated[b, i + kh - (KH-1-top), j + kw - (KW-1-left), co] * W[KH-1-kh, KW-1-kw, ci, co]
 * i.e. dy with (stride - 1) zeros between its rows and columns, correlated at stride 1 with the
 * filter flipped in space and its channel axes swapped.
 */
type Attrs = NamedAttrMap & {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
};

/** dy [B, OH, OW, C] with (s - 1) zero rows/columns between neighbours: [B, (OH-1)·sh+1, (OW-1)·sw+1, C]. */
function dilate(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [b, oh, ow, c] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [b, oh, 1, ow, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return tf.slice(tf.reshape(spread, [b, oh * sh, ow * sw, c]), [0, 0, 0, 0], [b, (oh - 1) * sh + 1, (ow - 1) * sw + 1, c]) as tf.Tensor4D;
}

/**
 * W [KH, KW, Ci, Co] → W' [KH, KW, Co, Ci] flipped in space, in plain JS: wasm's Reverse kernel took
 * 0.3 s on a 3×3×512×512 filter, more than the convolution it feeds.
 */
function flipFilter(filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  const src = filter.dataSync() as Float32Array;
  const out = new Float32Array(src.length);
  const block = ci * co;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = ((kh - 1 - i) * kw + (kw - 1 - j)) * block;
      const to = (i * kw + j) * block;
      // A blocked [Ci, Co] → [Co, Ci] transpose per tap keeps both sides cache-friendly.
      for (let c0 = 0; c0 < ci; c0 += 64) {
        for (let o0 = 0; o0 < co; o0 += 64) {
          for (let c = c0; c < Math.min(c0 + 64, ci); c++) {
            for (let o = o0; o < Math.min(o0 + 64, co); o++) out[to + o * ci + c] = src[from + c * co + o]!;
          }
        }
      }
    }
  }
  return tf.tensor4d(out, [kh, kw, co, ci]);
}

/** The padding that makes the stride-1 correlation land on the input's rows, or null when it would be negative. */
function paddingFor(info: tf.backend_util.Conv2DInfo): [[number, number], [number, number]] | null {
  const { filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w } = info;
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = h - ((oh - 1) * sh + 1) - top + kh - 1;
  const right = w - ((ow - 1) * sw + 1) - left + kw - 1;
  return Math.min(top, left, bottom, right) < 0 ? null : [
    [top, bottom],
    [left, right],
  ];
}

/** The input gradient by XNNPACK convolution; null where the layout needs negative padding (the caller falls back). */
export function conv2dBackpropInputViaConv(dy4: tf.Tensor4D, filter: tf.Tensor4D, attrs: Attrs): tf.Tensor4D | null {
  const nchw = attrs.dataFormat === 'NCHW';
  const inputShape = nchw ? ([attrs.inputShape[0], attrs.inputShape[2], attrs.inputShape[3], attrs.inputShape[1]] as [number, number, number, number]) : attrs.inputShape;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const pads = paddingFor(info);
  if (!pads) return null;
  return tf.tidy(() => {
    const dy = nchw ? (tf.transpose(dy4, [0, 2, 3, 1]) as tf.Tensor4D) : dy4;
    const flipped = flipFilter(filter);
    const dx = tf.conv2d(dilate(dy, info.strideHeight, info.strideWidth), flipped, 1, [[0, 0], pads[0], pads[1], [0, 0]]);
    return nchw ? (tf.transpose(dx, [0, 3, 1, 2]) as tf.Tensor4D) : dx;
  });
}

/** Replaces wasm's own kernel, keeping it (and its setup) for the layouts the convolution form does not cover. */
export function conv2dBackpropInputWasmConfig(shipped: KernelConfig | undefined): KernelConfig {
  const kernelFunc = function studioConv2DBackpropInput(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; attrs: Attrs; backend: unknown }) {
    const dy = borrow(args.inputs.dy) as tf.Tensor4D;
    const filter = borrow(args.inputs.filter) as tf.Tensor4D;
    try {
      const out = conv2dBackpropInputViaConv(dy, filter, args.attrs);
      if (out) return out;
      if (!shipped) throw new Error('Conv2DBackpropInput: this padding needs the wasm backend’s own kernel, which is not registered');
      return shipped.kernelFunc(args as unknown as Parameters<KernelFunc>[0]);
    } finally {
      dy.dispose();
      filter.dispose();
    }
  } as unknown as KernelFunc;
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc, setupFunc: shipped?.setupFunc, disposeFunc: shipped?.disposeFunc };
}

/** Whether a registered config is this replacement (so registering twice never wraps it in itself). */
export const isStudioBackpropInput = (cfg: KernelConfig): boolean => cfg.kernelFunc.name === 'studioConv2DBackpropInput';
