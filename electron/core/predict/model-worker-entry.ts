import { connectToParent } from '../worker-rpc/port';
import { serveRpc } from '../worker-rpc/rpc';
import { modelHandlers } from './model-worker';
import { modelMethods } from './protocol';

/** Entry of the model process (forked through tsx from source; bundled as model-worker.mjs / .js). */
serveRpc(modelMethods, connectToParent('model'), modelHandlers());
