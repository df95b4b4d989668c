import type * as Ort from 'onnxruntime-node';
import { floatFeed } from '../run';
import { createSession, type OrtChoice } from '../session';
import type { Param } from './ops';

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay: number;
  /** Per parameter, by name: the learning rate's factor (the backbone learns slower than the head). */
  lrScale?: (name: string) => number;
}

export interface StepResult {
  loss: number;
  logits: Float32Array;
}

/**
 * Runs a training graph (forward + backward, see resnet-tail.ts) in ONNX Runtime and applies AdamW to
 * the parameters it holds, with the formulas of the tfjs engine's AdamW (engine/adamw.ts): decoupled decay
 * on rank ≥ 2 weights only, bias-corrected moments.
 */
export class OrtTailTrainer {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  step = 0;

  private constructor(
    private readonly session: Ort.InferenceSession,
    readonly params: Param[],
    readonly values: Float32Array[],
    private readonly opt: AdamWOptions,
    readonly choice: OrtChoice,
  ) {
    this.m = values.map((x) => new Float32Array(x.length));
    this.v = values.map((x) => new Float32Array(x.length));
  }

  /** `initial` gives each parameter's starting value by name (copied; PyTorch layout, head [featureDim, K]). */
  static async create(graph: { bytes: Uint8Array; params: Param[] }, initial: (name: string) => Float32Array, opt: AdamWOptions, threads?: number): Promise<OrtTailTrainer> {
    const values = graph.params.map((p) => {
      const v = initial(p.name);
      const n = p.dims.reduce((a, b) => a * b, 1);
      if (v.length !== n) throw new Error(`${p.name}: ${v.length} values for shape [${p.dims.join(', ')}]`);
      return Float32Array.from(v);
    });
    const { session, choice } = await createSession(graph.bytes, threads);
    return new OrtTailTrainer(session, graph.params, values, opt, choice);
  }

  private feeds(acts: Float32Array, actShape: number[], target: Float32Array, weight: Float32Array, extra: Record<string, { data: Float32Array; shape: number[] }>): Record<string, Ort.Tensor> {
    const b = actShape[0]!;
    const f: Record<string, Ort.Tensor> = {
      acts: floatFeed(acts, actShape),
      target: floatFeed(target, [b, target.length / b]),
      weight: floatFeed(weight, [b, 1]),
    };
    this.params.forEach((p, i) => (f[p.input] = floatFeed(this.values[i]!, p.dims)));
    for (const [name, t] of Object.entries(extra)) f[name] = floatFeed(t.data, t.shape);
    return f;
  }

  /** Loss, logits and every gradient at the current parameters; nothing changes. `extra`: further graph inputs (dropMask). */
  async gradients(acts: Float32Array, actShape: number[], target: Float32Array, weight: Float32Array, extra: Record<string, { data: Float32Array; shape: number[] }> = {}): Promise<StepResult & { grads: Float32Array[] }> {
    const out = await this.session.run(this.feeds(acts, actShape, target, weight, extra));
    try {
      return {
        loss: (out.loss!.data as Float32Array)[0]!,
        logits: Float32Array.from(out.logits!.data as Float32Array),
        grads: this.params.map((p) => Float32Array.from(out[`grad.${p.name}`]!.data as Float32Array)),
      };
    } finally {
      for (const t of Object.values(out)) t.dispose();
    }
  }

  /** One optimizer step: gradients from ORT, then AdamW on the host. */
  async train(acts: Float32Array, actShape: number[], target: Float32Array, weight: Float32Array, lr: number): Promise<StepResult> {
    const { loss, logits, grads } = await this.gradients(acts, actShape, target, weight);
    this.applyAdamW(grads, lr);
    return { loss, logits };
  }

  applyAdamW(grads: Float32Array[], lrBase: number): void {
    const b1 = this.opt.beta1 ?? 0.9;
    const b2 = this.opt.beta2 ?? 0.999;
    const eps = this.opt.eps ?? 1e-8;
    this.step++;
    const c1 = 1 - b1 ** this.step;
    const c2 = 1 - b2 ** this.step;
    this.params.forEach((p, i) => {
      const lr = lrBase * (this.opt.lrScale?.(p.name) ?? 1);
      const decay = p.dims.length >= 2 ? 1 - lr * this.opt.weightDecay : 1;
      const w = this.values[i]!;
      const g = grads[i]!;
      const m = this.m[i]!;
      const v = this.v[i]!;
      for (let k = 0; k < w.length; k++) {
        m[k] = b1 * m[k]! + (1 - b1) * g[k]!;
        v[k] = b2 * v[k]! + (1 - b2) * g[k]! * g[k]!;
        w[k] = w[k]! * decay - lr * (m[k]! / c1 / (Math.sqrt(v[k]! / c2) + eps));
      }
    });
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
