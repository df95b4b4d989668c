import { createRequire } from 'node:module';
import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';

// bullmq and ioredis take about half a second to load, and only sweeps on a queue (sweep.coordinate,
// sweep.work) use them: read on first use, so every other studio command and core stops paying for
// them. Both are CommonJS packages (no ESM build that Node picks), so require() is the same module
// instance an `import` would give, without the async hop that would make SweepWorker's constructor async.
const require_ = createRequire(import.meta.url);

export const bullmq = (): typeof BullMQ => require_('bullmq') as typeof BullMQ;
export const ioredis = (): typeof IORedis => require_('ioredis') as typeof IORedis;
