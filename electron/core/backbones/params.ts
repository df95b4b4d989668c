import * as tf from '../tf/tf';
import { basename } from 'node:path';
import { StudioError } from '../../../shared/api/errors';
import type { SafetensorsReader } from './safetensors';

/** How a PyTorch tensor is laid out in tfjs. */
export type Layout =
  /** conv [out, in, kh, kw] → [kh, kw, in, out] */
  | 'conv'
  /** linear [out, in] → [in, out] */
  | 'linear'
  | 'as-is';

export interface Param {
  /** Checkpoint name(s) and the export back to them (PyTorch layout; new tensors the caller owns). */
  exportAs(): [string, tf.Tensor][];
  /** Absent for integer buffers kept only for export. */
  variable?: tf.Variable;
}

const toTf: Record<Layout, number[] | null> = { conv: [2, 3, 1, 0], linear: [1, 0], 'as-is': null };
const toTorch: Record<Layout, number[] | null> = { conv: [3, 2, 0, 1], linear: [1, 0], 'as-is': null };

/**
 * Permutes a row-major array on the JS side. Layout changes happen here rather than with tf.transpose
 * because the wasm heap never shrinks: a transient second copy of a 400 MB weight there stays in RSS for good.
 */
export function permute(data: Float32Array, shape: readonly number[], perm: readonly number[]): { data: Float32Array; shape: number[] } {
  const outShape = perm.map((p) => shape[p]);
  if (shape.length === 2 && perm[0] === 1 && perm[1] === 0) return { data: transpose2d(data, shape[0], shape[1]), shape: outShape };
  if (shape.length === 4 && perm.join() === '2,3,1,0') {
    // [O, I, KH, KW] → [KH, KW, I, O]: a blocked 2D transpose to [I, K, O], then whole rows of O moved to [K, I, O].
    const [o, i, kh, kw] = shape;
    const k = kh * kw;
    const t = transpose2d(data, o, i * k);
    if (k === 1) return { data: t, shape: outShape };
    const out = new Float32Array(data.length);
    for (let ii = 0; ii < i; ii++) for (let kk = 0; kk < k; kk++) out.set(t.subarray((ii * k + kk) * o, (ii * k + kk + 1) * o), (kk * i + ii) * o);
    return { data: out, shape: outShape };
  }
  return permuteGeneric(data, shape, perm);
}

/** Any permutation of rank ≤ 4 (e.g. NCHW pixels → NHWC), by strided reads. */
function permuteGeneric(data: Float32Array, shape: readonly number[], perm: readonly number[]): { data: Float32Array; shape: number[] } {
  const rank = shape.length;
  if (rank > 4) throw new Error(`permute supports rank ≤ 4, got ${rank}`);
  const pad = 4 - rank;
  const shape4 = [...new Array<number>(pad).fill(1), ...shape];
  const perm4 = [...Array.from({ length: pad }, (_, i) => i), ...perm.map((p) => p + pad)];
  const strides = [shape4[1] * shape4[2] * shape4[3], shape4[2] * shape4[3], shape4[3], 1];
  const o4 = perm4.map((p) => shape4[p]);
  const s = perm4.map((p) => strides[p]);
  const out = new Float32Array(data.length);
  let o = 0;
  for (let a = 0; a < o4[0]; a++)
    for (let b = 0; b < o4[1]; b++)
      for (let c = 0; c < o4[2]; c++) {
        const base = a * s[0] + b * s[1] + c * s[2];
        for (let d = 0; d < o4[3]; d++) out[o++] = data[base + d * s[3]];
      }
  return { data: out, shape: perm.map((p) => shape[p]) };
}

/** [r, c] → [c, r] in 64×64 tiles, so neither side strides through memory a row at a time. */
function transpose2d(data: Float32Array, r: number, c: number): Float32Array {
  const out = new Float32Array(data.length);
  const B = 64;
  for (let i0 = 0; i0 < r; i0 += B) {
    const i1 = Math.min(i0 + B, r);
    for (let j0 = 0; j0 < c; j0 += B) {
      const j1 = Math.min(j0 + B, c);
      for (let i = i0; i < i1; i++) {
        const row = i * c;
        for (let j = j0; j < j1; j++) out[j * r + i] = data[row + j];
      }
    }
  }
  return out;
}

export function toTorchLayout(t: tf.Tensor, layout: Layout): tf.Tensor {
  const perm = toTorch[layout];
  return perm ? tf.transpose(t, perm) : tf.clone(t);
}

/**
 * Reads a checkpoint's tensors one at a time into tf.Variables, tracking which names were used so a
 * loader can refuse checkpoints with tensors it does not understand (a silently ignored tensor is a wrong model).
 */
export class CheckpointParams {
  readonly params: Param[] = [];
  private readonly used = new Set<string>();
  private readonly label: string;

  constructor(
    readonly reader: SafetensorsReader,
    /** Prepended to every name looked up (e.g. 'vit.' for ViTForImageClassification); a loader may change it between lookups. */
    public prefix = '',
  ) {
    this.label = basename(reader.path);
  }

  has(name: string): boolean {
    return this.reader.has(this.prefix + name);
  }

  shapeOf(name: string): number[] {
    return this.reader.entry(this.prefix + name).shape;
  }

  /**
   * Reads a float tensor, checking its checkpoint shape, optionally reshaped (a free view) and then put in
   * tfjs layout; the caller owns the result.
   */
  async tensor(name: string, expectShape?: readonly number[], layout: Layout = 'as-is', reshapeTo?: readonly number[]): Promise<tf.Tensor> {
    const full = this.prefix + name;
    if (!this.reader.has(full)) throw new StudioError('bad_input', `${this.label} is missing tensor '${full}'`);
    const shape = this.reader.entry(full).shape;
    if (expectShape && (shape.length !== expectShape.length || shape.some((d, i) => d !== expectShape[i]))) {
      throw new StudioError('bad_input', `${this.label}: tensor '${full}' has shape [${shape.join(', ')}], expected [${expectShape.join(', ')}]`);
    }
    const viewShape = reshapeTo ? [...reshapeTo] : shape;
    const { data, shape: outShape } = await this.readLaidOut(full, viewShape, layout);
    this.used.add(full);
    return tf.tensor(data, outShape, 'float32');
  }

  /**
   * Reads straight into the tfjs layout, chunk by chunk: the only full-size JS array is the result
   * (a 400 MB VGG fc1 weight is never held as file bytes + float32 + permuted copy at once).
   */
  private async readLaidOut(name: string, shape: readonly number[], layout: Layout): Promise<{ data: Float32Array; shape: number[] }> {
    const n = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(n);
    const perm = toTf[layout];
    if (!perm) {
      await this.reader.readFloat32Rows(name, (rows, r0) => out.set(rows, r0 * (n / Math.max(1, shape[0] ?? 1))));
      return { data: out, shape: [...shape] };
    }
    // linear [O, I] and conv [O, I, KH, KW] both become [.., O] with O innermost: element (o, i, k) of
    // the checkpoint goes to out[(k·I + i)·O + o] (K = 1 for linear).
    const o = shape[0];
    const i = shape[1];
    const k = shape.length === 4 ? shape[2] * shape[3] : 1;
    const row = i * k;
    await this.reader.readFloat32Rows(name, (rows, r0) => {
      const nr = rows.length / row;
      const TILE = 64;
      for (let t0 = 0; t0 < nr; t0 += TILE) {
        const t1 = Math.min(t0 + TILE, nr);
        for (let ii = 0; ii < i; ii++)
          for (let kk = 0; kk < k; kk++) {
            const dst = (kk * i + ii) * o + r0;
            const src = ii * k + kk;
            for (let r = t0; r < t1; r++) out[dst + r] = rows[r * row + src];
          }
      }
    });
    return { data: out, shape: perm.map((p) => shape[p]) };
  }

  /** A weight as a tf.Variable in tfjs layout, registered for export under its checkpoint name. */
  async variable(name: string, layout: Layout, expectShape?: readonly number[], trainable = true): Promise<tf.Variable> {
    const t = await this.tensor(name, expectShape, layout);
    const v = tf.variable(t, trainable);
    t.dispose();
    const full = this.prefix + name;
    this.params.push({ variable: v, exportAs: () => [[full, toTorchLayout(v, layout)]] });
    return v;
  }

  /** A variable assembled from several checkpoint tensors (e.g. fused q/k/v); `exportAs` splits it back. */
  adopt(v: tf.Variable, exportAs: () => [string, tf.Tensor][]): tf.Variable {
    const prefix = this.prefix;
    this.params.push({ variable: v, exportAs: () => exportAs().map(([n, t]) => [prefix + n, t]) });
    return v;
  }

  /**
   * Records an integer buffer (BatchNorm's I64 `num_batches_tracked`) as plain numbers: it plays no part in
   * the forward pass, but export writes it back so a strict PyTorch load finds every key.
   */
  async counter(name: string): Promise<void> {
    const full = this.prefix + name;
    if (!this.reader.has(full)) return;
    const t = await this.reader.read(full);
    this.used.add(full);
    const shape = t.shape;
    const values = Array.from(t.data);
    this.params.push({ exportAs: () => [[full, tf.tensor(values, shape, 'int32')]] });
  }

  /** Marks a name as understood but unused (e.g. BatchNorm counters, a pooler features do not need). */
  ignore(name: string): void {
    if (this.reader.has(this.prefix + name)) this.used.add(this.prefix + name);
  }

  unused(): string[] {
    return this.reader.names().filter((n) => !this.used.has(n));
  }

  /** Throws when the checkpoint holds tensors no loader step consumed (likely an unsupported variant). */
  assertAllUsed(what: string): void {
    const left = this.unused();
    if (left.length) {
      const shown = left.slice(0, 5).map((n) => `'${n}'`).join(', ');
      throw new StudioError(
        'bad_input',
        `${this.label} has ${left.length} tensor(s) a ${what} does not have (${shown}${left.length > 5 ? ', …' : ''}): probably a variant that is not supported`,
      );
    }
  }

  dispose(): void {
    for (const p of this.params) p.variable?.dispose();
  }
}
