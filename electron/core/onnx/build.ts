import { StudioError } from '../../../shared/api/errors';
import { detectFamily } from '../backbones/load';
import { studioVersion } from '../version';
import { GraphBuilder } from './graph';
import { DataType } from './proto';
import { buildResnetGraph } from './families/resnet';
import { buildBertGraph, buildGpt2Graph } from './families/text';
import type { BuildRequest, BuiltGraph } from './families/types';
import { buildVggGraph } from './families/vgg';
import { buildVitGraph } from './families/vit';
import type { OnnxWeights, WeightArray } from './weights';

const builders: Record<string, (req: BuildRequest) => BuiltGraph> = {
  'timm-resnet': buildResnetGraph,
  'timm-vgg': buildVggGraph,
  'timm-vit': (r) => buildVitGraph(r, 'timm'),
  'hf-vit': (r) => buildVitGraph(r, 'transformers'),
  'hf-bert': buildBertGraph,
  'hf-gpt2': buildGpt2Graph,
};

export interface OnnxBuildOptions {
  config: Record<string, unknown>;
  weights: OnnxWeights;
  /** Absent: the features (and the head's logits when `head` is given); else the trunk, stages [0, cut). */
  cut?: number;
  pixelLayout?: 'nchw' | 'nhwc';
  imageSize?: [number, number];
  /** A trained linear head, PyTorch layout: weight [classes, featureDim], bias [classes]. */
  head?: { weight: WeightArray; bias: WeightArray; hidden?: { weight: WeightArray; bias: WeightArray } };
  doc?: string;
  metadata?: Record<string, string>;
}

export interface OnnxGraph {
  bytes: Uint8Array;
  /** Graph input names, in feed order (pixel_values | input_ids, attention_mask[, token_type_ids]). */
  inputs: string[];
  /** 'features' (or 'trunk' for a cut), then 'logits' and 'probabilities' with a head. */
  outputs: string[];
  numBlocks: number;
  family: string;
}

/** The ONNX graph of a backbone as the studio runs it: the same weights, stages and feature definition. */
export function buildOnnxGraph(opts: OnnxBuildOptions): OnnxGraph {
  const loader = detectFamily(opts.config);
  const build = builders[loader.id];
  if (!build) throw new StudioError('bad_input', `no ONNX graph builder for ${loader.id}`);
  const g = new GraphBuilder(`${loader.id}${opts.cut === undefined ? '' : `_trunk${opts.cut}`}`);
  const built = build({ g, w: opts.weights, config: opts.config, cut: opts.cut, pixelLayout: opts.pixelLayout, imageSize: opts.imageSize });
  const isTrunk = opts.cut !== undefined && opts.cut < built.numBlocks;
  const outputs: string[] = [];
  const main = isTrunk ? 'trunk' : 'features';
  g.output(built.output, main, DataType.FLOAT, built.dims);
  outputs.push(main);
  if (opts.head && !isTrunk) {
    const { weight, bias, hidden } = opts.head;
    const first = hidden?.weight ?? weight;
    if (first.dims.length !== 2 || first.dims[1] !== built.dims[1]) {
      throw new StudioError('bad_input', `ONNX export: head weight [${first.dims.join(', ')}] does not take ${String(built.dims[1])} features`);
    }
    // The studio's head: [ReLU(hidden)] then the classifier (dropout is training-only).
    const h = hidden ? g.relu(g.linear(main, hidden.weight, hidden.bias, 'classifier.hidden')) : main;
    const logits = g.linear(h, weight, bias, 'classifier');
    g.output(logits, 'logits', DataType.FLOAT, ['batch', weight.dims[0]!]);
    g.output(g.op('Softmax', [logits], { axis: -1 }), 'probabilities', DataType.FLOAT, ['batch', weight.dims[0]!]);
    outputs.push('logits', 'probabilities');
  }
  const bytes = g.toModel({ producerVersion: studioVersion(), doc: opts.doc, props: opts.metadata });
  return { bytes, inputs: built.inputs, outputs, numBlocks: built.numBlocks, family: loader.id };
}
