import type { GraphBuilder } from '../graph';

/**
 * Reverse-mode differentiation at graph-build time: every forward helper of a training graph records how
 * to emit its backward nodes, and `backward` replays them in reverse, so the forward and its gradient
 * come out of the same GraphBuilder as one ordinary inference graph (onnxruntime-node has no training API).
 * Only values that depend on a trainable parameter get gradients.
 */
export class Tape {
  private readonly steps: Array<() => void> = [];
  private readonly grads = new Map<string, string>();
  private readonly needs = new Set<string>();

  constructor(readonly g: GraphBuilder) {}

  /** Marks a value as depending on a trainable parameter. */
  track(value: string): void {
    this.needs.add(value);
  }

  requiresGrad(...values: string[]): boolean {
    return values.some((v) => this.needs.has(v));
  }

  /** Records a node's backward; its output requires a gradient when any input did. */
  record(out: string, inputs: string[], backward: (dOut: string) => void): void {
    if (!this.requiresGrad(...inputs)) return;
    this.needs.add(out);
    this.steps.push(() => {
      const d = this.grads.get(out);
      if (d) backward(d);
    });
  }

  /** Adds a contribution to a value's gradient (sums where a value feeds several nodes, as a residual does). */
  accumulate(value: string, grad: string): void {
    if (!this.needs.has(value)) return;
    const prev = this.grads.get(value);
    this.grads.set(value, prev ? this.g.add(prev, grad) : grad);
  }

  /** Seeds d(loss)/d(value) and emits every recorded backward, last node first. */
  backward(value: string, seed: string): void {
    this.grads.set(value, seed);
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]!();
  }

  gradOf(value: string): string | undefined {
    return this.grads.get(value);
  }
}
