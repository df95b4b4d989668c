import { StudioError } from '../../../../shared/api/errors';
import { parseBertConfig, parseGpt2Config } from '../../backbones/text/config';
import { MASKED } from '../../backbones/text/ops';
import type { GraphBuilder } from '../graph';
import { DataType } from '../proto';
import type { OnnxWeights } from '../weights';
import { multiHead } from './attention';
import type { BuildRequest, BuiltGraph } from './types';

function activation(g: GraphBuilder, x: string, name: string): string {
  if (name === 'gelu') return g.geluErf(x);
  if (name === 'gelu_new' || name === 'gelu_pytorch_tanh') return g.geluTanh(x);
  if (name === 'relu') return g.relu(x);
  throw new StudioError('bad_input', `ONNX: activation "${name}" is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)`);
}

/** int64 [B, T] inputs, batch and length dynamic; returns T as a 1-element int64 vector and as a scalar. */
function textInputs(g: GraphBuilder, withTypes: boolean) {
  const ids = g.input('input_ids', DataType.INT64, ['batch', 'sequence']);
  const mask = g.input('attention_mask', DataType.INT64, ['batch', 'sequence']);
  const types = withTypes ? g.input('token_type_ids', DataType.INT64, ['batch', 'sequence']) : null;
  const shape = g.op('Shape', [ids]);
  const tVec = g.op('Slice', [shape, g.int64('t_from', [1]), g.int64('t_to', [2])], {}, 'seq_len_vec');
  const tScalar = g.op('Squeeze', [tVec, g.int64('axis0', [0])], {}, 'seq_len');
  const maskF = g.op('Cast', [mask], { to: DataType.FLOAT }, 'mask_f');
  // [B,1,1,T]: 0 where a token is real, MASKED (finite, as the tfjs families use) where it is padding.
  const padBias = g.op('Unsqueeze', [g.mul(g.op('Sub', [g.scalar('one', 1), maskF]), g.scalar('masked', MASKED)), g.int64('axes12', [1, 2])], {}, 'padding_bias');
  return { ids, mask, types, tVec, tScalar, maskF, padBias, names: [ids, mask, ...(types ? [types] : [])] };
}

const positions = (g: GraphBuilder, w: OnnxWeights, name: string, tVec: string) => {
  const pe = w.get(name);
  return g.op('Slice', [g.weight(name, pe.data, pe.dims), g.int64('p0', [0]), tVec, g.int64('axis0', [0])], {}, 'positions');
};

function checkCut(cut: number, numBlocks: number): void {
  if (!Number.isInteger(cut) || cut < 1 || cut > numBlocks) throw new StudioError('bad_input', `ONNX trunk cut must be in [1, ${numBlocks}], got ${cut}`);
}

/** transformers BertModel, post-LayerNorm; features = pooler output tanh(dense(h[:, 0])). Stage i = layer i. */
export function buildBertGraph(req: BuildRequest): BuiltGraph {
  const { g, w } = req;
  const c = parseBertConfig(req.config);
  w.usePrefix('embeddings.word_embeddings.weight', ['', 'bert.']);
  const H = c.hiddenSize;
  const cut = req.cut ?? c.numLayers;
  checkCut(cut, c.numLayers);
  const io = textInputs(g, true);
  const emb = (n: string) => g.weight(n, w.get(n).data, w.get(n).dims);
  const words = g.op('Gather', [emb('embeddings.word_embeddings.weight'), io.ids], { axis: 0 });
  const typ = g.op('Gather', [emb('embeddings.token_type_embeddings.weight'), io.types!], { axis: 0 });
  const sum = g.add(g.add(words, typ), positions(g, w, 'embeddings.position_embeddings.weight', io.tVec));
  let h = g.layerNorm(sum, w.get('embeddings.LayerNorm.weight'), w.get('embeddings.LayerNorm.bias'), c.layerNormEps, 'embeddings');
  const hd = H / c.numHeads;
  for (let i = 0; i < cut; i++) {
    const L = `encoder.layer.${i}`;
    const lin = (x: string, n: string) => g.linear(x, w.get(`${n}.weight`), w.get(`${n}.bias`), n);
    const [q, k, v] = ['query', 'key', 'value'].map((p) => lin(h, `${L}.attention.self.${p}`)) as [string, string, string];
    const ctx = multiHead(g, q, k, v, c.numHeads, hd, 1 / Math.sqrt(hd), io.padBias, `${L}.attn`);
    const h1 = g.layerNorm(g.add(lin(ctx, `${L}.attention.output.dense`), h), w.get(`${L}.attention.output.LayerNorm.weight`), w.get(`${L}.attention.output.LayerNorm.bias`), c.layerNormEps, `${L}.attention.output.LayerNorm`);
    const ff = lin(activation(g, lin(h1, `${L}.intermediate.dense`), c.hiddenAct), `${L}.output.dense`);
    h = g.layerNorm(g.add(ff, h1), w.get(`${L}.output.LayerNorm.weight`), w.get(`${L}.output.LayerNorm.bias`), c.layerNormEps, L);
  }
  if (req.cut !== undefined && req.cut < c.numLayers) return { output: h, dims: ['batch', 'sequence', H], numBlocks: c.numLayers, inputs: io.names };
  const cls = g.op('Gather', [h, g.int64('cls_index', [0], [])], { axis: 1 });
  const pooled = g.op('Tanh', [g.linear(cls, w.get('pooler.dense.weight'), w.get('pooler.dense.bias'), 'pooler.dense')], {}, 'features');
  return { output: pooled, dims: ['batch', H], numBlocks: c.numLayers, inputs: io.names };
}

/** transformers GPT2Model, pre-LayerNorm, causal; features = ln_f(h) at each row's last real token. Stage i = block i. */
export function buildGpt2Graph(req: BuildRequest): BuiltGraph {
  const { g, w } = req;
  const c = parseGpt2Config(req.config);
  w.usePrefix('wte.weight', ['', 'transformer.']);
  const H = c.hiddenSize;
  const cut = req.cut ?? c.numLayers;
  checkCut(cut, c.numLayers);
  const io = textInputs(g, false);
  const wte = w.get('wte.weight', [c.vocabSize, H]);
  let h = g.add(g.op('Gather', [g.weight('wte.weight', wte.data, wte.dims), io.ids], { axis: 0 }), positions(g, w, 'wpe.weight', io.tVec), 'embeddings');
  // Causal bias [T, T]: MASKED above the diagonal, added to the padding bias as the tfjs family does.
  const r = g.op('Range', [g.int64('zero', [0], []), io.tScalar, g.int64('step', [1], [])], {}, 'arange');
  const future = g.op('Greater', [g.op('Unsqueeze', [r, g.int64('ax0', [0])]), g.op('Unsqueeze', [r, g.int64('ax1', [1])])]);
  const bias = g.add(io.padBias, g.mul(g.op('Cast', [future], { to: DataType.FLOAT }), g.scalar('masked_c', MASKED)), 'attn_bias');
  const hd = H / c.numHeads;
  const ln = (x: string, n: string) => g.layerNorm(x, w.get(`${n}.weight`), w.get(`${n}.bias`), c.layerNormEps, n);
  const conv1d = (x: string, n: string) => g.linearInOut(x, w.get(`${n}.weight`), w.get(`${n}.bias`), n);
  for (let i = 0; i < cut; i++) {
    const L = `h.${i}`;
    const qkv = conv1d(ln(h, `${L}.ln_1`), `${L}.attn.c_attn`);
    const [q, k, v] = g.opMulti('Split', [qkv, g.int64(`${L}.split`, [H, H, H])], { axis: 2 }, `${L}.qkv`, 3) as [string, string, string];
    let scale = c.scaleAttnWeights ? 1 / Math.sqrt(hd) : 1;
    if (c.scaleByInverseLayerIdx) scale /= i + 1;
    const h1 = g.add(h, conv1d(multiHead(g, q, k, v, c.numHeads, hd, scale, bias, `${L}.attn`), `${L}.attn.c_proj`));
    h = g.add(h1, conv1d(activation(g, conv1d(ln(h1, `${L}.ln_2`), `${L}.mlp.c_fc`), c.activation), `${L}.mlp.c_proj`), L);
  }
  if (req.cut !== undefined && req.cut < c.numLayers) return { output: h, dims: ['batch', 'sequence', H], numBlocks: c.numLayers, inputs: io.names };
  // The last 1 in each mask row (0 for an empty row), selected by a one-hot product: exact, and any padding side works.
  const pos1 = g.op('Cast', [g.add(r, g.int64('one_i', [1], []))], { to: DataType.FLOAT });
  const last = g.op('Max', [g.op('Sub', [g.op('ReduceMax', [g.mul(io.maskF, pos1)], { axes: [1], keepdims: 1 }), g.scalar('one_f', 1)]), g.scalar('zero_f', 0)]);
  const onehot = g.op('Cast', [g.op('Equal', [g.op('Cast', [r], { to: DataType.FLOAT }), last])], { to: DataType.FLOAT });
  const picked = g.op('ReduceSum', [g.mul(h, g.op('Unsqueeze', [onehot, g.int64('ax2', [2])])), g.int64('ax1r', [1])], { keepdims: 0 });
  const feats = ln(picked, 'ln_f');
  return { output: feats, dims: ['batch', H], numBlocks: c.numLayers, inputs: io.names };
}
