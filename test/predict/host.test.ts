import { describe, expect, it } from 'vitest';
import { ModelHost } from '../../electron/core/predict/host';
import type { RunModelSpec } from '../../electron/core/predict/protocol';
import type { WorkerExit, WorkerProcess } from '../../electron/core/worker-rpc/process';

const spec: RunModelSpec = { runId: 1, mode: 'probe', labels: ['a', 'b'], backbone: { id: 'b', dir: '/x', weightsHash: 'h' }, modelPath: '/x/model.ckpt', maxLength: 128 };

interface CallFrame {
  id: number;
  method: string;
  params: unknown;
}

/** A stand-in model process: `reply` decides what it answers to each request (a reply frame, or null to die). */
function fakeProcess(reply: (req: CallFrame) => unknown, spawned: { count: number; kinds: string[] }): (kind: 'training' | 'model') => WorkerProcess {
  return (kind) => {
    spawned.count++;
    spawned.kinds.push(kind);
    let onMsg: (raw: unknown) => void = () => {};
    let onExit: (e: WorkerExit) => void = () => {};
    let dead = false;
    return {
      pid: 1000 + spawned.count,
      send(req) {
        // Replies arrive later, as over a real channel.
        queueMicrotask(() => {
          if (dead) return;
          const r = reply(req as CallFrame);
          if (r === null) {
            dead = true;
            onExit({ code: 134, signal: null, detail: 'FATAL ERROR: out of memory\n' });
          } else onMsg(r);
        });
      },
      onMessage: (fn) => (onMsg = fn),
      onExit: (fn) => (onExit = fn),
      kill: () => {
        dead = true;
      },
    };
  };
}

const ok = (req: CallFrame) => ({ kind: 'result', id: req.id, result: { logits: [[req.id, 0]], backend: 'cpu' } });

describe('model host', () => {
  it('answers requests in one reused model process, matching replies by id', async () => {
    const spawned = { count: 0, kinds: [] as string[] };
    const host = new ModelHost({ spawn: fakeProcess(ok, spawned) });
    const [a, b] = await Promise.all([host.logits(spec, [], null), host.logits(spec, [], null)]);
    expect(a.logits[0]![0]).not.toBe(b.logits[0]![0]);
    expect(spawned).toEqual({ count: 1, kinds: ['model'] });
    host.close();
  });

  it('turns a reported failure into a typed error, and a dead process into a clear one; the next call starts a new process', async () => {
    const spawned = { count: 0, kinds: [] as string[] };
    let mode: 'fail' | 'die' | 'ok' = 'fail';
    const host = new ModelHost({
      spawn: fakeProcess((req) => (mode === 'die' ? null : mode === 'fail' ? { kind: 'error', id: req.id, error: { message: 'bad image', code: 'bad_input' } } : ok(req)), spawned),
    });
    await expect(host.logits(spec, [], null)).rejects.toMatchObject({ code: 'bad_input', message: 'bad image' });
    mode = 'die';
    await expect(host.logits(spec, [], null)).rejects.toThrow(/The model process stopped \(exit 134: FATAL ERROR: out of memory\)/);
    mode = 'ok';
    await expect(host.logits(spec, [], null)).resolves.toMatchObject({ backend: 'cpu' });
    expect(spawned.count).toBe(2);
    host.close();
  });

  it('rejects a malformed reply with the method it answered, instead of waiting for ever', async () => {
    const host = new ModelHost({ spawn: fakeProcess((req) => ({ kind: 'result', id: req.id, result: { logits: 'nope' } }), { count: 0, kinds: [] }) });
    await expect(host.logits(spec, [], null)).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/malformed logits reply: logits: Expected array/) });
    host.close();
  });

  it('fails requests still waiting when it is closed', async () => {
    const host = new ModelHost({ spawn: fakeProcess(() => undefined, { count: 0, kinds: [] }) });
    const p = host.logits(spec, [], null);
    host.close();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });
});
