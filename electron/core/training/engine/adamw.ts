import * as tf from '../../tf/tf';

/**
 * AdamW (decoupled weight decay, Loshchilov & Hutter). tfjs ships Adam only; this one also exposes
 * its state by name so a checkpoint can hold the optimizer and a resumed run continues exactly.
 */
export class AdamW {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  step = 0;

  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly opts: { beta1?: number; beta2?: number; eps?: number; weightDecay: number; decayMask?: readonly boolean[]; lrScale?: readonly number[] },
  ) {
    this.m = vars.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = vars.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** `lrBase` scaled per variable by `lrScale` (the backbone learns slower than the head). */
  apply(grads: readonly tf.Tensor[], lrBase: number): void {
    const b1 = this.opts.beta1 ?? 0.9;
    const b2 = this.opts.beta2 ?? 0.999;
    const eps = this.opts.eps ?? 1e-8;
    this.step++;
    const c1 = 1 - b1 ** this.step;
    const c2 = 1 - b2 ** this.step;
    tf.tidy(() => {
      this.vars.forEach((w, i) => {
        const lr = lrBase * (this.opts.lrScale?.[i] ?? 1);
        const g = grads[i]!;
        const m = this.m[i]!.mul(b1).add(g.mul(1 - b1));
        const v = this.v[i]!.mul(b2).add(g.square().mul(1 - b2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        const update = m.div(c1).div(v.div(c2).sqrt().add(eps));
        const decay = this.opts.decayMask?.[i] === false ? 0 : this.opts.weightDecay;
        const decayed = decay > 0 ? w.mul(1 - lr * decay) : w;
        w.assign(decayed.sub(update.mul(lr)));
      });
    });
  }

  /** Moments by position, for checkpoints. */
  state(): { step: number; tensors: Map<string, tf.Tensor> } {
    const tensors = new Map<string, tf.Tensor>();
    this.m.forEach((t, i) => tensors.set(`opt.m.${i}`, t));
    this.v.forEach((t, i) => tensors.set(`opt.v.${i}`, t));
    return { step: this.step, tensors };
  }

  load(step: number, tensors: Map<string, tf.Tensor>): void {
    this.step = step;
    this.m.forEach((t, i) => t.assign(tensors.get(`opt.m.${i}`)!));
    this.v.forEach((t, i) => t.assign(tensors.get(`opt.v.${i}`)!));
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
