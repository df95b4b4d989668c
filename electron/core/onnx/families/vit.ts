import { StudioError } from '../../../../shared/api/errors';
import { hfVitConfig, timmVitConfig } from '../../backbones/image/vit-config';
import type { WeightArray } from '../weights';
import { multiHead } from './attention';
import { pixelInput } from './image-io';
import type { BuildRequest, BuiltGraph } from './types';

/** Rows [k·n, (k+1)·n) of a [3n, …] tensor (timm's fused qkv, split into separate matmuls). */
function third(t: WeightArray, k: number): WeightArray {
  const n = t.dims[0]! / 3;
  const row = t.data.length / t.dims[0]!;
  return { data: t.data.subarray(k * n * row, (k + 1) * n * row), dims: [n, ...t.dims.slice(1)] };
}

/** Pre-norm ViT (timm VisionTransformer / transformers ViTModel); stage 0 is the embeddings, then one per block. */
export function buildVitGraph(req: BuildRequest, naming: 'timm' | 'transformers'): BuiltGraph {
  const { g, w, config } = req;
  const cfg = naming === 'timm' ? timmVitConfig(config) : hfVitConfig(config);
  if (naming === 'transformers') w.usePrefix('embeddings.cls_token', ['', 'vit.']);
  const d = cfg.dim;
  const p = cfg.patchSize;
  const numBlocks = cfg.depth + 1;
  const cut = req.cut ?? numBlocks;
  if (!Number.isInteger(cut) || cut < 1 || cut > numBlocks) throw new StudioError('bad_input', `ONNX trunk cut must be in [1, ${numBlocks}], got ${cut}`);
  const tokens = (cfg.imgSize / p) ** 2 + 1;
  const nm =
    naming === 'timm'
      ? { patch: 'patch_embed.proj', cls: 'cls_token', pos: 'pos_embed', norm: 'norm' }
      : { patch: 'embeddings.patch_embeddings.projection', cls: 'embeddings.cls_token', pos: 'embeddings.position_embeddings', norm: 'layernorm' };
  const { name: input, x: px } = pixelInput(g, req.pixelLayout ?? 'nchw', 3, [cfg.imgSize, cfg.imgSize]);
  const pw = w.get(`${nm.patch}.weight`, [d, 3, p, p]);
  const patches = g.op('Conv', [px, g.weight(`${nm.patch}.weight`, pw.data, pw.dims), g.weight(`${nm.patch}.bias`, w.get(`${nm.patch}.bias`).data, [d])], { kernel_shape: [p, p], strides: [p, p] });
  const seq = g.op('Transpose', [g.op('Reshape', [patches, g.int64('patch_flat', [0, d, -1])])], { perm: [0, 2, 1] }); // [B, N, D]
  // The class token, repeated over the batch: Expand to [B, 1, D] with B read from the input.
  const batch = g.op('Slice', [g.op('Shape', [px]), g.int64('s0', [0]), g.int64('s1', [1])]);
  const clsShape = g.op('Concat', [batch, g.int64('one_d', [1, d])], { axis: 0 });
  const cls = g.op('Expand', [g.weight(nm.cls, w.get(nm.cls, [1, 1, d]).data, [1, 1, d]), clsShape]);
  let x = g.add(g.op('Concat', [cls, seq], { axis: 1 }), g.weight(nm.pos, w.get(nm.pos, [1, tokens, d]).data, [1, tokens, d]), 'embeddings');

  for (let i = 0; i < cfg.depth && i + 1 < cut; i++) {
    const n =
      naming === 'timm'
        ? { ln1: `blocks.${i}.norm1`, proj: `blocks.${i}.attn.proj`, ln2: `blocks.${i}.norm2`, fc1: `blocks.${i}.mlp.fc1`, fc2: `blocks.${i}.mlp.fc2` }
        : (() => {
            const b = `encoder.layer.${i}`;
            return { ln1: `${b}.layernorm_before`, proj: `${b}.attention.output.dense`, ln2: `${b}.layernorm_after`, fc1: `${b}.intermediate.dense`, fc2: `${b}.output.dense` };
          })();
    const ln = (x0: string, pre: string) => g.layerNorm(x0, w.get(`${pre}.weight`), w.get(`${pre}.bias`), cfg.eps, pre);
    const h0 = ln(x, n.ln1);
    let q: string, k: string, v: string;
    if (naming === 'timm') {
      const qw = w.get(`blocks.${i}.attn.qkv.weight`, [3 * d, d]);
      const qb = w.get(`blocks.${i}.attn.qkv.bias`, [3 * d]);
      [q, k, v] = [0, 1, 2].map((j) => g.linear(h0, third(qw, j), third(qb, j), `blocks.${i}.attn.${'qkv'[j]}`)) as [string, string, string];
    } else {
      const a = `encoder.layer.${i}.attention.attention`;
      [q, k, v] = ['query', 'key', 'value'].map((part) => g.linear(h0, w.get(`${a}.${part}.weight`, [d, d]), w.get(`${a}.${part}.bias`), `${a}.${part}`)) as [string, string, string];
    }
    const ctx = multiHead(g, q, k, v, cfg.heads, d / cfg.heads, 1 / Math.sqrt(d / cfg.heads), null, `block${i}.attn`);
    const h = g.add(x, g.linear(ctx, w.get(`${n.proj}.weight`), w.get(`${n.proj}.bias`), n.proj));
    const m1 = g.linear(ln(h, n.ln2), w.get(`${n.fc1}.weight`), w.get(`${n.fc1}.bias`), n.fc1);
    const act = cfg.act === 'gelu' ? g.geluErf(m1) : g.geluTanh(m1);
    x = g.add(h, g.linear(act, w.get(`${n.fc2}.weight`), w.get(`${n.fc2}.bias`), n.fc2), `block${i}`);
  }
  if (req.cut !== undefined && req.cut < numBlocks) return { output: x, dims: ['batch', tokens, d], numBlocks, inputs: [input] };
  const clsTok = g.op('Gather', [x, g.int64('cls_index', [0], [])], { axis: 1 }); // [B, D]
  const feats = g.layerNorm(clsTok, w.get(`${nm.norm}.weight`), w.get(`${nm.norm}.bias`), cfg.eps, 'features');
  return { output: feats, dims: ['batch', d], numBlocks, inputs: [input] };
}
