// Where one fine-tune step's time goes: wall time of the forward pass alone, of forward + backward, and of
// the AdamW update; then tf.profile of the same step, each kernel's time summed by name and attributed to
// forward or backward (the first kernels of the gradient step are the forward's, in the same order).
import * as tf from '../electron/core/tf/tf';
import type { KernelConfig, KernelFunc } from '../electron/core/tf/tf';
import type { Backbone } from '../electron/core/backbones/types';
import { featuresFromCache } from '../electron/core/training/engine/activations';
import { AdamW } from '../electron/core/training/engine/adamw';
import type { CachedActivation } from '../electron/core/training/engine/feature-cache';
import type { Head } from '../electron/core/training/engine/head';
import { weightedSmoothedCrossEntropy } from '../electron/core/training/engine/loss';

export interface KernelRow {
  name: string;
  phase: 'forward' | 'backward' | 'optimizer';
  ms: number;
  calls: number;
}

export interface StepProfile {
  batch: number;
  /** Wall-clock medians of `reps` unprofiled runs, ms. */
  forwardMs: number;
  gradStepMs: number;
  optimizerMs: number;
  /** Kernel self-times (a registered kernel's inner ops are counted under their own names), biggest first. */
  kernels: KernelRow[];
}

interface Deps {
  backbone: Backbone;
  head: Head;
  vars: tf.Variable[];
  acts: CachedActivation[];
  labels: number[];
  numClasses: number;
  cut: number;
  reps?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Wraps every kernel registered for the backend with a timer (wasm runs kernels synchronously, so the
 * wall time around a kernel is its cost). Nested kernels (a registered kernel written with ops) are
 * subtracted from their parent, so each name carries its self time.
 */
function timeKernels(backend: string, record: (name: string, selfMs: number) => void): () => void {
  const originals = tf.getKernelsForBackend(backend);
  const stack: number[] = [];
  for (const cfg of originals) {
    tf.unregisterKernel(cfg.kernelName, backend);
    const inner = cfg.kernelFunc;
    tf.registerKernel({
      ...cfg,
      kernelFunc: ((args: Parameters<KernelFunc>[0]) => {
        stack.push(0);
        const t0 = performance.now();
        try {
          return inner(args);
        } finally {
          const ms = performance.now() - t0;
          const children = stack.pop()!;
          if (stack.length) stack[stack.length - 1]! += ms;
          record(cfg.kernelName, ms - children);
        }
      }) as KernelFunc,
    });
  }
  return () => {
    for (const cfg of originals) {
      tf.unregisterKernel(cfg.kernelName, backend);
      tf.registerKernel(cfg as KernelConfig);
    }
  };
}

export async function profileStep(d: Deps): Promise<StepProfile> {
  const reps = d.reps ?? 3;
  const lossOf = () => {
    const logits = d.head.apply(featuresFromCache(d.backbone, d.acts, d.cut, false), true, 0);
    return weightedSmoothedCrossEntropy(logits, tf.tensor1d(d.labels, 'int32'), d.numClasses, 0.1, null);
  };
  const forward = () => tf.tidy(() => void lossOf().dataSync());
  const grads = () => tf.tidy(() => Object.values(tf.variableGrads(lossOf, d.vars).grads).forEach((g) => g.dataSync()));
  const opt = new AdamW(d.vars, { weightDecay: 0.01 });
  const zeros = d.vars.map((v) => tf.zerosLike(v));
  const update = () => {
    opt.apply(zeros, 0);
    d.vars[0]!.dataSync();
  };
  const time = (f: () => void) => {
    f(); // warm-up: first-call allocations
    return median(
      Array.from({ length: reps }, () => {
        const t0 = performance.now();
        f();
        return performance.now() - t0;
      }),
    );
  };
  const forwardMs = time(forward);
  const gradStepMs = time(grads);
  const optimizerMs = time(update);

  const rows = new Map<string, KernelRow>();
  let phase: KernelRow['phase'] = 'forward';
  const restore = timeKernels(tf.getBackend(), (name, ms) => {
    const key = `${phase}:${name}`;
    const r = rows.get(key) ?? { name, phase, ms: 0, calls: 0 };
    r.ms += ms;
    r.calls++;
    rows.set(key, r);
  });
  try {
    // The gradient step runs the forward pass again: its kernels are counted once, under 'forward',
    // by timing the forward alone and the whole step, and subtracting per name.
    forward();
    const fwd = new Map([...rows].map(([k, r]) => [k, { ...r }]));
    rows.clear();
    phase = 'backward';
    grads();
    for (const [k, r] of fwd) {
      const b = rows.get(`backward:${r.name}`);
      if (b) {
        b.ms = Math.max(0, b.ms - r.ms);
        b.calls -= r.calls;
        if (b.calls <= 0) rows.delete(`backward:${r.name}`);
      }
      rows.set(k, r);
    }
    phase = 'optimizer';
    update();
    return { batch: d.acts.length, forwardMs, gradStepMs, optimizerMs, kernels: [...rows.values()].sort((a, b) => b.ms - a.ms) };
  } finally {
    restore();
    tf.dispose(zeros);
    opt.dispose();
  }
}
