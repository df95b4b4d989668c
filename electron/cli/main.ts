import { commands } from './commands/index';
import { CliError, type GlobalOptions } from './command';
import { resolveDataDir } from '../core/data-dir';
import { studioVersion } from '../core/version';

function helpText(): string {
  const lines = [
    'Transfer Studio — fine-tune pretrained backbones on your own data, offline.',
    '',
    'Usage: studio [--data-dir DIR] [--json] <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'Global options:',
    '  --data-dir DIR   where the studio keeps its store (else $STUDIO_DATA_DIR, else the OS app-data folder)',
    '  --json           print one JSON document on stdout; progress goes to stderr',
    '  --help, --version',
  ];
  return lines.join('\n') + '\n';
}

/** Pulls the global flags out wherever they appear, leaving the command's own arguments. */
function splitGlobals(argv: string[]): { global: { dataDir?: string; json: boolean; help: boolean; version: boolean }; rest: string[] } {
  const global = { dataDir: undefined as string | undefined, json: false, help: false, version: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') global.json = true;
    else if (a === '--help' || a === '-h') global.help = true;
    else if (a === '--version' || a === '-v') global.version = true;
    else if (a === '--data-dir') {
      const v = argv[++i];
      if (v === undefined) throw new CliError('--data-dir needs a folder.');
      global.dataDir = v;
    } else if (a.startsWith('--data-dir=')) global.dataDir = a.slice('--data-dir='.length);
    else rest.push(a);
  }
  return { global, rest };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const { global, rest } = splitGlobals(argv);
    if (global.version) {
      process.stdout.write(global.json ? JSON.stringify({ version: studioVersion() }) + '\n' : `${studioVersion()}\n`);
      return 0;
    }
    const [name, ...args] = rest;
    if (global.help || !name) {
      process.stdout.write(helpText());
      return name || global.help ? 0 : 1;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw new CliError(`Unknown command "${name}". Run \`studio --help\` for the list.`);
    const opts: GlobalOptions = { dataDir: resolveDataDir(global.dataDir), json: global.json };
    return await command.run(args, opts);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`studio: ${message.split('\n')[0]}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}
