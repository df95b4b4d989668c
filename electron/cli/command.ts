import type { Command } from 'commander';
import type { CliRun } from './cli-context';

/** Options every command accepts before or after its own. */
export interface GlobalOptions {
  dataDir: string;
  json: boolean;
}

/**
 * One CLI command: a function that adds itself (name, help, options, action) to the program.
 * Adding a command is one file in commands/ exporting one of these, plus one line in commands/index.ts.
 * The action returns the exit code; throwing a CliError prints its one-line reason and exits non-zero.
 */
export type CliCommand = (program: Command, run: CliRun) => void;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
