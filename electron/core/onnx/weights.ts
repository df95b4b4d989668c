import { StudioError } from '../../../shared/api/errors';
import type { SafetensorsReader } from '../backbones/safetensors';
import type { Backbone } from '../backbones/types';

export interface WeightArray {
  data: Float32Array;
  dims: number[];
}

/**
 * A checkpoint's tensors by their own names, in PyTorch layout: what every ONNX family builder reads.
 * Filled either from model.safetensors (the pretrained trunk) or from a loaded Backbone's
 * namedWeights() (a fine-tuned model, for export), so the graph always carries the weights the studio runs.
 */
export class OnnxWeights {
  constructor(
    private readonly map: Map<string, WeightArray>,
    /** Prepended to every lookup ('vit.', 'bert.', 'transformer.'), as the loaders detect it. */
    public prefix = '',
  ) {}

  static async fromReader(reader: SafetensorsReader): Promise<OnnxWeights> {
    const map = new Map<string, WeightArray>();
    for (const name of reader.names()) {
      const dtype = reader.entry(name).dtype;
      // Integer buffers (num_batches_tracked, position_ids) play no part in a forward pass.
      if (!/^(F16|BF16|F32|F64)$/.test(dtype)) continue;
      const t = await reader.readFloat32(name);
      map.set(name, { data: t.data, dims: t.shape });
    }
    return new OnnxWeights(map);
  }

  /** The weights a loaded (possibly fine-tuned) backbone holds now. */
  static fromBackbone(backbone: Backbone): OnnxWeights {
    const named = backbone.namedWeights();
    const map = new Map<string, WeightArray>();
    try {
      for (const [name, t] of named) {
        if (t.dtype !== 'float32') continue;
        map.set(name, { data: t.dataSync() as Float32Array, dims: [...t.shape] });
      }
    } finally {
      for (const t of named.values()) t.dispose();
    }
    return new OnnxWeights(map);
  }

  has(name: string): boolean {
    return this.map.has(this.prefix + name);
  }

  /** Picks the first prefix under which `probe` exists. */
  usePrefix(probe: string, prefixes: string[]): void {
    const found = prefixes.find((p) => this.map.has(p + probe));
    if (found === undefined) throw new StudioError('bad_input', `ONNX export: no '${probe}' tensor (tried prefixes ${prefixes.map((p) => `'${p}'`).join(', ')})`);
    this.prefix = found;
  }

  get(name: string, expect?: number[]): WeightArray {
    const w = this.map.get(this.prefix + name) ?? this.alias(name);
    if (!w) throw new StudioError('bad_input', `ONNX export: the checkpoint has no tensor '${this.prefix + name}'`);
    if (expect && (expect.length !== w.dims.length || expect.some((d, i) => d !== w.dims[i]))) {
      throw new StudioError('bad_input', `ONNX export: tensor '${this.prefix + name}' has shape [${w.dims.join(', ')}], expected [${expect.join(', ')}]`);
    }
    return w;
  }

  /** The original google-bert upload names LayerNorm weight/bias gamma/beta. */
  private alias(name: string): WeightArray | undefined {
    const m = /^(.*LayerNorm)\.(weight|bias)$/.exec(name);
    return m ? this.map.get(`${this.prefix}${m[1]}.${m[2] === 'weight' ? 'gamma' : 'beta'}`) : undefined;
  }
}
