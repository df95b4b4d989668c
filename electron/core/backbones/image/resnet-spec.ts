import { StudioError } from '../../../../shared/api/errors';

// Architecture arithmetic only, no tfjs: the core reads block counts from config.json with it.

/** torchvision / timm ResNet (v1.5: stride on the 3×3 conv), identical tensor names in both. */
const depths: Record<string, { bottleneck: boolean; layers: [number, number, number, number] }> = {
  resnet18: { bottleneck: false, layers: [2, 2, 2, 2] },
  resnet34: { bottleneck: false, layers: [3, 4, 6, 3] },
  resnet50: { bottleneck: true, layers: [3, 4, 6, 3] },
  resnet101: { bottleneck: true, layers: [3, 4, 23, 3] },
  resnet152: { bottleneck: true, layers: [3, 8, 36, 3] },
};
export const resnetArchitectures = Object.keys(depths);

/**
 * timm's `model_args` override what the architecture name implies (as timm.create_model does):
 * `layers` (blocks per stage), `channels` (per-stage widths), `block` ('basic'|'bottleneck'),
 * `stem_width`, `in_chans`. Small custom ResNets (the bundled starter) are expressed this way.
 */
export interface ResnetArgs {
  layers?: number[];
  channels?: number[];
  block?: string;
  stem_width?: number;
  in_chans?: number;
}

export function resolveSpec(architecture: string, args: ResnetArgs) {
  const base = depths[architecture];
  if (!base) throw new StudioError('bad_input', `unsupported ResNet '${architecture}' (supported: ${resnetArchitectures.join(', ')})`);
  const layers = args.layers ?? base.layers;
  const channels = args.channels ?? [64, 128, 256, 512];
  const bad = (what: string) => new StudioError('bad_input', `config.json model_args.${what} for ${architecture}`);
  if (layers.length !== 4 || !layers.every((n) => Number.isInteger(n) && n >= 1)) throw bad('layers must be four positive integers');
  if (channels.length !== 4 || !channels.every((n) => Number.isInteger(n) && n >= 1)) throw bad('channels must be four positive integers');
  if (args.block !== undefined && args.block !== 'basic' && args.block !== 'bottleneck') throw bad("block must be 'basic' or 'bottleneck'");
  const bottleneck = args.block === undefined ? base.bottleneck : args.block === 'bottleneck';
  return { bottleneck, layers, channels, stemWidth: args.stem_width ?? 64, inChans: args.in_chans ?? 3 };
}
