import { DataType } from '../proto';
import type { WeightArray } from '../weights';
import type { Tape } from './tape';

/** A 4-D value (NCHW, batch dynamic) with its static channels and spatial size. */
export interface Map4 {
  v: string;
  c: number;
  h: number;
  w: number;
}

/** A trainable parameter: a graph input fed each step, its gradient a graph output. */
export interface Param {
  name: string;
  input: string;
  dims: number[];
}

/**
 * The forward ops a ResNet tail uses, each with its backward recorded on the tape:
 *   Conv (no bias):  dW = Conv(xᵀ, dyᵀ, dilation = stride) cropped, transposed back; dx = ConvTranspose(dy, W)
 *   BatchNormalization on running statistics (as tfjs fine-tunes): dγ = Σ dy·x̂, dβ = Σ dy, dx = dy·γ·r
 *   Relu: dx = dy·[y > 0];  Add: dy to both;  GlobalAveragePool: dx = dy / (H·W) broadcast.
 */
export class TailOps {
  constructor(
    readonly t: Tape,
    readonly params: Param[],
  ) {}

  private get g() {
    return this.t.g;
  }

  param(name: string, dims: number[]): string {
    const input = this.g.input(name, DataType.FLOAT, dims);
    this.params.push({ name, input, dims });
    this.t.track(input);
    return input;
  }

  conv(x: Map4, wName: string, w: WeightArray, stride: number): Map4 {
    const g = this.g;
    const [co, ci, kh, kw] = w.dims as [number, number, number, number];
    const pad = (kh - 1) / 2;
    const W = this.param(wName, w.dims);
    const y = g.op('Conv', [x.v, W], { kernel_shape: [kh, kw], strides: [stride, stride], pads: [pad, pad, pad, pad] }, wName.replace(/\.weight$/, ''));
    const oh = Math.floor((x.h + 2 * pad - kh) / stride) + 1;
    const ow = Math.floor((x.w + 2 * pad - kw) / stride) + 1;
    this.t.record(y, [x.v, W], (dy) => {
      this.t.accumulate(W, kh === 1 && kw === 1 && pad === 0 ? this.pointwiseFilterGrad(x, dy, co, ci, stride, wName) : this.filterGradByConv(x, dy, kh, kw, pad, stride, oh, ow, wName));
      if (this.t.requiresGrad(x.v)) {
        const opH = x.h - ((oh - 1) * stride + kh - 2 * pad);
        const opW = x.w - ((ow - 1) * stride + kw - 2 * pad);
        this.t.accumulate(x.v, g.op('ConvTranspose', [dy, W], { strides: [stride, stride], pads: [pad, pad, pad, pad], output_padding: [opH, opW], kernel_shape: [kh, kw] }));
      }
    });
    if (ci !== x.c) throw new Error(`${wName}: takes ${ci} channels, got ${x.c}`);
    return { v: y, c: co, h: oh, w: ow };
  }

  /** Filter gradient as a convolution: input channels become the batch, the batch becomes channels. */
  private filterGradByConv(x: Map4, dy: string, kh: number, kw: number, pad: number, stride: number, oh: number, ow: number, wName: string): string {
    const g = this.g;
    const xt = g.op('Transpose', [x.v], { perm: [1, 0, 2, 3] });
    const dyt = g.op('Transpose', [dy], { perm: [1, 0, 2, 3] });
    let dw = g.op('Conv', [xt, dyt], { strides: [1, 1], pads: [pad, pad, pad, pad], dilations: [stride, stride] }); // [Ci, Co, kh', kw']
    const fullH = x.h + 2 * pad - (oh - 1) * stride;
    const fullW = x.w + 2 * pad - (ow - 1) * stride;
    if (fullH !== kh || fullW !== kw) dw = g.op('Slice', [dw, g.int64('s0', [0, 0]), g.int64('s1', [kh, kw]), g.int64('sax', [2, 3])]);
    return g.op('Transpose', [dw], { perm: [1, 0, 2, 3] }, `d.${wName}`);
  }

  /**
   * A 1×1 convolution's filter gradient is one matrix product over every (item, position):
   * dW[co, ci] = Σ dy[b, co, p] · x[b, ci, p] (x subsampled by the stride first). ORT ran the convolution
   * form with a 7×7 dilated 'kernel' several times slower than this GEMM.
   */
  private pointwiseFilterGrad(x: Map4, dy: string, co: number, ci: number, stride: number, wName: string): string {
    const g = this.g;
    const xs = stride === 1 ? x.v : g.op('Slice', [x.v, g.int64('p0', [0, 0]), g.int64('p1', [x.h, x.w]), g.int64('pax', [2, 3]), g.int64('pst', [stride, stride])]);
    const dyRows = g.op('Reshape', [g.op('Transpose', [dy], { perm: [1, 0, 2, 3] }), g.int64('co_rows', [co, -1])]); // [Co, B·P]
    const xCols = g.op('Reshape', [g.op('Transpose', [xs], { perm: [0, 2, 3, 1] }), g.int64('ci_cols', [-1, ci])]); // [B·P, Ci]
    return g.op('Reshape', [g.matmul(dyRows, xCols), g.int64('w11', [co, ci, 1, 1])], {}, `d.${wName}`);
  }

  batchNorm(x: Map4, prefix: string, get: (n: string) => WeightArray, eps: number): Map4 {
    const g = this.g;
    const c = x.c;
    const mean = get('running_mean');
    const variance = get('running_var');
    const gamma = this.param(`${prefix}.weight`, [c]);
    const beta = this.param(`${prefix}.bias`, [c]);
    const y = g.op('BatchNormalization', [x.v, gamma, beta, g.weight(`${prefix}.running_mean`, mean.data, [c]), g.weight(`${prefix}.running_var`, variance.data, [c])], { epsilon: { float: eps } }, prefix);
    this.t.record(y, [x.v, gamma, beta], (dy) => {
      const r = Float32Array.from(variance.data, (v) => 1 / Math.sqrt(v + eps));
      const rC = g.weight(`${prefix}.rstd`, r, [1, c, 1, 1]);
      const axes = g.int64('nhw', [0, 2, 3]);
      const xhat = g.mul(g.op('Sub', [x.v, g.weight(`${prefix}.mean4`, mean.data, [1, c, 1, 1])]), rC);
      this.t.accumulate(gamma, g.op('ReduceSum', [g.mul(dy, xhat), axes], { keepdims: 0 }, `d.${prefix}.weight`));
      this.t.accumulate(beta, g.op('ReduceSum', [dy, axes], { keepdims: 0 }, `d.${prefix}.bias`));
      if (this.t.requiresGrad(x.v)) this.t.accumulate(x.v, g.mul(dy, g.mul(g.op('Reshape', [gamma, g.int64('c4', [1, c, 1, 1])]), rC)));
    });
    return { ...x, v: y };
  }

  relu(x: Map4): Map4 {
    const g = this.g;
    const y = g.op('Relu', [x.v]);
    this.t.record(y, [x.v], (dy) => {
      // Where rather than Mul by a cast mask: one pass instead of three over the activation.
      this.t.accumulate(x.v, g.op('Where', [g.op('Greater', [y, g.scalar('zero', 0)]), dy, g.scalar('zero', 0)]));
    });
    return { ...x, v: y };
  }

  add(a: Map4, b: Map4): Map4 {
    const y = this.g.add(a.v, b.v);
    this.t.record(y, [a.v, b.v], (dy) => {
      this.t.accumulate(a.v, dy);
      this.t.accumulate(b.v, dy);
    });
    return { ...a, v: y };
  }

  /** [B, C, H, W] → [B, C], the features. */
  globalAveragePool(x: Map4): string {
    const g = this.g;
    const y = g.op('Flatten', [g.op('GlobalAveragePool', [x.v])], { axis: 1 }, 'features');
    this.t.record(y, [x.v], (dy) => {
      const scaled = g.mul(g.op('Reshape', [dy, g.int64('bc11', [-1, x.c, 1, 1])]), g.scalar('inv_hw', 1 / (x.h * x.w)));
      this.t.accumulate(x.v, g.op('Expand', [scaled, g.op('Shape', [x.v])]));
    });
    return y;
  }

  /** x [B, in] · W [in, out] + b: the studio's head layout. */
  linear(x: string, wName: string, bName: string, inDim: number, outDim: number): string {
    const g = this.g;
    const W = this.param(wName, [inDim, outDim]);
    const b = this.param(bName, [outDim]);
    const y = g.add(g.matmul(x, W), b, 'logits');
    this.t.record(y, [x, W, b], (dy) => {
      this.t.accumulate(W, g.matmul(g.op('Transpose', [x], { perm: [1, 0] }), dy, `d.${wName}`));
      this.t.accumulate(b, g.op('ReduceSum', [dy, g.int64('ax0', [0])], { keepdims: 0 }, `d.${bName}`));
      if (this.t.requiresGrad(x)) this.t.accumulate(x, g.matmul(dy, g.op('Transpose', [W], { perm: [1, 0] })));
    });
    return y;
  }
}
