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
    const gate = createQuitGate({ close: () => new Promise<void>((r) => (finish = () => (order.push('closed'), r()))), quit: () => order.push('quit') });
    const first = quitEvent();
    gate(first);
    gate(quitEvent()); // Cmd+Q pressed twice
    expect(first.prevented).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['closed', 'quit']);
    const last = quitEvent();
    gate(last); // the quit the gate itself asked for goes through
    expect(last.prevented).toBe(0);
  });

  it('quits anyway when close hangs or fails', async () => {
    const logs: string[] = [];
    let quits = 0;
    createQuitGate({ close: () => new Promise(() => {}), quit: () => quits++, timeoutMs: 20, log: (m) => logs.push(m) })(quitEvent());
    createQuitGate({ close: () => Promise.reject(new Error('disk full')), quit: () => quits++, log: (m) => logs.push(m) })(quitEvent());
    await new Promise((r) => setTimeout(r, 50));
    expect(quits).toBe(2);
    expect(logs.join('\n')).toMatch(/did not close within 20 ms/);
    expect(logs.join('\n')).toMatch(/disk full/);
  });
});
