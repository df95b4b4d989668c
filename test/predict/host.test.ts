import { describe, expect, it } from 'vitest';
import { ModelHost, type ModelProcess } from '../../electron/core/predict/host';
import type { ModelRequest } from '../../electron/core/predict/protocol';
import type { RunModelSpec } from '../../electron/core/predict/protocol';

const spec: RunModelSpec = { runId: 1, mode: 'probe', labels: ['a', 'b'], backbone: { id: 'b', dir: '/x', weightsHash: 'h' }, modelPath: '/x/model.ckpt', maxLength: 128 };

/** A stand-in model process: `reply` decides what it answers to each request (or null to die). */
function fakeProcess(reply: (req: ModelRequest) => unknown | null, spawned: { count: number }): () => ModelProcess {
  return () => {
    spawned.count++;
    let onMsg: (raw: unknown) => void = () => {};
    let onExit: (detail: string) => void = () => {};
    let dead = false;
    return {
      send(req) {
        setTimeout(() => {
          if (dead) return;
          const r = reply(req);
          if (r === null) {
            dead = true;
            onExit('exit 134: out of memory');
          } else onMsg(r);
        }, 1);
      },
      onMessage: (fn) => (onMsg = fn),
      onExit: (fn) => (onExit = fn),
      kill: () => {
        dead = true;
      },
    };
  };
}

describe('model host', () => {
  it('answers requests in one reused process, matching replies by id', async () => {
    const spawned = { count: 0 };
    const host = new ModelHost({ spawn: fakeProcess((req) => ({ type: 'logits', id: req.id, logits: [[req.id, 0]], backend: 'cpu' }), spawned) });
    const [a, b] = await Promise.all([host.logits(spec, [], null), host.logits(spec, [], null)]);
    expect(a.logits[0]![0]).not.toBe(b.logits[0]![0]);
    expect(spawned.count).toBe(1);
    host.close();
  });

  it('turns a reported failure into a typed error, and a dead process into a clear one; the next call starts a new process', async () => {
    const spawned = { count: 0 };
    let mode: 'fail' | 'die' | 'ok' = 'fail';
    const host = new ModelHost({
      spawn: fakeProcess((req) => (mode === 'die' ? null : mode === 'fail' ? { type: 'error', id: req.id, message: 'bad image', code: 'bad_input' } : { type: 'logits', id: req.id, logits: [], backend: 'cpu' }), spawned),
    });
    await expect(host.logits(spec, [], null)).rejects.toMatchObject({ code: 'bad_input', message: 'bad image' });
    mode = 'die';
    await expect(host.logits(spec, [], null)).rejects.toThrow(/The model process stopped \(exit 134: out of memory\)/);
    mode = 'ok';
    await expect(host.logits(spec, [], null)).resolves.toMatchObject({ backend: 'cpu' });
    expect(spawned.count).toBe(2);
    host.close();
  });

  it('ignores malformed replies from the process', async () => {
    const spawned = { count: 0 };
    const host = new ModelHost({ spawn: fakeProcess((req) => ({ type: 'logits', id: req.id, logits: 'nope' }), spawned), idleMs: 10 });
    const p = host.logits(spec, [], null);
    const timeout = new Promise((r) => setTimeout(() => r('still waiting'), 50));
    expect(await Promise.race([p, timeout])).toBe('still waiting');
    host.close();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });
});
