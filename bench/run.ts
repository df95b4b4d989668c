export {};

// `npm run bench [name...]`: runs every benchmark (or the named ones) and prints their figures.
// Each suite prints the PyTorch reference beside its own numbers where python3-torch is present.
const suites: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  datasets: async () => ({ run: (await import('./datasets')).benchDatasets }),
  backbones: async () => ({ run: (await import('./backbones')).benchBackbones }),
  'text-backbones': async () => ({ run: (await import('./text-backbones')).benchTextBackbones }),
  training: async () => ({ run: (await import('./training')).benchTraining }),
  // The default probe at 1,000 items against scikit-learn (also part of `training`).
  probe: async () => ({ run: (await import('./training-probe')).benchProbe }),
  // Pretrained starter text backbones vs random init vs TF-IDF on package descriptions by section.
  text: async () => ({ run: (await import('./text')).benchText }),
  // ONNX Runtime vs tfjs-wasm vs PyTorch throughput, and the 300-image probe job against a PyTorch script.
  onnx: async () => ({ run: (await import('./onnx')).benchOnnx }),
  // The rungs that really run (tfjs training, ORT provider) and ORT throughput per family.
  gpu: async () => ({ run: (await import('./gpu')).benchGpu }),
  // The ResNet-50 last-stage fine-tune epoch against PyTorch, and where the studio's step goes per kernel.
  finetune: async () => ({ run: (await import('./finetune')).benchFinetune }),
  // Attention and Grad-CAM on wasm for the bundled starters: load, first and warm call.
  explain: async () => ({ run: (await import('./explain')).benchExplain }),
  // One sweep here one run at a time, then on a Redis queue with 1, 2 and 3 workers; the coordinator's cost per run.
  sweep: async () => ({ run: (await import('./sweep')).benchSweep }),
};

const wanted = process.argv.slice(2);
for (const [name, load] of Object.entries(suites)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  try {
    const suite = await load();
    await suite.run();
  } catch (err) {
    process.stdout.write(`${name}: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
  process.stdout.write(`(${name} took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
