import * as tf from '../tf/tf';
import { StudioError } from '../../../shared/api/errors';
import type { CheckpointParams } from './params';
import type { Activation, Backbone, BackboneInfo, BackboneInput, PretrainedHead } from './types';

/** One block of the chain: what "train the last N blocks" counts. */
export interface Stage {
  name: string;
  /** Trainable weights only (BatchNorm running statistics are not here). */
  variables: tf.Variable[];
  /** `sink` (optional, attention stages only) receives the stage's attention probabilities, kept: the caller disposes. */
  run(x: tf.Tensor, training: boolean, sink?: tf.Tensor[]): tf.Tensor;
}

export interface StagedImageModel {
  info: BackboneInfo;
  stages: Stage[];
  /** Pooling / final norm: turns the last stage's output into [B, featureDim]. */
  head: { variables: tf.Variable[]; run(x: tf.Tensor, training: boolean): tf.Tensor2D };
  params: CheckpointParams;
  pretrainedHead?: PretrainedHead;
  /** Optional (additive): the stages report attention probabilities to a sink (ViT). */
  hasAttention?: boolean;
}

function pixelsOf(input: BackboneInput, info: BackboneInfo): tf.Tensor4D {
  if (!('pixels' in input)) throw new StudioError('bad_input', `${info.architecture} is an image backbone: it takes pixels, not token ids`);
  const p = input.pixels;
  if (p.rank !== 4 || p.shape[3] !== 3) {
    throw new StudioError('bad_input', `${info.architecture} takes NHWC pixels with 3 channels, got shape [${p.shape.join(', ')}]`);
  }
  const size = info.inputSize;
  if (size && (p.shape[1] !== size[0] || p.shape[2] !== size[1])) {
    throw new StudioError('bad_input', `${info.architecture} takes ${size[0]}×${size[1]} images, got ${p.shape[1]}×${p.shape[2]}`);
  }
  return p;
}

function checkCut(cut: number, n: number): void {
  if (!Number.isInteger(cut) || cut < 0 || cut > n) throw new StudioError('bad_input', `cut must be an integer in [0, ${n}], got ${cut}`);
}

/** The Backbone contract over a chain of stages; every call is tidy and returns tensors the caller owns. */
export function stagedBackbone(m: StagedImageModel): Backbone {
  const n = m.stages.length;
  // Each stage in its own tidy: intermediates die with their stage rather than at the end of the pass
  // (a ViT-B batch otherwise holds every block's temporaries at once; the wasm heap never gives them back).
  const runStages = (x: tf.Tensor, from: number, to: number, training: boolean): tf.Tensor => {
    let y = x;
    for (let i = from; i < to; i++) {
      const prev = y;
      y = tf.tidy(() => m.stages[i].run(prev, training));
      if (prev !== x) prev.dispose();
    }
    return y;
  };
  return {
    info: m.info,
    trunk(input: BackboneInput, cut: number): Activation {
      checkCut(cut, n);
      const pixels = pixelsOf(input, m.info);
      return tf.tidy(() => ({ x: cut === 0 ? tf.clone(pixels) : runStages(pixels, 0, cut, false) }));
    },
    tail(act: Activation, cut: number, opts?: { training?: boolean }): tf.Tensor2D {
      checkCut(cut, n);
      const training = opts?.training ?? false;
      return tf.tidy(() => m.head.run(runStages(act.x, cut, n, training), training));
    },
    features(input: BackboneInput): tf.Tensor2D {
      const pixels = pixelsOf(input, m.info);
      return tf.tidy(() => m.head.run(runStages(pixels, 0, n, false), false));
    },
    trainableVariables(cut: number): tf.Variable[] {
      checkCut(cut, n);
      if (cut === n) return [];
      return [...m.stages.slice(cut).flatMap((s) => s.variables), ...m.head.variables];
    },
    namedWeights(): Map<string, tf.Tensor> {
      return new Map(m.params.params.flatMap((p) => p.exportAs()));
    },
    pretrainedHead: m.pretrainedHead,
    attentions: m.hasAttention
      ? (input: BackboneInput): tf.Tensor4D[] => {
          const pixels = pixelsOf(input, m.info);
          const sink: tf.Tensor[] = [];
          try {
            tf.tidy(() => {
              let y: tf.Tensor = pixels;
              for (const s of m.stages) y = s.run(y, false, sink);
            });
          } catch (e) {
            tf.dispose(sink);
            throw e;
          }
          return sink as tf.Tensor4D[];
        }
      : undefined,
    dispose(): void {
      m.params.dispose();
    },
  };
}

/** A linear classifier over features; weight kept in tfjs layout [in, out]. */
export function linearHead(weight: tf.Variable, bias: tf.Variable): PretrainedHead {
  return {
    numClasses: weight.shape[1] as number,
    logits: (f) => tf.tidy(() => tf.add(tf.matMul(f, weight as tf.Tensor2D), bias) as tf.Tensor2D),
  };
}
