/** Options every command accepts before or after its own. */
export interface GlobalOptions {
  dataDir: string;
  json: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code. Throwing a CliError prints its one-line reason and exits non-zero. */
  run(args: string[], global: GlobalOptions): Promise<number>;
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
