import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (measured on 2 cores; most wait on a training or model process, or on
 * Python references). Started first so the two workers do not end with one long file running alone:
 * on a fresh clone vitest has no timings cached and would order by file size instead.
 */
const SLOW_FIRST = [
  'test/training/fewshot-acceptance.test.ts',
  'test/training/faults/fault-injection.test.ts',
  'test/sweep/loopback.test.ts',
  'test/sweep/faults.test.ts',
  'test/sweep/cli.test.ts',
  'test/sweep/refusal-cancel.test.ts',
  'test/backbones/cnn-parity.test.ts',
  'test/training/scheduler.test.ts',
  'test/training/real-backbones.test.ts',
  'test/training/run-owner-cli.test.ts',
  'test/training/fmnist-probe.test.ts',
  'test/training/process.test.ts',
  'test/cli/backbones-cli.test.ts',
  'test/cli/explain-cli.test.ts',
  'test/evaluation/eval-cli.test.ts',
  'test/export/export-vgg.test.ts',
  'test/packaging/packaged-layout.test.ts',
  'test/export/export.test.ts',
  'test/onnx/export.test.ts',
  'test/images/bmp-dataset.test.ts',
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.indexOf(relative(f.project.config.root, f.moduleId).split('\\').join('/'));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // tfjs backends and SQLite handles are per-process; forks keep tests from sharing them.
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default there is one): most files spend their time
    // waiting on a child process (training worker, model process, CLI, Python), so a second file fills
    // the idle core. Measured on 2 cores: see DEVELOPING.md (Tests).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowFirstSequencer },
    // The CLI runs from out/node's bundles, as for a user (each start ~2 s sooner than TypeScript through
    // tsx); the global setup rebuilds them first when any source is newer, so no test runs stale code.
    // A bundled worker still loads tsx for the TypeScript tiny backbones tests name in its env.
    globalSetup: ['test/global-setup.ts'],
    // STUDIO_LINT_UNTYPED: the lint tests lint made-up files no tsconfig includes (see eslint.config.mjs).
    env: { STUDIO_LINT_UNTYPED: '1' },
  },
});
