// Bundles what plain Node runs — the CLI and the two worker processes — into out/node/ with esbuild,
// so `studio` and its workers run JavaScript, not TypeScript through tsx (a dev tool only).
//   out/node/cli.mjs             electron/cli/main.ts (exports main; bin/studio.mjs calls it)
//   out/node/training-worker.mjs electron/core/training/worker-entry.ts
//   out/node/model-worker.mjs    electron/core/predict/model-worker-entry.ts
// Every npm package stays external (loaded from node_modules at run time): native modules
// (better-sqlite3, sharp, onnxruntime-node, tfjs-node) cannot be bundled, and tfjs-backend-wasm and
// lcms-wasm find their .wasm files beside their own package. out/node/inputs.json lists the source
// files the bundles were built from, so bin/studio.mjs can tell a stale bundle and rebuild it.
// Each file is written beside its target and renamed over it: a studio process starting meanwhile
// reads the old bundle or the new one, never half of one.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTf } from './build-tf.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const nodeEntries = {
  cli: 'electron/cli/main.ts',
  'training-worker': 'electron/core/training/worker-entry.ts',
  'model-worker': 'electron/core/predict/model-worker-entry.ts',
};

/** Builds the bundles into outDir (default out/node); resolves with the source files they came from. */
export async function buildNode({ outDir = join(root, 'out', 'node') } = {}) {
  // The bundles inline electron/core/tf/generated/tfjs-core-extras.mjs: make it first if missing or stale.
  await buildTf();
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(nodeEntries).map(([name, src]) => [name, join(root, src)])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(outDir, { recursive: true });
  const tag = `.tmp-${process.pid}`;
  for (const file of result.outputFiles) {
    writeFileSync(file.path + tag, file.contents);
    renameSync(file.path + tag, file.path);
  }
  const inputs = Object.keys(result.metafile.inputs).map((p) => relative(root, resolve(root, p)));
  const listing = join(outDir, 'inputs.json');
  writeFileSync(listing + tag, JSON.stringify({ inputs }, null, 1));
  renameSync(listing + tag, listing);
  return inputs;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.env.STUDIO_OUT_DIR ? join(resolve(process.env.STUDIO_OUT_DIR), 'node') : undefined;
  const t0 = performance.now();
  const inputs = await buildNode(outDir ? { outDir } : {});
  console.error(`out/node: cli.mjs, training-worker.mjs, model-worker.mjs from ${inputs.length} source files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
