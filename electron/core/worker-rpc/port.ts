import { watchParent } from '../training/parent-watch';

/** The worker's side of the channel: child_process IPC under Node, parentPort under Electron's utilityProcess. */
export interface ParentChannel {
  /** Resolves once the message is handed to the channel (or at once when the parent is gone). */
  send(msg: unknown): Promise<void>;
  onMessage(fn: (raw: unknown) => void): void;
  /** Ends the process after pending writes had a moment to go out. */
  exit(code: number): void;
}

interface ParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
}

/** Exit status when the parent is gone: nobody is left to read it, but it tells a debugger why. */
export const PARENT_GONE = 75;

/**
 * Connects a worker entry to the studio process that started it, and ends this process when that
 * parent is gone: the IPC channel's disconnect (child_process; kill -9 of the parent included),
 * re-parenting, or the owner's pid vanishing (utilityProcess has no disconnect; see parent-watch.ts).
 * A worker must never outlive its parent: an orphan would keep writing what nobody records.
 */
export function connectToParent(kind: string): ParentChannel {
  let exiting = false;
  const gone = () => {
    if (!exiting) process.exit(PARENT_GONE);
  };
  watchParent(gone);
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: async (msg) => parentPort.postMessage(msg),
      onMessage: (fn) => parentPort.on('message', (e) => fn(e.data)),
      exit: (code) => {
        exiting = true;
        process.exit(code);
      },
    };
  }
  const send = process.send?.bind(process);
  if (!send) {
    process.stderr.write(`The ${kind} process must be started by the studio (no IPC channel).\n`);
    process.exit(1);
  }
  process.on('disconnect', gone);
  return {
    send: (msg) =>
      new Promise<void>((resolve) => {
        if (!process.connected) return resolve();
        send(msg, undefined, {}, () => resolve());
      }),
    onMessage: (fn) => void process.on('message', fn),
    exit: (code) => {
      exiting = true;
      process.exitCode = code;
      process.disconnect?.();
      // Give pending IPC writes a moment, then go even if a backend keeps handles open.
      setTimeout(() => process.exit(code), 200).unref();
    },
  };
}
