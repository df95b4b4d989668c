import type { GraphBuilder } from '../graph';
import { DataType } from '../proto';

/** The float pixel input, batch and size dynamic; an NHWC input is transposed to the NCHW the ops take. */
export function pixelInput(g: GraphBuilder, layout: 'nchw' | 'nhwc', channels = 3, size: [number | string, number | string] = ['height', 'width']): { name: string; x: string } {
  const name = g.input('pixel_values', DataType.FLOAT, layout === 'nchw' ? ['batch', channels, size[0], size[1]] : ['batch', size[0], size[1], channels]);
  return { name, x: layout === 'nchw' ? name : g.op('Transpose', [name], { perm: [0, 3, 1, 2] }, 'to_nchw') };
}

/** A feature map back in tfjs's NHWC, the layout the feature cache holds. */
export function toNhwc(g: GraphBuilder, x: string): string {
  return g.op('Transpose', [x], { perm: [0, 2, 3, 1] }, 'trunk_nhwc');
}

/** timm's pretrained_cfg.input_size [C, H, W] (model_args.img_size wins), else 224. */
export function configImageSize(config: Record<string, unknown>): [number, number] {
  const args = (config.model_args ?? {}) as Record<string, unknown>;
  const img = args.img_size ?? config.image_size;
  if (typeof img === 'number') return [img, img];
  if (Array.isArray(img) && typeof img[0] === 'number') return [img[0], (img[1] as number) ?? img[0]];
  const pc = config.pretrained_cfg as Record<string, unknown> | undefined;
  const size = pc?.input_size;
  if (Array.isArray(size) && size.length === 3) return [Number(size[1]), Number(size[2])];
  return [224, 224];
}
