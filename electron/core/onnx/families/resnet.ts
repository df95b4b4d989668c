import { StudioError } from '../../../../shared/api/errors';
import { resolveSpec, type ResnetArgs } from '../../backbones/image/resnet-spec';

import type { GraphBuilder } from '../graph';
import type { OnnxWeights } from '../weights';
import type { BuildRequest, BuiltGraph } from './types';
import { pixelInput, toNhwc } from './image-io';

function convBn(g: GraphBuilder, w: OnnxWeights, x: string, conv: string, bn: string, stride: number, eps: number): string {
  const wt = w.get(`${conv}.weight`);
  const k = wt.dims[2]!;
  const pad = (k - 1) / 2;
  const y = g.op('Conv', [x, g.weight(`${conv}.weight`, wt.data, wt.dims)], { kernel_shape: [k, k], strides: [stride, stride], pads: [pad, pad, pad, pad] }, conv);
  const p = (n: string) => {
    const t = w.get(`${bn}.${n}`);
    return g.weight(`${bn}.${n}`, t.data, t.dims);
  };
  return g.op('BatchNormalization', [y, p('weight'), p('bias'), p('running_mean'), p('running_var')], { epsilon: { float: eps } }, bn);
}

/** torchvision/timm ResNet v1.5; stages as the studio counts them: the stem, then every residual block. */
export function buildResnetGraph(req: BuildRequest): BuiltGraph {
  const { g, w, config } = req;
  const architecture = String(config.architecture).split('.')[0]!;
  const spec = resolveSpec(architecture, (config.model_args ?? {}) as ResnetArgs);
  const eps = 1e-5;
  const numBlocks = 1 + spec.layers.reduce((a, b) => a + b, 0);
  const cut = req.cut ?? numBlocks;
  if (!Number.isInteger(cut) || cut < 1 || cut > numBlocks) throw new StudioError('bad_input', `ONNX trunk cut must be in [1, ${numBlocks}], got ${cut}`);
  const { name: input, x: x0 } = pixelInput(g, req.pixelLayout ?? 'nchw', spec.inChans);
  let x = g.op('MaxPool', [g.relu(convBn(g, w, x0, 'conv1', 'bn1', 2, eps))], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, 'stem');
  let stage = 1;
  let inplanes = spec.stemWidth;
  const expansion = spec.bottleneck ? 4 : 1;
  for (let li = 0; li < 4 && stage < cut; li++) {
    for (let bi = 0; bi < spec.layers[li]! && stage < cut; bi++, stage++) {
      const p = `layer${li + 1}.${bi}`;
      const stride = bi === 0 && li > 0 ? 2 : 1;
      const out = spec.channels[li]! * expansion;
      const n = spec.bottleneck ? 3 : 2;
      let y = x;
      for (let c = 1; c <= n; c++) {
        const s = (spec.bottleneck ? c === 2 : c === 1) ? stride : 1;
        y = convBn(g, w, y, `${p}.conv${c}`, `${p}.bn${c}`, s, eps);
        if (c < n) y = g.relu(y);
      }
      const short = stride !== 1 || inplanes !== out ? convBn(g, w, x, `${p}.downsample.0`, `${p}.downsample.1`, stride, eps) : x;
      x = g.op('Relu', [g.add(y, short)], {}, p);
      inplanes = out;
    }
  }
  if (req.cut !== undefined && req.cut < numBlocks) return { output: toNhwc(g, x), dims: ['batch', 'height', 'width', 'channels'], numBlocks, inputs: [input] };
  const pooled = g.op('Flatten', [g.op('GlobalAveragePool', [x])], { axis: 1 }, 'features');
  return { output: pooled, dims: ['batch', inplanes], numBlocks, inputs: [input] };
}

