import { runWorker, type WorkerPort } from './worker';
import { watchParent } from './parent-watch';

/** Exit status when the parent is gone: nobody is left to read it, but it tells a debugger why. */
const PARENT_GONE = 75;
let exiting = false;

/**
 * Entry of the training process. Under plain Node (CLI, browser mode, tests) it is a
 * child_process.fork child; in the Electron app the same file, bundled as training-worker.js,
 * runs in a utilityProcess whose channel is process.parentPort.
 */
interface ParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
}

function portFromProcess(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: async (msg) => parentPort.postMessage(msg),
      onMessage: (fn) => parentPort.on('message', (e) => fn(e.data)),
      exit: (code) => process.exit(code),
    };
  }
  if (!process.send) throw new Error('The training process must be started by the studio (no IPC channel).');
  // The channel closes when the parent dies (kill -9 included): stop at once, mid-step if need be.
  process.on('disconnect', () => {
    if (!exiting) process.exit(PARENT_GONE);
  });
  return {
    send: (msg) =>
      new Promise<void>((resolve) => {
        if (!process.connected) return resolve();
        process.send!(msg, undefined, {}, () => resolve());
      }),
    onMessage: (fn) => process.on('message', fn),
    exit: (code) => {
      exiting = true;
      process.exitCode = code;
      process.disconnect?.();
      // Give pending IPC writes a moment, then go even if a backend keeps handles open.
      setTimeout(() => process.exit(code), 200).unref();
    },
  };
}

watchParent(() => process.exit(PARENT_GONE));
runWorker(portFromProcess());
