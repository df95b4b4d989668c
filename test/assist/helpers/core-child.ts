import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openCore } from '../../../electron/core/core';
import { datasetsHandlers } from '../../../electron/core/api/handlers/datasets';
import { assistHandlers } from '../../../electron/core/api/handlers/assist';
import { backbonesRepo } from '../../../electron/core/store/repos/backbones';
import { weightsHash } from '../../../electron/core/backbones/service/weights-hash';
import { studioMethods } from '../../../shared/api/contract';
import { starterBackbone, writeFmnistFolder } from './fmnist-folder';

/**
 * A core serving the datasets and assist domains in this process, as the core does
 * (same handlers, same model host), then a report of whether tfjs was ever loaded here: tfjs-core
 * puts its engine on globalThis when it loads, and required CJS modules show in the module cache.
 * `--control` loads tfjs afterwards, to show the check can see it.
 */
const tfjsLoaded = () => '_tfengine' in globalThis || Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('@tensorflow'));

const dir = process.argv[2]!;
mkdirSync(join(dir, 'data'), { recursive: true });
const core = openCore({ dataDir: join(dir, 'data'), workers: { env: { STUDIO_BACKEND: 'wasm' } } });
const ctx = core.ctx;
const handlers = { ...datasetsHandlers(ctx), ...assistHandlers(ctx) };
const meta = { transport: 'websocket' } as const;

const folder = writeFmnistFolder(join(dir, 'fmnist'), { labeled: 4, loose: 2, flips: 0 });
const finished = new Promise<void>((resolve) => ctx.events.subscribe((name) => name === 'datasets.import.finished' && resolve()));
const { datasetId } = await handlers['datasets.import.start'](studioMethods['datasets.import.start'].params.parse({ path: folder.dir }), meta);
await finished;
backbonesRepo(ctx.db).upsert({ id: 'starter', family: 'resnet', name: 'starter', source: 'local', path: starterBackbone, weightsHash: await weightsHash(starterBackbone), featureDim: 256, sizeBytes: 0, license: null, config: {} });
const suggest = await handlers['assist.suggest'](studioMethods['assist.suggest'].params.parse({ datasetId }), meta);
const suspects = await handlers['assist.suspects'](studioMethods['assist.suspects'].params.parse({ datasetId }), meta);
const before = tfjsLoaded();
let control: boolean | null = null;
if (process.argv.includes('--control')) {
  await import('../../../electron/core/tf/tf');
  control = tfjsLoaded();
}
await core.close();
process.stdout.write(JSON.stringify({ tfjsLoaded: before, control, suggestions: suggest.suggestions.length, checked: suspects.checked }) + '\n');
