import * as tf from '../../tf/tf';
import type { CheckpointParams } from '../params';
import { linearHead, type Stage, type StagedImageModel } from '../staged';
import { loadBatchNorm } from './bn';
import { batchNorm, conv, type BatchNorm } from './ops';
import { resolveSpec, type ResnetArgs } from './resnet-spec';

export { resnetArchitectures, resolveSpec, type ResnetArgs } from './resnet-spec';


interface ConvBn {
  w: tf.Variable;
  bn: BatchNorm;
  stride: number;
  pad: number;
}

async function convBn(ck: CheckpointParams, convName: string, bnName: string, cin: number, cout: number, k: number, stride: number, eps: number): Promise<ConvBn> {
  const w = await ck.variable(`${convName}.weight`, 'conv', [cout, cin, k, k]);
  const bn = await loadBatchNorm(ck, bnName, cout, eps);
  return { w, bn, stride, pad: (k - 1) / 2 };
}

const applyConvBn = (x: tf.Tensor4D, c: ConvBn) => batchNorm(conv(x, c.w, c.stride, c.pad), c.bn);
const convBnVars = (c: ConvBn) => [c.w, c.bn.gamma, c.bn.beta];

export async function buildResnet(ck: CheckpointParams, architecture: string, eps = 1e-5, args: ResnetArgs = {}): Promise<StagedImageModel> {
  const spec = resolveSpec(architecture, args);
  const expansion = spec.bottleneck ? 4 : 1;

  const stem = await convBn(ck, 'conv1', 'bn1', spec.inChans, spec.stemWidth, 7, 2, eps);
  const stages: Stage[] = [
    {
      name: 'stem',
      variables: convBnVars(stem),
      // Zero padding equals PyTorch's -inf padding here: the max runs over ReLU outputs (all ≥ 0).
      run: (x) => tf.maxPool(tf.relu(applyConvBn(x as tf.Tensor4D, stem)), 3, 2, 1),
    },
  ];

  let inplanes = spec.stemWidth;
  for (let li = 0; li < 4; li++) {
    const planes = spec.channels[li]!;
    for (let bi = 0; bi < spec.layers[li]!; bi++) {
      const p = `layer${li + 1}.${bi}`;
      const stride = bi === 0 && li > 0 ? 2 : 1;
      const out = planes * expansion;
      const convs: ConvBn[] = spec.bottleneck
        ? [
            await convBn(ck, `${p}.conv1`, `${p}.bn1`, inplanes, planes, 1, 1, eps),
            await convBn(ck, `${p}.conv2`, `${p}.bn2`, planes, planes, 3, stride, eps),
            await convBn(ck, `${p}.conv3`, `${p}.bn3`, planes, out, 1, 1, eps),
          ]
        : [
            await convBn(ck, `${p}.conv1`, `${p}.bn1`, inplanes, planes, 3, stride, eps),
            await convBn(ck, `${p}.conv2`, `${p}.bn2`, planes, planes, 3, 1, eps),
          ];
      const down = stride !== 1 || inplanes !== out ? await convBn(ck, `${p}.downsample.0`, `${p}.downsample.1`, inplanes, out, 1, stride, eps) : null;
      stages.push({
        name: p,
        variables: [...convs.flatMap(convBnVars), ...(down ? convBnVars(down) : [])],
        run: (x) => {
          const x4 = x as tf.Tensor4D;
          let y = x4;
          convs.forEach((c, i) => {
            y = applyConvBn(y, c);
            if (i < convs.length - 1) y = tf.relu(y);
          });
          return tf.relu(tf.add(y, down ? applyConvBn(x4, down) : x4));
        },
      });
      inplanes = out;
    }
  }

  const featureDim = inplanes;
  let pretrainedHead;
  if (ck.has('fc.weight')) {
    const fcOut = ck.shapeOf('fc.weight')[0];
    pretrainedHead = linearHead(await ck.variable('fc.weight', 'linear', [fcOut, featureDim]), await ck.variable('fc.bias', 'as-is', [fcOut]));
  }
  ck.assertAllUsed(architecture);
  return {
    info: {
      family: 'resnet',
      modality: 'image',
      architecture,
      featureDim,
      numBlocks: stages.length,
      // The last stage (layer4): the usual "fine-tune the top" for ResNets.
      defaultFinetuneBlocks: spec.layers[3]!,
      headNames: { weight: 'fc.weight', bias: 'fc.bias' },
    },
    stages,
    head: { variables: [], run: (x) => tf.mean(x, [1, 2]) as tf.Tensor2D },
    params: ck,
    pretrainedHead,
  };
}
