import * as tf from '../../tf/tf';
import type { CheckpointParams } from '../params';
import type { Gpt2Config } from './config';
import { TextWeights } from './names';
import { activationByName, attention, causalBias, dense, layerNorm, maybeDropout, mergeHeads, paddingBias, splitHeads, type Linear, type Norm } from './ops';
import { TextBackbone, type TextModel } from './staged';

interface Gpt2Layer {
  ln1: Norm;
  cAttn: Linear; // [H, 3H]: q, k, v along the output axis
  cProj: Linear;
  ln2: Norm;
  fc: Linear;
  proj: Linear;
}

interface Gpt2Weights {
  wte: tf.Variable;
  wpe: tf.Variable;
  layers: Gpt2Layer[];
  lnF: Norm;
}

/**
 * Reads GPT2Model tensors, bare or under `transformer.` (GPT2LMHeadModel and friends). Conv1D
 * weights are stored [in, out], tfjs's own layout, so they load as they are. The `attn.bias` /
 * `attn.masked_bias` buffers of older uploads (a causal mask) and `lm_head` / `score` heads are skipped.
 */
async function readGpt2Weights(params: CheckpointParams, c: Gpt2Config): Promise<Gpt2Weights> {
  const prefix = TextWeights.detectPrefix(params, 'wte.weight', ['', 'transformer.'], 'GPT-2');
  const w = new TextWeights(params, prefix);
  const H = c.hiddenSize;
  const wte = await w.variable('wte.weight', 'as-is', [c.vocabSize, H]);
  const wpe = await w.variable('wpe.weight', 'as-is', [c.maxPositions, H]);
  const layers: Gpt2Layer[] = [];
  for (let i = 0; i < c.numLayers; i++) {
    const L = `h.${i}`;
    layers.push({
      ln1: await w.norm(`${L}.ln_1`, H),
      cAttn: await w.conv1d(`${L}.attn.c_attn`, H, 3 * H),
      cProj: await w.conv1d(`${L}.attn.c_proj`, H, H),
      ln2: await w.norm(`${L}.ln_2`, H),
      fc: await w.conv1d(`${L}.mlp.c_fc`, H, c.innerSize),
      proj: await w.conv1d(`${L}.mlp.c_proj`, c.innerSize, H),
    });
  }
  const lnF = await w.norm('ln_f', H);
  w.ignoreMatching((n) => /\.attn\.(masked_)?bias$/.test(n) || n.startsWith('lm_head.') || n.startsWith('score.'));
  params.assertAllUsed(`GPT2Model with ${c.numLayers} layers`);
  return { wte, wpe, layers, lnF };
}

const linearVars = (l: Linear) => [l.w, l.b];
const normVars = (n: Norm) => [n.g, n.b];

/**
 * GPT-2: pre-LayerNorm decoder with causal + padding masks, gelu_new by default; features =
 * the final hidden state (after ln_f) at each row's last non-padding token, as
 * GPT2ForSequenceClassification reads it. Position ids are 0..T-1, so batches must be padded
 * on the right (what TextTokenizer does); a row with no real token reads position 0.
 */
function gpt2Model(w: Gpt2Weights, c: Gpt2Config, params: CheckpointParams): TextModel {
  const act = activationByName(c.activation, 'activation_function');
  const heads = c.numHeads;
  const H = c.hiddenSize;
  const headDim = H / heads;

  const embed = (ids: tf.Tensor2D, _types: tf.Tensor2D | null, training: boolean): tf.Tensor3D => {
    const t = ids.shape[1];
    const pos = tf.expandDims(tf.slice(w.wpe, [0, 0], [t, H]), 0);
    return maybeDropout(tf.add(tf.gather(w.wte, ids), pos), c.embdDropout, training) as tf.Tensor3D;
  };

  const block = (i: number, h: tf.Tensor3D, bias: tf.Tensor, training: boolean, sink?: tf.Tensor[]): tf.Tensor3D => {
    const L = w.layers[i];
    const qkv = dense(layerNorm(h, L.ln1, c.layerNormEps), L.cAttn);
    const [q, k, v] = tf.split(qkv, 3, 2).map((x) => splitHeads(x, heads));
    let scale = c.scaleAttnWeights ? 1 / Math.sqrt(headDim) : 1;
    if (c.scaleByInverseLayerIdx) scale /= i + 1;
    const ctx = mergeHeads(attention(q, k, v, bias, scale, training ? c.attnDropout : 0, sink));
    const h1 = tf.add(h, maybeDropout(dense(ctx, L.cProj), c.residDropout, training));
    const ff = dense(act(dense(layerNorm(h1, L.ln2, c.layerNormEps), L.fc)), L.proj);
    return tf.add(h1, maybeDropout(ff, c.residDropout, training)) as tf.Tensor3D;
  };

  const attentionBias = (mask: tf.Tensor2D): tf.Tensor => {
    // Sum of the two biases: a masked pair gets at least MASKED, never -inf, so no NaNs.
    return tf.add(paddingBias(mask), causalBias(mask.shape[1]));
  };

  const head = (h: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D => {
    const [b, t] = mask.shape;
    // Index of the last 1 in each mask row (right or left padding alike), 0 for an empty row.
    const positions = tf.add(tf.range(0, t, 1, 'float32'), 1);
    const last = tf.maximum(tf.sub(tf.max(tf.mul(mask, positions), 1), 1), 0);
    const flatIdx = tf.cast(tf.add(tf.mul(tf.range(0, b, 1, 'float32'), t), last), 'int32');
    // ln_f is per token: picking first normalises B rows instead of B·T.
    return layerNorm(tf.gather(tf.reshape(h, [b * t, H]), flatIdx), w.lnF, c.layerNormEps) as tf.Tensor2D;
  };

  return {
    info: { family: 'gpt2', modality: 'text', architecture: 'gpt2', featureDim: H, numBlocks: c.numLayers, defaultFinetuneBlocks: Math.min(2, c.numLayers) },
    maxPositions: c.maxPositions,
    usesTokenTypes: false,
    embed,
    attentionBias,
    block,
    head,
    embeddingVars: [w.wte, w.wpe],
    blockVars: w.layers.map((l) => [...normVars(l.ln1), ...linearVars(l.cAttn), ...linearVars(l.cProj), ...normVars(l.ln2), ...linearVars(l.fc), ...linearVars(l.proj)]),
    headVars: normVars(w.lnF),
    params,
  };
}

export async function buildGpt2(params: CheckpointParams, config: Gpt2Config): Promise<TextBackbone> {
  try {
    return new TextBackbone(gpt2Model(await readGpt2Weights(params, config), config, params));
  } catch (e) {
    params.dispose();
    throw e;
  }
}
