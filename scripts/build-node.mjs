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
// Code splitting: each entry holds only what it runs at start; what the source imports with `import()`
// (tfjs and the backbones, the training loop, export, sweeps' Redis queue…) is a chunk beside it,
// `<name>-<hash>.mjs`, read on first use. Without it esbuild inlined every lazy module and hoisted
// their packages' imports to the top, so `studio --version` parsed tfjs-layers and bullmq.
// TensorFlow.js (electron/core/tf/tf.ts) is a bundle of its own, `tf-<hash>.mjs`, that the others
// import as an external file: tf.ts re-exports tfjs-core with `export *`, which esbuild's splitting
// cannot see through (every `tf.x` became undefined), while Node resolves it at run time as usual.
// Chunks are content-hashed, so a build never changes a file an older, still running process may yet
// load; those no build has written for a day are removed.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
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
  const common = {
    absWorkingDir: root,
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
  };
  const tfSource = join(root, 'electron', 'core', 'tf', 'tf.ts');
  const tf = await build({ ...common, entryPoints: { tf: tfSource }, entryNames: '[name]-[hash]' });
  const tfFile = basename(tf.outputFiles.find((f) => f.path.endsWith('.mjs')).path);
  const tfExternal = {
    name: 'tf-bundle',
    setup(b) {
      b.onResolve({ filter: /(^|\/)tf(\.ts)?$/ }, (args) => (resolve(args.resolveDir, args.path.replace(/\.ts$/, '')) + '.ts' === tfSource ? { path: `./${tfFile}`, external: true } : undefined));
    },
  };
  const result = await build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(nodeEntries).map(([name, src]) => [name, join(root, src)])),
    splitting: true,
    chunkNames: '[name]-[hash]',
    plugins: [tfExternal],
  });
  // Should tf.ts ever be reached by a path the plugin misses, it would be bundled in, and its `tf.x` undefined at run time.
  const undefinedImports = result.warnings.filter((w) => w.id === 'import-is-undefined');
  if (result.metafile.inputs[relative(root, tfSource)] || undefinedImports.length) {
    throw new Error(`electron/core/tf/tf.ts was bundled into the Node bundles instead of imported from ${tfFile}: ${undefinedImports[0]?.location?.file ?? 'check the tf-bundle plugin'}`);
  }
  mkdirSync(outDir, { recursive: true });
  const tag = `.tmp-${process.pid}`;
  const entries = new Set(Object.keys(nodeEntries).flatMap((n) => [`${n}.mjs`, `${n}.mjs.map`]));
  // Chunks first and the entries last: a process that starts meanwhile finds every chunk its entry names.
  const files = [...tf.outputFiles, ...result.outputFiles].sort((a, b) => Number(entries.has(basename(a.path))) - Number(entries.has(basename(b.path))));
  for (const file of files) {
    writeFileSync(file.path + tag, file.contents);
    renameSync(file.path + tag, file.path);
  }
  pruneChunks(outDir, new Set(files.map((f) => basename(f.path))));
  const inputs = [...new Set([...Object.keys(tf.metafile.inputs), ...Object.keys(result.metafile.inputs)])].map((p) => relative(root, resolve(root, p)));
  const listing = join(outDir, 'inputs.json');
  writeFileSync(listing + tag, JSON.stringify({ inputs }, null, 1));
  renameSync(listing + tag, listing);
  return inputs;
}

/** Removes hashed chunks this build did not write and no build has written for a day. */
function pruneChunks(outDir, written) {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(outDir)) {
    if (written.has(name) || !/-[A-Z0-9]{8}\.mjs(\.map)?$/.test(name)) continue;
    const st = statSync(join(outDir, name), { throwIfNoEntry: false });
    if (st && st.mtimeMs < dayAgo) rmSync(join(outDir, name), { force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.env.STUDIO_OUT_DIR ? join(resolve(process.env.STUDIO_OUT_DIR), 'node') : undefined;
  const t0 = performance.now();
  const inputs = await buildNode(outDir ? { outDir } : {});
  console.error(`out/node: cli.mjs, training-worker.mjs, model-worker.mjs from ${inputs.length} source files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
