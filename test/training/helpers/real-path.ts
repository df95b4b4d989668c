import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../../electron/core/core';
import { runMetricsRepo } from '../../../electron/core/store/repos/run-metrics';
import type { ImportSummary } from '../../../shared/domain/dataset';
import type { RunSummary } from '../../../shared/domain/run';
import type { MethodName } from '../../../shared/api/contract';
import { clientFor, waitForEvent, waitForRunEnd } from '../../helpers/client';
import type { TrainOptionsInput } from '../../../shared/api/methods/training';
import { picture } from './fixture';

/**
 * The real path a user takes, through the core's API: import a folder or CSV (datasets domain),
 * add a backbone folder (backbones domain), train in the training process with the package's
 * `loadBackbone` (no test loader).
 */
export async function call<T>(core: Core, method: MethodName, params: unknown): Promise<T> {
  // Kept for the callers that name their own result type; new code uses clientFor(core).call, typed by the contract.
  return (await clientFor(core).call(method, params as never)) as T;
}

/** Imports PATH (into datasetId when given) and waits for the job's own datasets.import.finished event. */
export async function importPath(core: Core, path: string, datasetId?: number): Promise<ImportSummary> {
  const api = clientFor(core);
  // Every finished event from now on: the job's may come before start() answers with its id.
  const seen: ImportSummary[] = [];
  const off = api.on('datasets.import.finished', (s) => seen.push(s));
  try {
    const { jobId } = await api.call('datasets.import.start', datasetId ? { path, datasetId } : { path });
    const r = seen.find((x) => x.jobId === jobId) ?? (await waitForEvent(api, 'datasets.import.finished', (x) => x.jobId === jobId));
    if (r.status !== 'completed') throw new Error(`import of ${path} ended ${r.status}: ${r.error ?? ''}`);
    return r;
  } finally {
    off();
  }
}

/**
 * The PyTorch reference probe's protocol (scripts/starter/probe_reference.py) in the app's SGD head's options:
 * plain multinomial logistic regression on the raw features (no dropout, hidden layer, label
 * smoothing, class weights or augmentation views), its coupled L2 penalty (not AdamW's decoupled
 * decay), full batch, run to convergence (no early stopping). 1000 full-batch Adam epochs with
 * cosine decay land within 0.2 points of LBFGS on the reference's draws (checked in PyTorch).
 */
export const referenceProbeOptions = (l2: number, trainItems: number): TrainOptionsInput => ({
  headSolver: 'sgd',
  minSteps: 0,
  validation: 'split',
  epochs: 1000,
  batchSize: trainItems,
  learningRate: 0.1,
  warmupFraction: 0,
  weightDecay: 0,
  l2,
  labelSmoothing: 0,
  dropout: 0,
  hiddenUnits: 0,
  classWeights: false,
  augmentViews: 1,
  patience: 0,
});

export async function addBackbone(core: Core, dir: string): Promise<string> {
  return (await clientFor(core).call('backbones.addLocal', { path: dir })).id;
}

export async function trainRun(core: Core, p: { datasetId: number; backboneId: string; mode: 'probe' | 'finetune' | 'full'; options: TrainOptionsInput }): Promise<RunSummary> {
  const api = clientFor(core);
  const run = await api.call('training.start', p);
  const done = await waitForRunEnd(api, run.id);
  if (done.status !== 'completed') throw new Error(`run ${run.id} ended ${done.status}: ${done.error ?? ''}`);
  return done;
}

export function epochSeries(core: Core, runId: number, name: string): number[] {
  return runMetricsRepo(core.ctx.db)
    .list(runId, 'epoch')
    .filter((p) => p.name === name)
    .map((p) => p.value);
}

/** The pattern pictures of seedImageDataset as a folder with one subfolder per class, ready to import. */
export async function writePatternFolder(dir: string, perClass = 12): Promise<string> {
  const names = ['stripes-h', 'stripes-v', 'checks'];
  for (let c = 0; c < names.length; c++) {
    mkdirSync(join(dir, names[c]!), { recursive: true });
    for (let k = 0; k < perClass; k++) writeFileSync(join(dir, names[c]!, `${k}.png`), await picture(c, k, 16));
  }
  return dir;
}

/** A two-class text CSV (`text,label`) written with words the tiny BERT fixture's vocabulary knows. */
export function writeTextCsv(path: string, perClass = 24): string {
  const words = {
    spam: ['spam', 'free', 'offer', 'win', 'money', 'click', 'here', 'now'],
    review: ['great', 'movie', 'bad', 'film', 'not', 'good', 'love', 'hate', 'this', 'was', 'very'],
  };
  let s = 7;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0), s / 2 ** 32);
  const rows = ['text,label'];
  for (const [label, vocab] of Object.entries(words)) {
    for (let i = 0; i < perClass; i++) {
      const n = 4 + Math.floor(rand() * 6);
      // A shared filler word in both classes, so the classes differ by vocabulary, not by length alone.
      const text = Array.from({ length: n }, () => (rand() < 0.25 ? 'the' : vocab[Math.floor(rand() * vocab.length)]!)).join(' ');
      rows.push(`${text} ${i},${label}`);
    }
  }
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}
