import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { wrapUtility, type UtilityExit, type UtilityLike } from '../../electron/main/utility-handle';

class FakeUtility extends EventEmitter implements UtilityLike {
  pid = 4242;
  stdout = new PassThrough();
  stderr = new PassThrough();
  killed = 0;
  postMessage() {}
  kill() {
    this.killed++;
    return true;
  }
}

const exitOf = (h: ReturnType<typeof wrapUtility>) => new Promise<UtilityExit>((r) => h.onExit(r));

describe('a utility process seen as the core expects a child process', () => {
  it('reports the signal the parent sent, so SIGKILL at shutdown reads as interrupted, not failed', async () => {
    const child = new FakeUtility();
    const signals: string[] = [];
    const h = wrapUtility(child, { platform: 'linux', signalPid: (pid, s) => void signals.push(`${pid}:${s}`) });
    const exit = exitOf(h);
    h.kill('SIGKILL');
    child.emit('exit', 9);
    expect(await exit).toEqual({ code: null, signal: 'SIGKILL', detail: '' });
    expect(signals).toEqual(['4242:SIGKILL']);
    expect(child.killed).toBe(0);
  });

  it('uses Electron\'s own kill for SIGTERM and on Windows', async () => {
    const child = new FakeUtility();
    const h = wrapUtility(child, { platform: 'win32', signalPid: () => expect.fail('no POSIX signals on Windows') });
    const exit = exitOf(h);
    h.kill('SIGKILL');
    child.emit('exit', 1);
    expect((await exit).signal).toBe('SIGKILL');
    expect(child.killed).toBe(1);
  });

  it('reports an exit it did not cause as a code, with the stderr tail and V8\'s fatal error', async () => {
    const child = new FakeUtility();
    const h = wrapUtility(child);
    const exit = exitOf(h);
    child.stderr.write('allocating 4 GB\n');
    await new Promise((r) => setImmediate(r));
    child.emit('error', 'FatalError', 'Reached heap limit', '{}');
    child.emit('exit', 133);
    expect(await exit).toEqual({ code: 133, signal: null, detail: 'allocating 4 GB\nV8 fatal error: FatalError at Reached heap limit' });
  });

  it('reads stdout, so a chatty child never blocks on a full pipe', async () => {
    const child = new FakeUtility();
    const lines: string[] = [];
    wrapUtility(child, { log: (l) => lines.push(l) });
    // More than a pipe buffer: without a reader this would back up.
    const big = 'x'.repeat(100) + '\n';
    for (let i = 0; i < 1000; i++) child.stdout.write(big);
    child.stdout.write('done\n');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1001);
    expect(lines.at(-1)).toBe('done');
  });
});
