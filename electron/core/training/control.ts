export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Pause / resume / cancel as seen from inside the loop. `gate()` runs between batches: it yields
 * to the event loop (so messages are heard while tfjs computes synchronously), waits while paused,
 * and throws CancelledError once cancelled. "paused" is reported only once the loop is actually
 * held at a gate (after the batch in flight), so a paused run records nothing more until resumed.
 */
export class RunControl {
  private paused = false;
  private held = false;
  private cancelled = false;
  private wake: (() => void) | null = null;

  constructor(private readonly notify: (state: 'paused' | 'resumed') => void) {}

  pause(): void {
    if (this.paused || this.cancelled) return;
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    // A pause that never reached a gate was never reported, so there is nothing to undo.
    if (this.held) this.notify('resumed');
    this.held = false;
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  async gate(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (this.paused && !this.cancelled && !this.held) {
      this.held = true;
      this.notify('paused');
    }
    while (this.paused && !this.cancelled) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    if (this.cancelled) throw new CancelledError();
  }
}
