import type { EventName, PayloadOf } from '../../shared/api/contract';

type Listener = (event: EventName, payload: unknown) => void;

/** Typed fan-out of push events to every attached transport (IPC windows, WebSocket clients). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: PayloadOf<E>): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // A broken client must not stop the others from hearing the event.
      }
    }
  }

  /** Calls `fn` with each payload of one event, typed from the contract; returns the unsubscribe. */
  on<E extends EventName>(event: E, fn: (payload: PayloadOf<E>) => void): () => void {
    return this.subscribe((name, payload) => {
      if (name === event) fn(payload as PayloadOf<E>);
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
