import { StudioError } from '../../../../shared/api/errors';
import { vggCfgs } from '../../backbones/image/vgg-spec';
import type { GraphBuilder } from '../graph';
import { configImageSize, pixelInput, toNhwc } from './image-io';
import type { BuildRequest, BuiltGraph } from './types';

/** PyTorch's AdaptiveAvgPool bins [floor(i·in/out), ceil((i+1)·in/out)) as an averaging matrix [out, in]. */
function adaptiveMatrix(inSize: number, outSize: number): Float32Array {
  const m = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    for (let j = start; j < end; j++) m[i * inSize + j] = 1 / (end - start);
  }
  return m;
}

/** AdaptiveAvgPool2d on NCHW with sizes known when the graph is built (ONNX has no adaptive pool): two MatMuls. */
function adaptivePool(g: GraphBuilder, x: string, h: number, w: number, oh: number, ow: number): string {
  if (h === oh && w === ow) return x;
  const rows = g.matmul(g.weight('pool_rows', adaptiveMatrix(h, oh), [oh, h]), x); // [B,C,oh,w]
  const colsT = adaptiveMatrix(w, ow); // [ow, w] → need [w, ow]
  const t = new Float32Array(w * ow);
  for (let i = 0; i < ow; i++) for (let j = 0; j < w; j++) t[j * ow + i] = colsT[i * w + j]!;
  return g.matmul(rows, g.weight('pool_cols', t, [w, ow]), 'adaptive_pool');
}

/**
 * torchvision / timm VGG (plain or _bn). Stages as the studio counts them: five conv stages, fc1, fc2.
 * fc1 is a 7×7 conv over the (pooled) map in both namings (torchvision's flatten is C,H,W order, so its
 * [4096, 25088] matrix is that conv's weight reshaped), fc2 a 1×1 conv; features average what is left.
 */
export function buildVggGraph(req: BuildRequest): BuiltGraph {
  const { g, w, config } = req;
  const architecture = String(config.architecture).split('.')[0]!;
  const withBn = architecture.endsWith('_bn');
  const cfg = vggCfgs[withBn ? architecture.slice(0, -3) : architecture];
  if (!cfg) throw new StudioError('bad_input', `ONNX: unsupported VGG '${architecture}'`);
  const numBlocks = cfg.length + 2;
  const cut = req.cut ?? numBlocks;
  if (!Number.isInteger(cut) || cut < 1 || cut > numBlocks) throw new StudioError('bad_input', `ONNX trunk cut must be in [1, ${numBlocks}], got ${cut}`);
  const [H, W] = req.imageSize ?? configImageSize(config);
  const { name: input, x: x0 } = pixelInput(g, req.pixelLayout ?? 'nchw', 3, [H, W]);
  let x = x0;
  let idx = 0;
  let h = H;
  let wd = W;
  for (let si = 0; si < cfg.length && si < cut; si++) {
    for (let ci = 0; ci < cfg[si]!.length; ci++) {
      const cw = w.get(`features.${idx}.weight`);
      x = g.op('Conv', [x, g.weight(`features.${idx}.weight`, cw.data, cw.dims), g.weight(`features.${idx}.bias`, w.get(`features.${idx}.bias`).data, [cw.dims[0]!])], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, `features.${idx}`);
      if (withBn) {
        const p = (n: string) => g.weight(`features.${idx + 1}.${n}`, w.get(`features.${idx + 1}.${n}`).data, [cw.dims[0]!]);
        x = g.op('BatchNormalization', [x, p('weight'), p('bias'), p('running_mean'), p('running_var')], { epsilon: { float: 1e-5 } });
      }
      x = g.relu(x);
      idx += withBn ? 3 : 2;
    }
    idx += 1;
    x = g.op('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] }, `features.stage${si + 1}`);
    h = Math.floor(h / 2);
    wd = Math.floor(wd / 2);
  }
  if (cut <= cfg.length && req.cut !== undefined) return { output: toNhwc(g, x), dims: ['batch', h, wd, cfg[cut - 1]!.at(-1)!], numBlocks, inputs: [input] };

  const tv = w.has('classifier.0.weight');
  if (!tv && !w.has('pre_logits.fc1.weight')) throw new StudioError('bad_input', `${architecture}: found neither torchvision 'classifier.0.weight' nor timm 'pre_logits.fc1.weight'`);
  const fc = (name: string, k: number) => {
    const wt = w.get(`${name}.weight`);
    const out = wt.dims[0]!;
    const dims = [out, wt.data.length / (out * k * k), k, k];
    return { w: g.weight(`${name}.weight`, wt.data, dims), b: g.weight(`${name}.bias`, w.get(`${name}.bias`).data, [out]), out };
  };
  const fc1 = fc(tv ? 'classifier.0' : 'pre_logits.fc1', 7);
  const pooled = tv ? adaptivePool(g, x, h, wd, 7, 7) : h < 7 || wd < 7 ? adaptivePool(g, x, h, wd, Math.max(7, h), Math.max(7, wd)) : x;
  x = g.relu(g.op('Conv', [pooled, fc1.w, fc1.b], { kernel_shape: [7, 7] }, 'fc1'));
  const outH = (tv ? 7 : Math.max(7, h)) - 6;
  const outW = (tv ? 7 : Math.max(7, wd)) - 6;
  if (cut === cfg.length + 1 && req.cut !== undefined) return { output: toNhwc(g, x), dims: ['batch', outH, outW, fc1.out], numBlocks, inputs: [input] };
  const fc2 = fc(tv ? 'classifier.3' : 'pre_logits.fc2', 1);
  x = g.relu(g.op('Conv', [x, fc2.w, fc2.b], { kernel_shape: [1, 1] }, 'fc2'));
  const feats = g.op('Flatten', [g.op('GlobalAveragePool', [x])], { axis: 1 }, 'features');
  return { output: feats, dims: ['batch', fc2.out], numBlocks, inputs: [input] };
}
