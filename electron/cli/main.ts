import { Command, CommanderError } from 'commander';
import { commands } from './commands/index';
import { CliError } from './command';
import { createCliRun } from './cli-context';
import { studioVersion } from '../core/entry';
import { StudioError } from '../../shared/api/errors';

/** The program: global options, then every command of commands/index.ts with its own --help. */
function buildProgram(): { program: Command; run: ReturnType<typeof createCliRun> } {
  const run = createCliRun();
  const program = new Command('studio')
    .description('Transfer Studio — fine-tune pretrained backbones on your own data, offline.')
    .usage('[--data-dir DIR] [--json] <command> [options]')
    .option('--data-dir <dir>', 'where the studio keeps its store (else $STUDIO_DATA_DIR, else the OS app-data folder)')
    .option('--json', 'print one JSON document on stdout; progress goes to stderr')
    .option('-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help (`studio <command> --help` for one command)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      // Errors are printed once, as one line, by main().
      outputError: () => {},
    });
  for (const add of commands) add(program, run);
  for (const c of program.commands) c.exitOverride().configureOutput({ outputError: () => {} });
  program.addHelpText('after', () => `\nUsage of each command:\n${program.commands.map((c) => `  studio ${c.name()} ${c.usage()}`).join('\n')}\n`);
  // No command (or one that is not registered): the list, or a one-line error.
  program.argument('[command]').action(
    run.action(async (name: string | undefined) => {
      if (name) throw new CliError(`Unknown command "${name}". Run \`studio --help\` for the list.`);
      process.stdout.write(program.helpInformation());
      return 1;
    }),
  );
  return { program, run };
}

/** The first line of a failure, as `studio: reason`; commander's own messages lose their "error: " prefix. */
function reasonOf(err: unknown): string {
  let message = err instanceof Error ? err.message : String(err);
  // A refusal of the parameters says which and why (the core's zod issues), still on one line.
  if (err instanceof StudioError && err.issues?.length) message = `${message} (${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`;
  return message.split('\n')[0]!.replace(/^error: /, '');
}

export async function main(argv: string[]): Promise<number> {
  // --version wins wherever it stands before a `--`, as it always has.
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  if (head.includes('--version') || head.includes('-v')) {
    process.stdout.write(head.includes('--json') ? JSON.stringify({ version: studioVersion() }) + '\n' : `${studioVersion()}\n`);
    return 0;
  }
  const { program, run } = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return run.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help printed what was asked for.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      process.stderr.write(`studio: ${reasonOf(err)}\n`);
      return err.exitCode || 1;
    }
    process.stderr.write(`studio: ${reasonOf(err)}\n`);
    if (err instanceof CliError) return err.exitCode;
    return 1;
  }
}
