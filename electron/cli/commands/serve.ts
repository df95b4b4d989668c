import { join } from 'node:path';
import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { installSafetyNet, loadCore, packageRoot } from '../../core/entry';
import { coordinateFromFlags, queueOptions, type QueueFlags } from '../queue-flags';
import { addServeOptions, checkServeFlags, remoteWarning, type ServeValues } from '../serve-options';

export const serveCommand: CliCommand = (program, run) => {
  const cmd = program.command('serve').description('Serve the studio to a browser on this machine (prints the URL with its access token).');
  queueOptions(addServeOptions(cmd)).action(
    run.action(async (values: ServeValues & QueueFlags) => {
      const global = globalsOf(cmd);
      const flags = checkServeFlags(values);
      const log = (m: string) => process.stderr.write(m + '\n');
      installSafetyNet(log);
      const { openCore, createInProcessClient, startBrowserServer } = await loadCore();
      const core = openCore({ dataDir: global.dataDir, recoverOrphans: true, face: 'serve', log });
      let server;
      try {
        server = await startBrowserServer(core, {
          host: flags.host,
          port: flags.port,
          rendererDir: process.env.STUDIO_RENDERER_DIR ?? join(packageRoot(), 'out', 'renderer'),
          allowHosts: flags.allowHosts,
          exportDirs: flags.exportDirs,
          readDirs: flags.readDirs,
          log,
          ...(flags.tls ? { tls: flags.tls } : {}),
        });
      } catch (err) {
        await core.close();
        // A port in use, an address not on this machine, a certificate that does not parse: one line, not a stack.
        throw new CliError(`Could not serve on ${flags.host}:${flags.port}: ${err instanceof Error ? err.message : String(err)}`);
      }
      // With --queue this studio coordinates sweeps on it: workers fetch data from it and report to it.
      if (values.queue) {
        try {
          await coordinateFromFlags(createInProcessClient(core), values, log);
        } catch (err) {
          await server.close();
          await core.close();
          throw err;
        }
      }
      if (server.remote) log(remoteWarning(flags, server.url, server.paths.roots('read'), server.paths.roots('write')));
      if (global.json) process.stdout.write(JSON.stringify({ url: server.url, port: server.port, host: server.host }) + '\n');
      else process.stdout.write(`Transfer Studio is running at ${server.url}\n`);
      log(`Data folder: ${global.dataDir}. Press Ctrl+C to stop.`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await core.close();
      return 0;
    }),
  );
};
