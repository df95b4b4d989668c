import type { Core } from '../../../electron/core/core';
import type { EventName } from '../../../shared/api/contract';

/**
 * Resolves once `holds()` is true: checked now and after every event the core emits (or only the
 * named ones). Rejects with `what` when `timeoutMs` passes first, so a test never falls through a
 * wait it did not see end.
 */
export function untilCore(core: Core, holds: () => boolean, what: string, opts: { events?: EventName[]; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise<void>((resolve, reject) => {
    if (holds()) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const off = core.ctx.events.subscribe((event) => {
      if (opts.events && !opts.events.includes(event)) return;
      let ok = false;
      try {
        ok = holds();
      } catch (err) {
        clearTimeout(timer);
        off();
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (!ok) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
