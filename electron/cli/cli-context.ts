import type { Command } from 'commander';
import { resolveDataDir } from '../core/entry';
import type { GlobalOptions } from './command';

/**
 * What main() lends every command while the program runs: the global options as the user gave
 * them, and the wrapper that records an action's exit code (commander ignores what actions return).
 */
export interface CliRun {
  /** Wraps a command's action: its resolved number becomes the process's exit code. */
  action<A extends unknown[]>(fn: (...args: A) => Promise<number>): (...args: A) => Promise<void>;
  exitCode: number;
}

export function createCliRun(): CliRun {
  const run: CliRun = {
    exitCode: 0,
    action(fn) {
      return async (...args) => {
        run.exitCode = await fn(...args);
      };
    },
  };
  return run;
}

/** --data-dir / --json wherever they were given (before or after the command), with the data dir resolved. */
export function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals<{ dataDir?: string; json?: boolean }>();
  return { dataDir: resolveDataDir(o.dataDir), json: Boolean(o.json) };
}
