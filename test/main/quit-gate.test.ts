import { describe, expect, it } from 'vitest';
import { createQuitGate } from '../../electron/main/quit-gate';

const quitEvent = () => {
  const e = { prevented: 0, preventDefault: () => void e.prevented++ };
  return e;
};

describe('quitting waits for the core to close', () => {
  it('holds the quit until close has finished, then quits once', async () => {
    const order: string[] = [];
    let finish!: () => void;
    let quitted!: () => void;
    const quit = new Promise<void>((r) => (quitted = r));
    const gate = createQuitGate({ close: () => new Promise<void>((r) => (finish = () => (order.push('closed'), r()))), quit: () => (order.push('quit'), quitted()) });
    const first = quitEvent();
    gate(first);
    gate(quitEvent()); // Cmd+Q pressed twice
    expect(first.prevented).toBe(1);
    // Everything the gate could do before close settles has run by the next macrotask.
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    finish();
    await quit;
    expect(order).toEqual(['closed', 'quit']);
    const last = quitEvent();
    gate(last); // the quit the gate itself asked for goes through
    expect(last.prevented).toBe(0);
  });

  it('quits anyway when close hangs or fails', async () => {
    const logs: string[] = [];
    let quits = 0;
    let both!: () => void;
    const quitTwice = new Promise<void>((r) => (both = r));
    const quit = () => {
      if (++quits === 2) both();
    };
    createQuitGate({ close: () => new Promise(() => {}), quit, timeoutMs: 20, log: (m) => logs.push(m) })(quitEvent());
    createQuitGate({ close: () => Promise.reject(new Error('disk full')), quit, log: (m) => logs.push(m) })(quitEvent());
    await quitTwice;
    expect(quits).toBe(2);
    expect(logs.join('\n')).toMatch(/did not close within 20 ms/);
    expect(logs.join('\n')).toMatch(/disk full/);
  });
});
