/**
 * Batch size from memory: wasm has a 4 GB ceiling (a ResNet-50 last-block step at 224 px, batch 8,
 * aborted at 4.2 GB), so the budget there is small. `tailCost` is how many activation-sized buffers
 * a training step of the unfrozen blocks keeps alive (forward + backward), measured loosely.
 */
export function pickBatchSize(opts: { backend: string; activationBytes: number; trainItems: number; probe: boolean; requested?: number }): number {
  if (opts.requested) return Math.max(1, Math.min(opts.requested, opts.trainItems));
  const cap = opts.probe ? 64 : 32;
  const budget = opts.backend === 'node-gpu' ? 2e9 : opts.backend === 'wasm' ? 6e8 : 1.5e9;
  const tailCost = opts.probe ? 4 : 40;
  const fit = Math.floor(budget / Math.max(1, opts.activationBytes * tailCost));
  return Math.max(1, Math.min(cap, fit, opts.trainItems));
}
