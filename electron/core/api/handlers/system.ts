import type { systemMethods } from '../../../../shared/api/methods/system';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { latestSchemaVersion } from '../../store/migrations/index';

export function systemHandlers(ctx: CoreContext): HandlersFor<typeof systemMethods> {
  return {
    'system.info': (_p, meta) => ({
      version: ctx.version,
      dataDir: ctx.dataDir,
      transport: meta.transport,
      backend: ctx.services.backendInfo.current(),
      schemaVersion: latestSchemaVersion,
    }),
    'system.ping': (p) => ({ echo: p.echo, at: new Date().toISOString() }),
  };
}
