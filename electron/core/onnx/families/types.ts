import type { Dim } from '../proto';
import type { GraphBuilder } from '../graph';
import type { OnnxWeights } from '../weights';

/**
 * What a family builder is asked for: the whole feature extractor (`cut` absent), or the frozen
 * trunk, stages [0, cut), exactly as Backbone.trunk(input, cut) returns it (tfjs layout: NHWC maps,
 * [B, T, H] hidden states), so its output can fill the same feature cache.
 */
export interface BuildRequest {
  g: GraphBuilder;
  w: OnnxWeights;
  config: Record<string, unknown>;
  cut?: number;
  /** Image families: the pixel input's layout. 'nchw' is PyTorch's (export); 'nhwc' is what the studio's encoder makes. */
  pixelLayout?: 'nchw' | 'nhwc';
  /** Image height × width, where the graph needs it fixed (VGG's adaptive pool); else from config.json. */
  imageSize?: [number, number];
}

export interface BuiltGraph {
  output: string;
  dims: Dim[];
  numBlocks: number;
  /** Names of the graph inputs, in the order the engine feeds them. */
  inputs: string[];
}
