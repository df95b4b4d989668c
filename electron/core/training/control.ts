export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Pause / resume / cancel as seen from inside the loop. `gate()` runs between batches: it yields
 * to the event loop (so messages are heard while tfjs computes synchronously), waits while paused,
 * and throws CancelledError once cancelled.
 */
export class RunControl {
  private paused = false;
  private cancelled = false;
  private wake: (() => void) | null = null;

  constructor(private readonly notify: (state: 'paused' | 'resumed') => void) {}

  pause(): void {
    if (this.paused || this.cancelled) return;
    this.paused = true;
    this.notify('paused');
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.notify('resumed');
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  async gate(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.paused && !this.cancelled) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    if (this.cancelled) throw new CancelledError();
  }
}
