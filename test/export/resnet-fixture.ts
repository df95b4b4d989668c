import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSafetensors, type TensorToWrite } from '../../electron/core/backbones/safetensors';

/**
 * A ResNet-18 in torchvision/timm naming with seeded random weights (kaiming-scaled convs, BatchNorm
 * statistics near 0/1 so activations stay sane), written as a hub-layout folder. Input 32×32.
 */
export async function writeResnet18(dir: string, seed = 7): Promise<string> {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0), s / 2 ** 32);
  const t: Map<string, TensorToWrite> = new Map();
  const conv = (name: string, cout: number, cin: number, k: number) => {
    const n = cout * cin * k * k;
    const scale = Math.sqrt(2 / (cin * k * k)) * Math.sqrt(3);
    t.set(`${name}.weight`, { shape: [cout, cin, k, k], data: Float32Array.from({ length: n }, () => (rnd() * 2 - 1) * scale) });
  };
  const bn = (name: string, c: number) => {
    t.set(`${name}.weight`, { shape: [c], data: Float32Array.from({ length: c }, () => 0.5 + rnd() * 0.5) });
    t.set(`${name}.bias`, { shape: [c], data: Float32Array.from({ length: c }, () => (rnd() - 0.5) * 0.2) });
    t.set(`${name}.running_mean`, { shape: [c], data: Float32Array.from({ length: c }, () => (rnd() - 0.5) * 0.2) });
    t.set(`${name}.running_var`, { shape: [c], data: Float32Array.from({ length: c }, () => 0.8 + rnd() * 0.4) });
    t.set(`${name}.num_batches_tracked`, { shape: [], data: Int32Array.from([100]), dtype: 'I64' });
  };
  conv('conv1', 64, 3, 7);
  bn('bn1', 64);
  let inplanes = 64;
  for (let li = 0; li < 4; li++) {
    const planes = 64 * 2 ** li;
    for (let bi = 0; bi < 2; bi++) {
      const p = `layer${li + 1}.${bi}`;
      conv(`${p}.conv1`, planes, inplanes, 3);
      bn(`${p}.bn1`, planes);
      conv(`${p}.conv2`, planes, planes, 3);
      bn(`${p}.bn2`, planes);
      if (bi === 0 && li > 0) {
        conv(`${p}.downsample.0`, planes, inplanes, 1);
        bn(`${p}.downsample.1`, planes);
      }
      inplanes = planes;
    }
  }
  mkdirSync(dir, { recursive: true });
  await writeSafetensors(join(dir, 'model.safetensors'), t, { format: 'pt' });
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      architecture: 'resnet18',
      num_classes: 0,
      num_features: 512,
      pretrained_cfg: { input_size: [3, 32, 32], mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], crop_pct: 1.0, interpolation: 'bilinear', classifier: 'fc' },
    }),
  );
  return dir;
}

/** A VGG-11 (torchvision naming) with a narrow classifier (`hidden` units, read from the weights), input 32×32. */
export async function writeVgg11(dir: string, hidden = 16, seed = 5): Promise<string> {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0), s / 2 ** 32);
  const t: Map<string, TensorToWrite> = new Map();
  const uniform = (n: number, scale: number) => Float32Array.from({ length: n }, () => (rnd() * 2 - 1) * scale);
  const cfg = [[64], [128], [256, 256], [512, 512], [512, 512]];
  let idx = 0;
  let cin = 3;
  for (const stage of cfg) {
    for (const cout of stage) {
      t.set(`features.${idx}.weight`, { shape: [cout, cin, 3, 3], data: uniform(cout * cin * 9, Math.sqrt(6 / (cin * 9))) });
      t.set(`features.${idx}.bias`, { shape: [cout], data: uniform(cout, 0.05) });
      idx += 2;
      cin = cout;
    }
    idx += 1;
  }
  t.set('classifier.0.weight', { shape: [hidden, 512 * 49], data: uniform(hidden * 512 * 49, Math.sqrt(6 / (512 * 49))) });
  t.set('classifier.0.bias', { shape: [hidden], data: uniform(hidden, 0.05) });
  t.set('classifier.3.weight', { shape: [hidden, hidden], data: uniform(hidden * hidden, Math.sqrt(6 / hidden)) });
  t.set('classifier.3.bias', { shape: [hidden], data: uniform(hidden, 0.05) });
  mkdirSync(dir, { recursive: true });
  await writeSafetensors(join(dir, 'model.safetensors'), t, { format: 'pt' });
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ architecture: 'vgg11', num_classes: 0, pretrained_cfg: { input_size: [3, 32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], crop_pct: 1.0, interpolation: 'bilinear' } }),
  );
  return dir;
}
