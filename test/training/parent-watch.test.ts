import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { killAll, pidAlive, trackPid, waitUntil } from './helpers/procs';

afterEach(() => killAll());

const watchModule = join(import.meta.dirname, '..', '..', 'electron', 'core', 'training', 'parent-watch.ts');

describe('a training process dies with its owner', () => {
  it('exits within a second once STUDIO_OWNER_PID is gone, with no IPC channel to tell it (the utilityProcess case)', async () => {
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    trackPid(owner.pid!);
    const ownerExit = new Promise((r) => owner.once('exit', r));
    const script = `const { watchParent } = await import(${JSON.stringify(watchModule)}); watchParent((why) => { console.log(why); process.exit(75); }, { intervalMs: 100 }); setInterval(() => {}, 1000); console.log('watching');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, STUDIO_OWNER_PID: String(owner.pid) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    trackPid(child.pid!);
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await waitUntil(() => out.includes('watching'), 'the watcher to start', 30_000);
    expect(pidAlive(child.pid!)).toBe(true);
    owner.kill('SIGKILL');
    await ownerExit;
    const t0 = Date.now();
    expect(await exited).toBe(75);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(out).toMatch(new RegExp(`the studio process ${owner.pid} that owns it is gone`));
  }, 60_000);
});
