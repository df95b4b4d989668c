/**
 * The backend ladder: the fastest backend this machine can load, highest rung first.
 * Each rung is an optional dynamic import, so a machine without libtensorflow (or CUDA)
 * just falls through; why each higher rung was skipped is kept, shown and stored with the run.
 */
export const rungNames = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type RungName = (typeof rungNames)[number];

export interface Rung {
  name: RungName;
  /** Loads and activates the backend; throws (with a reason worth showing) if it cannot. */
  load(): Promise<void>;
}

export interface LadderResult {
  name: RungName;
  skipped: Array<{ name: string; reason: string }>;
  /** Something the user should know about the chosen backend (cpu is very slow for conv training). */
  warning?: string;
}

export const cpuWarning =
  'Training on the plain JavaScript cpu backend: convolutional finetuning is hundreds of times slower than native TensorFlow; probe mode is usable.';

const aliases: Record<string, RungName> = {
  'node-gpu': 'node-gpu',
  'tfjs-node-gpu': 'node-gpu',
  gpu: 'node-gpu',
  node: 'node',
  'tfjs-node': 'node',
  tensorflow: 'node',
  wasm: 'wasm',
  cpu: 'cpu',
};

/** Parses STUDIO_BACKEND; an unknown value is an error rather than a silent fallback. */
export function parseForcedBackend(value: string | undefined): RungName | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const found = aliases[value.trim().toLowerCase()];
  if (!found) throw new Error(`STUDIO_BACKEND="${value}" is not a backend; use one of ${rungNames.join(', ')}.`);
  return found;
}

function reasonOf(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Module-not-found messages carry long require stacks; the first line says it.
  return msg.split('\n')[0]!.slice(0, 300);
}

export async function climbLadder(rungs: readonly Rung[], forced?: RungName): Promise<LadderResult> {
  const skipped: LadderResult['skipped'] = [];
  for (const rung of rungs) {
    if (forced && rung.name !== forced) {
      skipped.push({ name: rung.name, reason: `STUDIO_BACKEND=${forced} forces another backend` });
      continue;
    }
    try {
      await rung.load();
      return rung.name === 'cpu' ? { name: rung.name, skipped, warning: cpuWarning } : { name: rung.name, skipped };
    } catch (err) {
      if (forced) throw new Error(`STUDIO_BACKEND=${forced} could not be loaded: ${reasonOf(err)}`);
      skipped.push({ name: rung.name, reason: reasonOf(err) });
    }
  }
  throw new Error(`No TensorFlow.js backend could be loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
