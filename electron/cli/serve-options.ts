import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from './command';
import { isLoopbackHost } from '../core/server/host-check';

export interface ServeFlags {
  host: string;
  port: number;
  remote: boolean;
  allowHosts: string[];
  exportDirs: string[];
  readDirs: string[];
  tls?: { cert: Buffer; key: Buffer };
}

export const serveUsage =
  'studio serve [--host 127.0.0.1] [--port N] [--allow-remote] [--allow-host NAME]… [--export-dir DIR]… [--read-dir DIR]… [--tls-cert FILE --tls-key FILE]';

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
 * Parses serve's flags. Listening beyond loopback needs --allow-remote: the access token is then
 * all that stands between the network and the user's files, so it must be a decision, not a typo.
 */
export function parseServeFlags(args: string[]): ServeFlags {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'allow-host': { type: 'string', multiple: true },
      'export-dir': { type: 'string', multiple: true },
      'read-dir': { type: 'string', multiple: true },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, got "${values.port}".`);
  const host = values.host ?? '127.0.0.1';
  const remote = !isLoopbackHost(host);
  if (remote && !values['allow-remote']) {
    throw new CliError(
      `--host ${host} makes the studio reachable from other machines, where anyone with the token can read and write files as you; add --allow-remote if that is what you want.`,
    );
  }
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new CliError('--tls-cert and --tls-key go together (a PEM certificate and its private key).');
  const tls = values['tls-cert'] && values['tls-key'] ? { cert: readPem('--tls-cert', values['tls-cert']), key: readPem('--tls-key', values['tls-key']) } : undefined;
  return {
    host,
    port,
    remote,
    allowHosts: values['allow-host'] ?? [],
    exportDirs: folders('--export-dir', values['export-dir']),
    readDirs: folders('--read-dir', values['read-dir']),
    ...(tls ? { tls } : {}),
  };
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
