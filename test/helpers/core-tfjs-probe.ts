// Opens the whole core as `studio serve` does, calls the everyday methods, and reports whether
// tfjs got loaded into this process. tfjs-core puts its engine on globalThis when it loads.
import { openCore } from '../../electron/core/core';
import { clientFor } from './client';

const core = openCore({ dataDir: process.argv[2]!, recoverOrphans: true });
const api = clientFor(core);
for (const [m, p] of [
  ['system.info', {}],
  ['datasets.list', {}],
  ['backbones.list', {}],
  ['backbones.catalog', {}],
  ['runs.list', {}],
  ['demo.status', {}],
] as const) {
  await api.call(m, p);
}
if (process.argv[3] === '--control') await import('../../electron/core/tf/tf');
process.stdout.write(JSON.stringify({ tfjsLoaded: '_tfengine' in globalThis }) + '\n');
await core.close();
