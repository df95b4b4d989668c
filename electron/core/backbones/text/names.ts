import type * as tf from '../../tf/tf';
import { StudioError } from '../../../../shared/api/errors';
import type { CheckpointParams, Layout } from '../params';
import type { Linear, Norm } from './ops';

/**
 * Reads transformers-named tensors through CheckpointParams (constructed with an empty
 * prefix: the text loaders resolve the model prefix themselves, because head tensors such as
 * BERT's `cls.*` or GPT-2's `lm_head.weight` sit outside it and must still be marked known).
 */
export class TextWeights {
  constructor(
    readonly params: CheckpointParams,
    readonly prefix: string,
  ) {}

  static detectPrefix(params: CheckpointParams, probe: string, prefixes: string[], what: string): string {
    const found = prefixes.find((p) => params.has(p + probe));
    if (found === undefined) {
      throw new StudioError('bad_input', `not a ${what} checkpoint: no '${probe}' tensor (tried prefixes ${prefixes.map((p) => `'${p}'`).join(', ')})`);
    }
    return found;
  }

  has(name: string): boolean {
    return this.params.has(this.prefix + name);
  }

  variable(name: string, layout: Layout, shape: readonly number[]): Promise<tf.Variable> {
    return this.params.variable(this.prefix + name, layout, shape);
  }

  /** nn.Linear: weight [out, in] → [in, out]. */
  async linear(base: string, inDim: number, outDim: number): Promise<Linear> {
    return {
      w: await this.variable(`${base}.weight`, 'linear', [outDim, inDim]),
      b: await this.variable(`${base}.bias`, 'as-is', [outDim]),
    };
  }

  /** GPT-2's Conv1D: weight already [in, out]. */
  async conv1d(base: string, inDim: number, outDim: number): Promise<Linear> {
    return {
      w: await this.variable(`${base}.weight`, 'as-is', [inDim, outDim]),
      b: await this.variable(`${base}.bias`, 'as-is', [outDim]),
    };
  }

  /** LayerNorm under its current names (weight/bias) or the original TF-port ones (gamma/beta). */
  async norm(base: string, dim: number): Promise<Norm> {
    const modern = this.has(`${base}.weight`);
    const [g, b] = modern ? ['weight', 'bias'] : this.has(`${base}.gamma`) ? ['gamma', 'beta'] : ['weight', 'bias'];
    return {
      g: await this.variable(`${base}.${g}`, 'as-is', [dim]),
      b: await this.variable(`${base}.${b}`, 'as-is', [dim]),
    };
  }

  /** Marks every tensor whose full name matches as known but unused (heads, buffers). */
  ignoreMatching(test: (fullName: string) => boolean): void {
    for (const n of this.params.reader.names()) if (test(n)) this.params.ignore(n);
  }
}
