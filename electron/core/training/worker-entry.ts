import { runWorker } from './worker';
import { connectToParent } from '../worker-rpc/port';

/**
 * Entry of the training process: a child_process.fork child under plain Node (CLI, browser mode,
 * tests), a utilityProcess in the app; bundled as training-worker.mjs / .js (worker-rpc/process.ts).
 */
runWorker(connectToParent('training'));
