import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { Command } from '../command';
import { CliError } from '../command';
import { openCore } from '../../core/core';
import { startBrowserServer } from '../../core/server/http-server';
import { packageRoot } from '../../core/version';
import { installSafetyNet } from '../../core/safety-net';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the studio to a browser on this machine (prints the URL with its access token).',
  usage: 'studio serve [--host 127.0.0.1] [--port N]',
  async run(args, global) {
    const { values } = parseArgs({ args, options: { host: { type: 'string' }, port: { type: 'string' } } });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, got "${values.port}".`);
    installSafetyNet((m) => process.stderr.write(m + '\n'));
    const core = openCore({ dataDir: global.dataDir, recoverOrphans: true, log: (m) => process.stderr.write(m + '\n') });
    const server = await startBrowserServer(core, {
      host: values.host ?? '127.0.0.1',
      port,
      rendererDir: process.env.STUDIO_RENDERER_DIR ?? join(packageRoot(), 'out', 'renderer'),
    });
    if (global.json) process.stdout.write(JSON.stringify({ url: server.url, port: server.port, host: server.host }) + '\n');
    else process.stdout.write(`Transfer Studio is running at ${server.url}\n`);
    process.stderr.write(`Data folder: ${global.dataDir}. Press Ctrl+C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await core.close();
    return 0;
  },
};
