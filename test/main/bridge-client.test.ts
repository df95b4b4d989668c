import { afterEach, describe, expect, it } from 'vitest';
import type { StudioBridge } from '../../shared/api/bridge';
import { StudioError, type ApiErrorBody } from '../../shared/api/errors';
import { createBridgeClient } from '../../renderer/src/api/bridge-client';
import { createWsClient } from '../../renderer/src/api/ws-client';

/** Just enough of a browser WebSocket for createWsClient: opens at once, answers what the test pushes. */
class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = FakeSocket.OPEN;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor() {
    FakeSocket.last = this;
    queueMicrotask(() => this.onopen?.());
  }
  send(s: string) {
    this.sent.push(s);
  }
}

const body: ApiErrorBody = { code: 'invalid_params', message: 'epochs: must be at least 1', issues: [{ path: 'epochs', message: 'too small' }] };
const shape = (e: unknown) => {
  const s = e as StudioError;
  return { isStudioError: e instanceof StudioError, isError: e instanceof Error, name: s.name, code: s.code, message: s.message, issues: s.issues };
};

describe('the renderer sees the same error from either transport', () => {
  const realWs = (globalThis as { WebSocket?: unknown }).WebSocket;
  afterEach(() => {
    (globalThis as { WebSocket?: unknown }).WebSocket = realWs;
  });

  it('rebuilds a StudioError from the bridge body, equal to the WebSocket client\'s', async () => {
    const bridge: StudioBridge = {
      call: async () => structuredClone({ ok: false as const, error: body }), // what crosses contextBridge
      on: () => () => {},
      pathForFile: () => null,
    };
    const viaBridge = await createBridgeClient(bridge).call('runs.list', {} as never).catch((e: unknown) => e);

    (globalThis as { WebSocket?: unknown }).WebSocket = FakeSocket;
    const ws = createWsClient('ws://x/api');
    const pending = ws.call('runs.list', {} as never).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 0));
    const sock = FakeSocket.last!;
    const id = (JSON.parse(sock.sent[0]!) as { id: number }).id;
    sock.onmessage?.({ data: JSON.stringify({ type: 'response', id, ok: false, error: body }) });
    const viaWs = await pending;

    expect(shape(viaBridge)).toEqual({ isStudioError: true, isError: true, name: 'StudioError', ...body });
    expect(shape(viaBridge)).toEqual(shape(viaWs));
  });

  it('passes results, events and dropped-file paths through the bridge', async () => {
    const listeners: Array<(p: unknown) => void> = [];
    const bridge: StudioBridge = {
      call: async (method, params) => ({ ok: true, result: { method, params } }),
      on: (_event, l) => {
        listeners.push(l);
        return () => listeners.splice(listeners.indexOf(l), 1);
      },
      pathForFile: () => '/photos/cats',
    };
    const api = createBridgeClient(bridge);
    await expect(api.call('runs.list', {} as never)).resolves.toEqual({ method: 'runs.list', params: {} });
    const got: unknown[] = [];
    const off = api.on('training.progress' as never, (p) => got.push(p));
    listeners[0]!({ runId: 1 });
    off();
    expect(got).toEqual([{ runId: 1 }]);
    expect(listeners).toHaveLength(0);
    expect(api.pathForFile!(new Blob([]))).toBe('/photos/cats');
    expect(api.fileUrl('thumb', 7)).toBe('studio-file://thumb/7');
  });
});
