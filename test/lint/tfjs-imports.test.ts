import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(code: string, filePath: string): Promise<string> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n');
}

const refused = /no-restricted-syntax: Import tfjs from electron\/core\/tf\/tf/;

describe("tfjs comes in through electron/core/tf/tf, never the '@tensorflow/tfjs' umbrella", () => {
  it('refuses the umbrella however it is imported, anywhere in the tree', async () => {
    for (const [code, file] of [
      ["import * as tf from '@tensorflow/tfjs';\nexport const t = tf.scalar(1);\n", 'electron/core/training/engine/bad.ts'],
      ["import type { Tensor } from '@tensorflow/tfjs';\nexport type T = Tensor;\n", 'electron/core/backbones/bad.ts'],
      ["export async function f() { return (await import('@tensorflow/tfjs')).scalar(1); }\n", 'electron/core/predict/bad.ts'],
      ["export * from '@tensorflow/tfjs';\n", 'shared/bad.ts'],
      ["export { scalar } from '@tensorflow/tfjs';\n", 'bench/bad.ts'],
      ["import '@tensorflow/tfjs/dist/tf.node.js';\n", 'test/training/bad.test.ts'],
      ["import '@tensorflow/tfjs';\n", 'electron/main/ipc-adapter.ts'],
    ]) {
      expect(await lint(code!, file!), `${file}: ${code}`).toMatch(refused);
    }
  });

  it('lets the sub-packages, the local module and a snippet string through', async () => {
    for (const [code, file] of [
      ["import * as tf from '../../tf/tf';\nexport const t = tf.scalar(1);\n", 'electron/core/training/engine/ok.ts'],
      ["import '@tensorflow/tfjs-backend-wasm';\nimport { scalar } from '@tensorflow/tfjs-core';\nexport const t = scalar(1);\n", 'test/training/ok.test.ts'],
      ["export const snippet = \"import * as tf from '@tensorflow/tfjs';\";\n", 'renderer/src/experiments/ok.ts'],
    ]) {
      expect(await lint(code!, file!), `${file}: ${code}`).toBe('');
    }
  });
});
