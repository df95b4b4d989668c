import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

function probe(...args: string[]): { tfjsLoaded: boolean } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/helpers/core-tfjs-probe.ts', tmp(), ...args], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as { tfjsLoaded: boolean };
}

// The core is the Electron main process in the app: tfjs (hundreds of MB of wasm heap, seconds
// to load) belongs in the training and model processes only, so the window never stalls on it.
describe('the core process', () => {
  it('opens and answers everyday calls without loading tfjs', () => {
    expect(probe().tfjsLoaded).toBe(false);
  });

  it('the probe does see tfjs when it is loaded (control)', () => {
    expect(probe('--control').tfjsLoaded).toBe(true);
  });
});
