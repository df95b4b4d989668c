import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Native modules (better-sqlite3, sharp, tfjs-node) must stay out of the bundle:
// externalizeDepsPlugin leaves every dependency to be required at run time.
// The training process is its own bundle: Electron runs it with utilityProcess.fork.
const workerEntry = resolve(__dirname, 'electron/core/training/worker-entry.ts');

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
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
    plugins: [externalizeDepsPlugin()],
    build: {
      // Sandboxed preloads must be CommonJS.
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
