import * as tf from '../../tf/tf';
import { StudioError } from '../../../../shared/api/errors';
import type { CheckpointParams } from '../params';
import { linearHead, type Stage, type StagedImageModel } from '../staged';
import { geluErf, geluTanh, layerNorm, linear } from './ops';
import type { VitConfig } from './vit-config';

interface Ln {
  g: tf.Variable;
  b: tf.Variable;
}
interface Block {
  ln1: Ln;
  qkvW: tf.Variable; // [D, 3D], q|k|v along the output axis as timm fuses them
  qkvB: tf.Variable;
  projW: tf.Variable;
  projB: tf.Variable;
  ln2: Ln;
  fc1W: tf.Variable;
  fc1B: tf.Variable;
  fc2W: tf.Variable;
  fc2B: tf.Variable;
}

/** Checkpoint names per library; transformers' separate q/k/v are fused on load and split on export. */
const names = {
  timm: {
    patch: 'patch_embed.proj',
    cls: 'cls_token',
    pos: 'pos_embed',
    norm: 'norm',
    block: (i: number) => ({ ln1: `blocks.${i}.norm1`, proj: `blocks.${i}.attn.proj`, ln2: `blocks.${i}.norm2`, fc1: `blocks.${i}.mlp.fc1`, fc2: `blocks.${i}.mlp.fc2` }),
  },
  transformers: {
    patch: 'embeddings.patch_embeddings.projection',
    cls: 'embeddings.cls_token',
    pos: 'embeddings.position_embeddings',
    norm: 'layernorm',
    block: (i: number) => {
      const p = `encoder.layer.${i}`;
      return { ln1: `${p}.layernorm_before`, proj: `${p}.attention.output.dense`, ln2: `${p}.layernorm_after`, fc1: `${p}.intermediate.dense`, fc2: `${p}.output.dense` };
    },
  },
};

async function loadLn(ck: CheckpointParams, prefix: string, dim: number): Promise<Ln> {
  return { g: await ck.variable(`${prefix}.weight`, 'as-is', [dim]), b: await ck.variable(`${prefix}.bias`, 'as-is', [dim]) };
}

async function loadQkv(ck: CheckpointParams, cfg: VitConfig, i: number): Promise<{ w: tf.Variable; b: tf.Variable }> {
  const d = cfg.dim;
  if (cfg.naming === 'timm') {
    return { w: await ck.variable(`blocks.${i}.attn.qkv.weight`, 'linear', [3 * d, d]), b: await ck.variable(`blocks.${i}.attn.qkv.bias`, 'as-is', [3 * d]) };
  }
  const p = `encoder.layer.${i}.attention.attention`;
  const parts = ['query', 'key', 'value'];
  const ws: tf.Tensor[] = [];
  const bs: tf.Tensor[] = [];
  for (const part of parts) {
    ws.push(await ck.tensor(`${p}.${part}.weight`, [d, d], 'linear'));
    bs.push(await ck.tensor(`${p}.${part}.bias`, [d]));
  }
  const w = tf.tidy(() => tf.variable(tf.concat(ws, 1), true));
  const b = tf.tidy(() => tf.variable(tf.concat(bs, 0), true));
  tf.dispose([...ws, ...bs]);
  ck.adopt(w, () => tf.tidy(() => tf.split(w, 3, 1).map((t) => tf.transpose(t))).map((t, k) => [`${p}.${parts[k]}.weight`, t] as [string, tf.Tensor]));
  ck.adopt(b, () => tf.split(b, 3, 0).map((t, k) => [`${p}.${parts[k]}.bias`, t] as [string, tf.Tensor]));
  return { w, b };
}

function attention(x: tf.Tensor, blk: Block, cfg: VitConfig, sink?: tf.Tensor[]): tf.Tensor {
  const [bsz, n, d] = x.shape;
  const hd = d / cfg.heads;
  const qkv = linear(x, blk.qkvW, blk.qkvB);
  const [q, k, v] = tf.split(qkv, 3, 2).map((t) => tf.transpose(tf.reshape(t, [bsz, n, cfg.heads, hd]), [0, 2, 1, 3]));
  const scores = tf.matMul(tf.mul(q, 1 / Math.sqrt(hd)), k, false, true);
  const probs = tf.softmax(scores, -1);
  if (sink) sink.push(tf.keep(probs));
  const ctx = tf.matMul(probs, v);
  return linear(tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [bsz, n, d]), blk.projW, blk.projB);
}

/** Pre-norm ViT (timm VisionTransformer / transformers ViTModel); features = CLS token after the final LayerNorm. */
export async function buildVit(ck: CheckpointParams, cfg: VitConfig): Promise<StagedImageModel> {
  const { dim: d, patchSize: p, imgSize } = cfg;
  if (d % cfg.heads !== 0) throw new StudioError('bad_input', `ViT width ${d} is not divisible by ${cfg.heads} heads`);
  if (imgSize % p !== 0) throw new StudioError('bad_input', `ViT image size ${imgSize} is not a multiple of patch size ${p}`);
  const nm = names[cfg.naming];
  const tokens = (imgSize / p) ** 2 + 1;
  const act = cfg.act === 'gelu' ? geluErf : geluTanh;

  const patchW = await ck.variable(`${nm.patch}.weight`, 'conv', [d, 3, p, p]);
  const patchB = await ck.variable(`${nm.patch}.bias`, 'as-is', [d]);
  const cls = await ck.variable(nm.cls, 'as-is', [1, 1, d]);
  if (ck.has(nm.pos) && ck.shapeOf(nm.pos)[1] !== tokens) {
    throw new StudioError(
      'bad_input',
      `${cfg.architecture}: position embeddings hold ${ck.shapeOf(nm.pos)[1]} tokens but ${imgSize}px images in ${p}px patches give ${tokens} (check img_size / patch_size in config.json)`,
    );
  }
  const pos = await ck.variable(nm.pos, 'as-is', [1, tokens, d]);
  const stages: Stage[] = [
    {
      name: 'embeddings',
      variables: [patchW, patchB, cls, pos],
      run: (x) => {
        const b = x.shape[0];
        const patches = tf.reshape(tf.add(tf.conv2d(x as tf.Tensor4D, patchW as tf.Tensor4D, p, 'valid'), patchB), [b, tokens - 1, d]);
        return tf.add(tf.concat([tf.broadcastTo(cls, [b, 1, d]), patches], 1), pos);
      },
    },
  ];

  for (let i = 0; i < cfg.depth; i++) {
    const n = nm.block(i);
    const ln1 = await loadLn(ck, n.ln1, d);
    const qkv = await loadQkv(ck, cfg, i);
    const blk: Block = {
      ln1,
      qkvW: qkv.w,
      qkvB: qkv.b,
      projW: await ck.variable(`${n.proj}.weight`, 'linear', [d, d]),
      projB: await ck.variable(`${n.proj}.bias`, 'as-is', [d]),
      ln2: await loadLn(ck, n.ln2, d),
      fc1W: await ck.variable(`${n.fc1}.weight`, 'linear', [cfg.mlpDim, d]),
      fc1B: await ck.variable(`${n.fc1}.bias`, 'as-is', [cfg.mlpDim]),
      fc2W: await ck.variable(`${n.fc2}.weight`, 'linear', [d, cfg.mlpDim]),
      fc2B: await ck.variable(`${n.fc2}.bias`, 'as-is', [d]),
    };
    stages.push({
      name: `block${i}`,
      variables: [blk.ln1.g, blk.ln1.b, blk.qkvW, blk.qkvB, blk.projW, blk.projB, blk.ln2.g, blk.ln2.b, blk.fc1W, blk.fc1B, blk.fc2W, blk.fc2B],
      run: (x, _training, sink) => {
        const h = tf.add(x, attention(layerNorm(x, blk.ln1.g, blk.ln1.b, cfg.eps), blk, cfg, sink));
        const m = linear(act(linear(layerNorm(h, blk.ln2.g, blk.ln2.b, cfg.eps), blk.fc1W, blk.fc1B)), blk.fc2W, blk.fc2B);
        return tf.add(h, m);
      },
    });
  }
  if (ck.has(`blocks.${cfg.depth}.norm1.weight`) || ck.has(`encoder.layer.${cfg.depth}.layernorm_before.weight`)) {
    throw new StudioError('bad_input', `${cfg.architecture}: the checkpoint has more than the configured ${cfg.depth} blocks`);
  }
  const norm = await loadLn(ck, nm.norm, d);

  // Tensors features do not use but export must keep: transformers' tanh pooler and mask token.
  for (const extra of ['pooler.dense.weight', 'pooler.dense.bias', 'embeddings.mask_token']) {
    if (cfg.naming === 'transformers' && ck.has(extra)) await ck.variable(extra, 'as-is', undefined, false);
  }

  let pretrainedHead;
  let headNames: { weight: string; bias: string };
  if (cfg.naming === 'timm') {
    headNames = { weight: 'head.weight', bias: 'head.bias' };
  } else {
    // ViTForImageClassification: the classifier sits outside the `vit.` prefix.
    ck.prefix = '';
    headNames = { weight: 'classifier.weight', bias: 'classifier.bias' };
  }
  if (ck.has(headNames.weight)) {
    const c = ck.shapeOf(headNames.weight)[0];
    pretrainedHead = linearHead(await ck.variable(headNames.weight, 'linear', [c, d]), await ck.variable(headNames.bias, 'as-is', [c]));
  }
  ck.assertAllUsed(`${cfg.architecture} (${cfg.naming} naming)`);

  return {
    info: {
      family: 'vit',
      modality: 'image',
      architecture: cfg.architecture,
      featureDim: d,
      numBlocks: stages.length,
      defaultFinetuneBlocks: Math.min(2, cfg.depth),
      headNames,
      inputSize: [imgSize, imgSize],
    },
    stages,
    head: {
      variables: [norm.g, norm.b],
      run: (x) => {
        const clsTok = tf.reshape(tf.slice(x, [0, 0, 0], [-1, 1, -1]), [x.shape[0], d]);
        return layerNorm(clsTok, norm.g, norm.b, cfg.eps) as tf.Tensor2D;
      },
    },
    params: ck,
    pretrainedHead,
    hasAttention: true,
  };
}
