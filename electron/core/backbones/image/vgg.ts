import * as tf from '../../tf/tf';
import { StudioError } from '../../../../shared/api/errors';
import type { CheckpointParams } from '../params';
import { linearHead, type Stage, type StagedImageModel } from '../staged';
import { loadBatchNorm } from './bn';
import { adaptiveAvgPool, batchNorm, conv, dropout, type BatchNorm } from './ops';
import { vggArchitectures, vggCfgs as cfgs } from './vgg-spec';

export { vggArchitectures };

/** Which naming the checkpoint's classifier uses; the conv trunk (`features.N`) is shared. */
export type VggNaming = 'torchvision' | 'timm';

export function vggNaming(ck: CheckpointParams): VggNaming | null {
  if (ck.has('classifier.0.weight')) return 'torchvision';
  if (ck.has('pre_logits.fc1.weight')) return 'timm';
  return null;
}

export async function buildVgg(ck: CheckpointParams, architecture: string, eps = 1e-5): Promise<StagedImageModel> {
  const withBn = architecture.endsWith('_bn');
  const cfg = cfgs[withBn ? architecture.slice(0, -3) : architecture];
  if (!cfg) throw new StudioError('bad_input', `unsupported VGG '${architecture}' (supported: ${vggArchitectures.join(', ')})`);
  const naming = vggNaming(ck);
  if (!naming) {
    throw new StudioError('bad_input', `${architecture}: found neither torchvision 'classifier.0.weight' nor timm 'pre_logits.fc1.weight' in the checkpoint`);
  }

  const stages: Stage[] = [];
  let idx = 0; // index into torchvision's `features` Sequential: conv, [bn], relu per conv, then a pool
  let cin = 3;
  for (let si = 0; si < cfg.length; si++) {
    const layers: { w: tf.Variable; b: tf.Variable; bn: BatchNorm | null }[] = [];
    for (const cout of cfg[si]) {
      const w = await ck.variable(`features.${idx}.weight`, 'conv', [cout, cin, 3, 3]);
      const b = await ck.variable(`features.${idx}.bias`, 'as-is', [cout]);
      const bn = withBn ? await loadBatchNorm(ck, `features.${idx + 1}`, cout, eps) : null;
      layers.push({ w, b, bn });
      idx += withBn ? 3 : 2;
      cin = cout;
    }
    idx += 1;
    stages.push({
      name: `features.stage${si + 1}`,
      variables: layers.flatMap((l) => [l.w, l.b, ...(l.bn ? [l.bn.gamma, l.bn.beta] : [])]),
      run: (x) => {
        let y = x as tf.Tensor4D;
        for (const l of layers) {
          // Without BatchNorm, bias and ReLU fuse into the conv (one kernel, gradients included).
          y = l.bn
            ? tf.relu(batchNorm(conv(y, l.w, 1, 1, l.b), l.bn))
            : tf.fused.conv2d({ x: y, filter: l.w as tf.Tensor4D, strides: 1, pad: 1, bias: l.b, activation: 'relu' });
        }
        return tf.maxPool(y, 2, 2, 0);
      },
    });
  }

  // Both namings hold fc1 as a 7×7 conv over the 512×7×7 map (torchvision's flatten is C,H,W order,
  // so its [4096, 25088] matrix is that conv's weight reshaped); fc2 as a 1×1 conv.
  const tv = naming === 'torchvision';
  const fc1Name = tv ? 'classifier.0' : 'pre_logits.fc1';
  const fc2Name = tv ? 'classifier.3' : 'pre_logits.fc2';
  const hidden = ck.shapeOf(`${fc1Name}.weight`)[0];
  const fc1 = await convFromLinear(ck, fc1Name, tv ? [hidden, 512 * 7 * 7] : [hidden, 512, 7, 7], [hidden, 512, 7, 7]);
  const fc2 = await convFromLinear(ck, fc2Name, tv ? [hidden, hidden] : [hidden, hidden, 1, 1], [hidden, hidden, 1, 1]);

  stages.push({
    name: fc1Name,
    variables: [fc1.w, fc1.b],
    run: (x, training) => {
      const map = x as tf.Tensor4D;
      const [h, w] = [map.shape[1], map.shape[2]];
      // torchvision always pools to 7×7; timm's ConvMlp pools only maps smaller than 7 (to max(7, size)),
      // runs fc1/fc2 as convs over larger ones and global-averages the result.
      const pooled = tv ? adaptiveAvgPool(map, 7, 7) : h < 7 || w < 7 ? adaptiveAvgPool(map, Math.max(7, h), Math.max(7, w)) : map;
      return dropout(tf.relu(conv(pooled, fc1.w, 1, 0, fc1.b)), 0.5, training);
    },
  });
  stages.push({
    name: fc2Name,
    variables: [fc2.w, fc2.b],
    run: (x) => tf.relu(conv(x as tf.Tensor4D, fc2.w, 1, 0, fc2.b)),
  });

  const headPrefix = tv ? 'classifier.6' : 'head.fc';
  let pretrainedHead;
  if (ck.has(`${headPrefix}.weight`)) {
    const n = ck.shapeOf(`${headPrefix}.weight`)[0];
    pretrainedHead = linearHead(await ck.variable(`${headPrefix}.weight`, 'linear', [n, hidden]), await ck.variable(`${headPrefix}.bias`, 'as-is', [n]));
  }
  ck.assertAllUsed(`${architecture} (${naming} naming)`);
  return {
    info: {
      family: 'vgg',
      modality: 'image',
      architecture,
      featureDim: hidden,
      numBlocks: stages.length,
      // fc2 only: fc1 alone is 103M weights (≈1.6 GB with Adam's moments), too much for a default.
      defaultFinetuneBlocks: 1,
      headNames: { weight: `${headPrefix}.weight`, bias: `${headPrefix}.bias` },
    },
    stages,
    // At 224 px the map is 1×1 and this is a reshape; timm averages larger maps, torchvision's are always 1×1.
    head: { variables: [], run: (x) => tf.mean(x, [1, 2]) as tf.Tensor2D },
    params: ck,
    pretrainedHead,
  };
}

/** A fully connected layer held as a conv [kh, kw, in, out]; export restores the checkpoint's own shape. */
async function convFromLinear(ck: CheckpointParams, prefix: string, storedShape: number[], convShape: [number, number, number, number]) {
  const t = await ck.tensor(`${prefix}.weight`, storedShape, 'conv', convShape);
  const w = tf.variable(t, true);
  t.dispose();
  ck.adopt(w, () => [[`${prefix}.weight`, tf.tidy(() => tf.reshape(tf.transpose(w, [3, 2, 0, 1]), storedShape))]]);
  const b = await ck.variable(`${prefix}.bias`, 'as-is', [convShape[0]]);
  return { w, b };
}
