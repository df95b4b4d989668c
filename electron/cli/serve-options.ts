import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { CliError } from './command';
import { isLoopbackHost } from '../core/entry';
import { collect } from './flags';

export interface ServeFlags {
  host: string;
  port: number;
  remote: boolean;
  allowHosts: string[];
  exportDirs: string[];
  readDirs: string[];
  tls?: { cert: Buffer; key: Buffer };
}

/** serve's flags as commander reads them, before the checks below. */
export interface ServeValues {
  host?: string;
  port?: string;
  allowRemote?: boolean;
  allowHost?: string[];
  exportDir?: string[];
  readDir?: string[];
  tlsCert?: string;
  tlsKey?: string;
}

/** Adds serve's flags to a command: the one definition the CLI and parseServeFlags share. */
export function addServeOptions(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'address to listen on (a non-loopback one needs --allow-remote)', '127.0.0.1')
    .option('--port <n>', 'port (0: any free one)')
    .option('--allow-remote', 'allow a --host reachable from other machines')
    .option('--allow-host <name>', 'also answer requests whose Host header is NAME (repeatable)', collect)
    .option('--export-dir <dir>', 'a folder the API may write to besides <data dir>/exports (repeatable)', collect)
    .option('--read-dir <dir>', 'with --allow-remote: a folder the API may read besides the data folder (repeatable)', collect)
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert');
}

function folders(flag: string, given: string[] | undefined): string[] {
  return (given ?? []).map((d) => {
    const full = resolve(d);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new CliError(`${flag} ${d}: no such folder.`);
    return full;
  });
}

function readPem(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new CliError(`${flag} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`);
  }
}

/**
 * Checks serve's flags. Listening beyond loopback needs --allow-remote: the access token is then
 * all that stands between the network and the user's files, so it must be a decision, not a typo.
 */
export function checkServeFlags(values: ServeValues): ServeFlags {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, got "${values.port}".`);
  const host = values.host ?? '127.0.0.1';
  const remote = !isLoopbackHost(host);
  if (remote && !values.allowRemote) {
    throw new CliError(
      `--host ${host} makes the studio reachable from other machines, where anyone with the token can read and write files as you; add --allow-remote if that is what you want.`,
    );
  }
  if (Boolean(values.tlsCert) !== Boolean(values.tlsKey)) throw new CliError('--tls-cert and --tls-key go together (a PEM certificate and its private key).');
  const tls = values.tlsCert && values.tlsKey ? { cert: readPem('--tls-cert', values.tlsCert), key: readPem('--tls-key', values.tlsKey) } : undefined;
  return {
    host,
    port,
    remote,
    allowHosts: values.allowHost ?? [],
    exportDirs: folders('--export-dir', values.exportDir),
    readDirs: folders('--read-dir', values.readDir),
    ...(tls ? { tls } : {}),
  };
}

/** serve's flags from an argument list (what `studio serve …` is given after its name). */
export function parseServeFlags(args: string[]): ServeFlags {
  const cmd = addServeOptions(new Command('serve')).exitOverride().configureOutput({ outputError: () => {} });
  try {
    cmd.parse(args, { from: 'user' });
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message.replace(/^error: /, '') : String(err));
  }
  return checkServeFlags(cmd.opts<ServeValues>());
}

/** What a remote server exposes, said plainly on stderr before the URL is used. */
export function remoteWarning(flags: ServeFlags, url: string, readRoots: string[], writeRoots: string[]): string {
  const lines = [
    `WARNING: listening on ${flags.host}, reachable from other machines. Anyone with the URL (${url.replace(/token=.*/, 'token=…')}) can use the studio.`,
    `  It may read files only under: ${readRoots.join(', ')} (add folders with --read-dir); write only under: ${writeRoots.join(', ')} (--export-dir).`,
  ];
  lines.push(
    flags.tls
      ? '  The connection is HTTPS: the token travels encrypted.'
      : '  The connection is plain HTTP: the token travels in clear text, and anyone who can watch the network can read it and take over the studio. Serve HTTPS with --tls-cert FILE --tls-key FILE, or use a network you trust.',
  );
  return lines.join('\n');
}
