/** Linear warmup to the base rate, then cosine decay to `floor` × base by the last step. */
export function learningRateAt(step: number, totalSteps: number, baseLr: number, warmupSteps: number, floor = 0.01): number {
  if (warmupSteps > 0 && step < warmupSteps) return (baseLr * (step + 1)) / warmupSteps;
  const span = Math.max(1, totalSteps - warmupSteps);
  const t = Math.min(1, (step - warmupSteps) / span);
  return baseLr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * t)));
}
