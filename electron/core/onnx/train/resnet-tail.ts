import { StudioError } from '../../../../shared/api/errors';
import { resolveSpec, type ResnetArgs } from '../../backbones/image/resnet-spec';
import { studioVersion } from '../../version';
import { GraphBuilder } from '../graph';
import { DataType } from '../proto';
import type { OnnxWeights } from '../weights';
import { TailOps, type Map4, type Param } from './ops';
import { Tape } from './tape';

/** Blocks per stage, widths and block type read off the checkpoint's names and shapes (a loaded backbone has no model_args at hand). */
export function argsFromWeights(w: OnnxWeights): ResnetArgs {
  const layers = [1, 2, 3, 4].map((l) => {
    let n = 0;
    while (w.has(`layer${l}.${n}.conv1.weight`)) n++;
    return n;
  });
  const bottleneck = w.has('layer1.0.conv3.weight');
  const channels = [1, 2, 3, 4].map((l) => w.get(`layer${l}.0.conv1.weight`).dims[0]!);
  return { layers, channels, block: bottleneck ? 'bottleneck' : 'basic', stem_width: w.get('conv1.weight').dims[0]!, in_chans: w.get('conv1.weight').dims[1]! };
}

export interface TailTrainingRequest {
  config: Record<string, unknown>;
  weights: OnnxWeights;
  /** First trainable stage (the studio's cut): stages [cut, numBlocks) and the head train. */
  cut: number;
  /** One cached activation's shape at the cut, NHWC without the batch: [H, W, C]. */
  actShape: [number, number, number];
  numClasses: number;
  /** Adds a `dropMask` input [B, featureDim] multiplied into the features (inverted dropout: 0 or 1/(1−p)). */
  dropout?: boolean;
}

export interface TailTrainingGraph {
  bytes: Uint8Array;
  /** Trainable parameters in feed order: graph input `name`, gradient output `grad.<name>`, PyTorch layout (head: [featureDim, K]). */
  params: Param[];
  numBlocks: number;
  featureDim: number;
}

/**
 * One training step of a ResNet's unfrozen tail as an ordinary ONNX graph for ONNX Runtime: inputs are
 * the cached cut-point activations `acts` (NHWC, as the feature cache holds them), the soft targets
 * `target` [B, K] (label smoothing already applied; rows sum to 1), per-row loss weights `weight` [B, 1]
 * (1/B for a plain mean; class weights normalised otherwise) and every trainable parameter; outputs are
 * `loss` = Σ_b weight_b · CE_b, `logits`, and `grad.<param>` for each parameter. BatchNorm runs on its
 * running statistics, as the studio's tfjs tail does. The optimizer update is applied by the caller.
 */
export function buildResnetTailTrainingGraph(req: TailTrainingRequest): TailTrainingGraph {
  const spec = resolveSpec(String(req.config.architecture).split('.')[0]!, (req.config.model_args ?? argsFromWeights(req.weights)) as ResnetArgs);
  const numBlocks = 1 + spec.layers.reduce((a, b) => a + b, 0);
  if (!Number.isInteger(req.cut) || req.cut < 1 || req.cut >= numBlocks) throw new StudioError('bad_input', `ResNet training graph: cut must be in [1, ${numBlocks - 1}], got ${req.cut}`);
  const g = new GraphBuilder(`resnet_tail${req.cut}_train`);
  const params: Param[] = [];
  const t = new Tape(g);
  const ops = new TailOps(t, params);
  const eps = 1e-5;
  const [h, w, c] = req.actShape;
  const acts = g.input('acts', DataType.FLOAT, ['batch', h, w, c]);
  const target = g.input('target', DataType.FLOAT, ['batch', req.numClasses]);
  const weight = g.input('weight', DataType.FLOAT, ['batch', 1]);
  let x: Map4 = { v: g.op('Transpose', [acts], { perm: [0, 3, 1, 2] }, 'acts_nchw'), c, h, w };

  const expansion = spec.bottleneck ? 4 : 1;
  let stage = 1;
  for (let li = 0; li < 4; li++) {
    for (let bi = 0; bi < spec.layers[li]!; bi++, stage++) {
      if (stage < req.cut) continue;
      const p = `layer${li + 1}.${bi}`;
      const stride = bi === 0 && li > 0 ? 2 : 1;
      const out = spec.channels[li]! * expansion;
      const n = spec.bottleneck ? 3 : 2;
      const convBn = (input: Map4, conv: string, bn: string, s: number) =>
        ops.batchNorm(ops.conv(input, `${conv}.weight`, req.weights.get(`${conv}.weight`), s), bn, (k) => req.weights.get(`${bn}.${k}`), eps);
      let y = x;
      for (let k = 1; k <= n; k++) {
        const s = (spec.bottleneck ? k === 2 : k === 1) ? stride : 1;
        y = convBn(y, `${p}.conv${k}`, `${p}.bn${k}`, s);
        if (k < n) y = ops.relu(y);
      }
      const short = req.weights.has(`${p}.downsample.0.weight`) ? convBn(x, `${p}.downsample.0`, `${p}.downsample.1`, stride) : x;
      if (short.c !== out) throw new StudioError('bad_input', `${p}: shortcut has ${short.c} channels, block gives ${out}`);
      x = ops.relu(ops.add(y, short));
    }
  }
  let features = ops.globalAveragePool(x);
  if (req.dropout) {
    const mask = g.input('dropMask', DataType.FLOAT, ['batch', x.c]);
    const pooled = features;
    features = g.mul(pooled, mask, 'features_dropped');
    t.record(features, [pooled], (dy) => t.accumulate(pooled, g.mul(dy, mask)));
  }
  const logits = ops.linear(features, 'head.fc.weight', 'head.fc.bias', x.c, req.numClasses);

  // Softmax cross-entropy with soft targets; its gradient is fused: weight · (softmax − target).
  const logp = g.op('LogSoftmax', [logits], { axis: -1 });
  const ce = g.op('Neg', [g.op('ReduceSum', [g.mul(target, logp), g.int64('ax1', [1])], { keepdims: 1 })]);
  const loss = g.op('ReduceSum', [g.mul(ce, weight)], { keepdims: 0 }, 'loss_sum');
  t.backward(logits, g.mul(g.op('Sub', [g.op('Softmax', [logits], { axis: -1 }), target]), weight));

  g.output(loss, 'loss', DataType.FLOAT, []);
  g.output(logits, 'logits', DataType.FLOAT, ['batch', req.numClasses]);
  for (const prm of params) {
    const d = t.gradOf(prm.input);
    if (!d) throw new Error(`no gradient reached ${prm.name}`);
    g.output(d, `grad.${prm.name}`, DataType.FLOAT, prm.dims);
  }
  return { bytes: g.toModel({ producerVersion: studioVersion(), doc: 'training step of a ResNet tail (forward + backward)' }), params, numBlocks, featureDim: x.c };
}
