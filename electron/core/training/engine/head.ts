import * as tf from '../../tf/tf';
import { mulberry32 } from './rng';

export interface HeadConfig {
  inDim: number;
  numClasses: number;
  /** 0 = dropout + dense; > 0 adds a ReLU hidden layer of this width. */
  hidden: number;
  dropout: number;
}

/** The classifier trained on top of the features: dropout + dense (optionally one hidden layer). */
export interface Head {
  config: HeadConfig;
  variables: tf.Variable[];
  names: string[];
  apply(features: tf.Tensor2D, training: boolean, dropoutSeed: number): tf.Tensor2D;
  dispose(): void;
}

function glorot(shape: [number, number], rand: () => number): tf.Tensor2D {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  const vals = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < vals.length; i++) vals[i] = (rand() * 2 - 1) * limit;
  return tf.tensor2d(vals, shape);
}

export function createHead(config: HeadConfig, seed: number): Head {
  const rand = mulberry32(seed);
  const names: string[] = [];
  const variables: tf.Variable[] = [];
  const add = (name: string, t: tf.Tensor) => {
    names.push(name);
    variables.push(tf.variable(t, true, undefined));
    t.dispose();
  };
  let dim = config.inDim;
  if (config.hidden > 0) {
    add('head.hidden.weight', glorot([dim, config.hidden], rand));
    add('head.hidden.bias', tf.zeros([config.hidden]));
    dim = config.hidden;
  }
  add('head.fc.weight', glorot([dim, config.numClasses], rand));
  add('head.fc.bias', tf.zeros([config.numClasses]));
  return {
    config,
    variables,
    names,
    apply(features, training, dropoutSeed) {
      return tf.tidy(() => {
        let x: tf.Tensor2D = features;
        const drop = (t: tf.Tensor2D): tf.Tensor2D => (training && config.dropout > 0 ? (tf.dropout(t, config.dropout, undefined, dropoutSeed) as tf.Tensor2D) : t);
        let i = 0;
        if (config.hidden > 0) {
          x = tf.relu(tf.matMul(drop(x), variables[i]!).add(variables[i + 1]!)) as tf.Tensor2D;
          i += 2;
        }
        return tf.matMul(drop(x), variables[i]!).add(variables[i + 1]!) as tf.Tensor2D;
      });
    },
    dispose() {
      tf.dispose(variables);
    },
  };
}
