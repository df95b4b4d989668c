import type { CheckpointParams } from '../params';
import type { BatchNorm } from './ops';

/** Loads a PyTorch BatchNorm2d: gamma/beta trainable, running stats frozen, the I64 counter kept for export. */
export async function loadBatchNorm(ck: CheckpointParams, prefix: string, channels: number, eps: number): Promise<BatchNorm> {
  const shape = [channels];
  const bn: BatchNorm = {
    gamma: await ck.variable(`${prefix}.weight`, 'as-is', shape),
    beta: await ck.variable(`${prefix}.bias`, 'as-is', shape),
    mean: await ck.variable(`${prefix}.running_mean`, 'as-is', shape, false),
    variance: await ck.variable(`${prefix}.running_var`, 'as-is', shape, false),
    eps,
  };
  await ck.counter(`${prefix}.num_batches_tracked`);
  return bn;
}
