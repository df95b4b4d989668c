import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors, type TensorToWrite } from '../../electron/core/backbones/safetensors';
import { mulberry32 } from '../../electron/core/training/engine/rng';

/**
 * A copy of a transformers checkpoint folder with its weights re-drawn as transformers initialises
 * them (normal(0, 0.02) for linear and embedding weights — GPT-2's residual projections c_proj at
 * 0.02 / sqrt(2 · n_layer) — biases 0, LayerNorm 1/0), seeded: the same
 * architecture and tokenizer without pretraining. The caller removes the folder.
 */
export async function randomInitCopy(src: string, seed = 0): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'random-init-'));
  cpSync(src, dir, { recursive: true });
  const { tensors } = await readSafetensors(join(src, 'model.safetensors'));
  const config = JSON.parse(readFileSync(join(src, 'config.json'), 'utf8')) as { n_layer?: number };
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const out = new Map<string, TensorToWrite>();
  for (const [name, t] of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    const isNorm = /(LayerNorm|ln_\d|ln_f)\./.test(name);
    const isBias = name.endsWith('.bias') || name === 'cls.predictions.bias';
    const data = new Float32Array(n);
    if (isNorm && name.endsWith('.weight')) data.fill(1);
    else if (!isBias) {
      const std = config.n_layer && name.endsWith('c_proj.weight') ? 0.02 / Math.sqrt(2 * config.n_layer) : 0.02;
      for (let i = 0; i < n; i++) data[i] = std * normal();
    }
    out.set(name, { shape: t.shape, data });
  }
  rmSync(join(dir, 'model.safetensors'));
  await writeSafetensors(join(dir, 'model.safetensors'), out, { format: 'pt' });
  return dir;
}
