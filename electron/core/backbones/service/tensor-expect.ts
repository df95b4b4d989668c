import { StudioError } from '../../../../shared/api/errors';

/** The header of model.safetensors, as far as a config check needs it (SafetensorsReader satisfies it). */
export interface TensorIndex {
  has(name: string): boolean;
  entry(name: string): { shape: number[] };
  names(): string[];
}

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Compares what config.json implies with the tensors the file holds, naming the tensor and the
 * config fields that disagree, so the user learns at `backbones add` what would otherwise fail
 * deep inside a training run.
 */
export class TensorExpect {
  constructor(
    private readonly index: TensorIndex,
    /** Shown first in every message: the folder's name. */
    private readonly label: string,
    public prefix = '',
  ) {}

  has(name: string): boolean {
    return this.index.has(this.prefix + name);
  }

  /** The file's tensor names under the prefix, without it. */
  names(): string[] {
    return this.index
      .names()
      .filter((n) => n.startsWith(this.prefix))
      .map((n) => n.slice(this.prefix.length));
  }

  shapeOf(name: string): number[] | undefined {
    return this.has(name) ? this.index.entry(this.prefix + name).shape : undefined;
  }

  /** `why` names the config fields the expectation comes from, e.g. "hidden_size 768". */
  shape(name: string, expected: readonly number[], why: string): void {
    const full = this.prefix + name;
    if (!this.index.has(full)) throw this.fail(`config.json (${why}) implies a tensor '${full}', which model.safetensors does not have`);
    const got = this.index.entry(full).shape;
    if (got.length !== expected.length || got.some((d, i) => d !== expected[i])) {
      throw this.fail(`tensor '${full}' has shape ${fmt(got)}, but config.json (${why}) implies ${fmt(expected)}`);
    }
  }

  absent(name: string, why: string): void {
    const full = this.prefix + name;
    if (this.index.has(full)) throw this.fail(`model.safetensors has a tensor '${full}', but config.json says ${why}`);
  }

  fail(message: string): StudioError {
    return new StudioError('bad_input', `${this.label}: ${message}`);
  }
}
