import * as tf from '../../tf/tf';

/**
 * Batch size from memory. wasm has a 4 GB heap ceiling (a ResNet-50 last-block step at 224 px,
 * batch 8, aborted at 4.2 GB when the whole network ran per step) and its heap never shrinks, so
 * the budget there leaves room for fragmentation. A finetune step's cost per item is measured on
 * the real tail (`measureStepBytes`): it depends on how many blocks train, not only on the size of
 * the cached activation (a full ResNet-50 keeps far more per item than its last stage does).
 */
export interface BatchSizeInput {
  backend: string;
  /** Bytes of one cached activation (used when no measurement is given). */
  activationBytes: number;
  trainItems: number;
  probe: boolean;
  requested?: number;
  /** Measured peak bytes of a forward + backward step: per item, and fixed (independent of the batch). */
  measured?: { perItem: number; fixed: number };
  /** Bytes already held by tensors (weights, optimizer state). */
  inUse?: number;
}

const ceiling = (backend: string) => (backend === 'wasm' ? 4 * 2 ** 30 : Infinity);

export function stepBudget(backend: string, inUse = 0): number {
  const base = backend === 'node-gpu' ? 2e9 : backend === 'wasm' ? 1.5e9 : 3e9;
  // wasm: half of what is left under the ceiling at most, for the allocator's fragmentation.
  return Math.max(0, Math.min(base, (ceiling(backend) - inUse) / 2));
}

export function pickBatchSize(opts: BatchSizeInput): number {
  if (opts.requested) return Math.max(1, Math.min(opts.requested, opts.trainItems));
  const cap = opts.probe ? 64 : 32;
  const budget = stepBudget(opts.backend, opts.inUse);
  const fit = opts.measured
    ? Math.floor((budget - opts.measured.fixed) / Math.max(1, opts.measured.perItem))
    : Math.floor(budget / Math.max(1, opts.activationBytes * (opts.probe ? 4 : 40)));
  return Math.max(1, Math.min(cap, fit, opts.trainItems));
}

/**
 * Peak tensor bytes of one gradient step at batch 1 and 2 (tf.profile sees every kernel's
 * allocation, on any backend), split into a per-item and a fixed part. Nothing is kept.
 */
export async function measureStepBytes(lossOf: (batch: number[]) => tf.Scalar, vars: tf.Variable[], sample: readonly number[]): Promise<{ perItem: number; fixed: number }> {
  const peak = async (batch: number[]) => {
    const before = tf.memory().numBytes;
    const p = await tf.profile(() => {
      tf.tidy(() => {
        tf.variableGrads(() => lossOf(batch), vars);
      });
    });
    return Math.max(0, p.peakBytes - before);
  };
  const one = await peak(sample.slice(0, 1));
  if (sample.length < 2) return { perItem: one, fixed: 0 };
  const two = await peak(sample.slice(0, 2));
  const perItem = Math.max(two - one, two / 2 / 4, 1);
  return { perItem, fixed: Math.max(0, two - 2 * perItem) };
}
