import * as tf from '../../../electron/core/tf/tf';
import '@tensorflow/tfjs-backend-wasm';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors, type TensorToWrite } from '../../../electron/core/backbones/safetensors';

export const FIXTURES = join(__dirname, '../../fixtures/parity');

/** The project's test backend: wasm (SIMD, 1 thread), as CI runs it. */
export async function useWasm(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  await tf.ready();
}

export { maxAbsDiff } from '../helpers';

/**
 * A temporary copy of a checkpoint folder whose tensors are renamed (null drops one) and
 * optionally extended; the caller removes the folder.
 */
export async function renamedCopy(
  src: string,
  rename: (name: string) => string | null,
  extra: Record<string, TensorToWrite> = {},
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'text-ckpt-'));
  cpSync(src, dir, { recursive: true });
  const { tensors } = await readSafetensors(join(src, 'model.safetensors'));
  const out = new Map<string, TensorToWrite>();
  for (const [name, t] of tensors) {
    const to = rename(name);
    if (to !== null) out.set(to, { shape: t.shape, data: t.data });
  }
  for (const [name, t] of Object.entries(extra)) out.set(name, t);
  rmSync(join(dir, 'model.safetensors'));
  await writeSafetensors(join(dir, 'model.safetensors'), out);
  return dir;
}
