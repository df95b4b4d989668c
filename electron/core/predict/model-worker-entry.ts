import { serveModelRequests } from './model-worker';
import { watchParent } from '../training/parent-watch';

/** Entry of the model process (forked through tsx under plain Node; bundled as model-worker.js in the app). */
interface ParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
}

// Under utilityProcess there is no disconnect event: the parent-death watch covers both transports.
watchParent(() => process.exit(0));
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  serveModelRequests(
    (m) => parentPort.postMessage(m),
    (fn) => parentPort.on('message', (e) => fn(e.data)),
  );
} else if (process.send) {
  serveModelRequests(
    (m) => process.send!(m),
    (fn) => process.on('message', fn),
  );
  // The parent going away ends this process too.
  process.on('disconnect', () => process.exit(0));
} else {
  process.stderr.write('The model process must be started by the studio (no IPC channel).\n');
  process.exit(1);
}
