import type { EventEmitter } from 'node:events';

/** The part of Electron's UtilityProcess this module uses; a test drives it with an EventEmitter. */
export interface UtilityLike extends EventEmitter {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
}

export interface UtilityExit {
  code: number | null;
  /** The signal the parent sent when it ended the process, else null. */
  signal: string | null;
  /** The tail of stderr, plus V8's fatal error (out of memory) when there was one. */
  detail: string;
}

export interface UtilityHandle {
  readonly pid: number | undefined;
  send(msg: unknown): void;
  onMessage(fn: (raw: unknown) => void): void;
  onExit(fn: (exit: UtilityExit) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Adapts a utility process to what the core's supervisors expect of a child_process.
 * utilityProcess's 'exit' carries only a code (on POSIX a signal shows up as a number that cannot
 * be told from an exit status), so the signal is the one this parent sent: a training process the
 * supervisor kills with SIGKILL at shutdown is then recorded as interrupted, as under Node, not
 * failed. Both pipes are read: an unread stdout fills its pipe and blocks the child on its next write.
 */
export function wrapUtility(
  child: UtilityLike,
  opts: { log?: (line: string) => void; platform?: NodeJS.Platform; signalPid?: (pid: number, signal: NodeJS.Signals) => void } = {},
): UtilityHandle {
  const platform = opts.platform ?? process.platform;
  const signalPid = opts.signalPid ?? ((pid, signal) => process.kill(pid, signal));
  let tail = '';
  let fatal = '';
  let sentSignal: NodeJS.Signals | null = null;
  child.stderr?.on('data', (b: Buffer) => {
    tail = (tail + b.toString()).slice(-4000);
  });
  child.stdout?.on('data', (b: Buffer) => {
    for (const line of b.toString().split('\n')) if (line.trim()) opts.log?.(line);
  });
  // Emitted before 'exit' when V8 cannot go on (out of memory is the usual one).
  child.on('error', (type: string, location: string) => {
    fatal = `${type}${location ? ` at ${location}` : ''}`;
  });
  return {
    pid: child.pid,
    send: (msg) => child.postMessage(msg),
    onMessage: (fn) => void child.on('message', fn),
    onExit: (fn) =>
      void child.once('exit', (code: number) => {
        const detail = fatal ? `${tail}${tail && !tail.endsWith('\n') ? '\n' : ''}V8 fatal error: ${fatal}` : tail;
        fn(sentSignal ? { code: null, signal: sentSignal, detail } : { code, signal: null, detail });
      }),
    kill: (signal = 'SIGTERM') => {
      sentSignal ??= signal;
      // utilityProcess.kill() sends SIGTERM on POSIX (TerminateProcess on Windows); a stronger
      // signal goes to the pid directly where POSIX signals exist.
      if (signal !== 'SIGTERM' && platform !== 'win32' && child.pid !== undefined) {
        try {
          signalPid(child.pid, signal);
          return;
        } catch {
          // already gone, or not ours to signal: fall back to Electron's own kill
        }
      }
      child.kill();
    },
  };
}
