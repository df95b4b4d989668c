import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Native modules (better-sqlite3, sharp, tfjs-node) must stay out of the main bundle:
// build.externalizeDeps (electron-vite's default) leaves every `dependencies` entry to be required
// at run time, from the packaged node_modules. test/packaging checks the graph resolves there.
// The training process is its own bundle: Electron runs it with utilityProcess.fork.
const workerEntry = resolve(__dirname, 'electron/core/training/worker-entry.ts');
// STUDIO_OUT_DIR lets the packaging tests build into a temporary folder instead of the shared out/.
const outRoot = process.env.STUDIO_OUT_DIR ? resolve(process.env.STUDIO_OUT_DIR) : resolve(__dirname, 'out');

export default defineConfig({
  main: {
    build: {
      outDir: resolve(outRoot, 'main'),
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          ...(existsSync(workerEntry) ? { 'training-worker': workerEntry } : {}),
          // Evaluation, predict and export run in their own process too (see electron/core/predict/host.ts).
          'model-worker': resolve(__dirname, 'electron/core/predict/model-worker-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(outRoot, 'preload'),
      // A sandboxed preload can require nothing but `electron`: bundle every dependency into it,
      // as one CommonJS file (sandboxed preloads cannot be ES modules or load chunks).
      // (electron-vite's isolatedEntries would say the same but fails when stdout is not a TTY.)
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(outRoot, 'renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
