/**
 * Electron quits as soon as 'before-quit' returns, which would cut the core's close short:
 * training processes not yet told to stop, the last metrics not written, SQLite's WAL not
 * checkpointed. The gate holds the first quit, closes the core (bounded, so a stuck close cannot
 * keep the app from quitting), then quits for real.
 */
export function createQuitGate(opts: {
  close: () => Promise<void>;
  quit: () => void;
  timeoutMs?: number;
  log?: (msg: string) => void;
}): (event: { preventDefault(): void }) => void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  return (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    const ms = opts.timeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        opts.log?.(`The studio core did not close within ${ms} ms; quitting anyway.`);
        resolve();
      }, ms);
    });
    const closing = opts.close().catch((err: unknown) => opts.log?.(`Closing the studio core failed: ${err instanceof Error ? err.message : String(err)}`));
    void Promise.race([closing, timeout]).then(() => {
      clearTimeout(timer);
      state = 'closed';
      opts.quit();
    });
  };
}
