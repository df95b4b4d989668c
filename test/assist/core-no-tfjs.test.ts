import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../training/helpers/fixture';

const child = join(import.meta.dirname, 'helpers', 'core-child.ts');
const dirs: string[] = [];

function runChild(...args: string[]): { tfjsLoaded: boolean; control: boolean | null; suggestions: number; checked: number } {
  const dir = tempDir('studio-assist-core-');
  dirs.push(dir);
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, dir, ...args], { cwd: resolve(import.meta.dirname, '../..'), encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the core process and tfjs', () => {
  // The assist domain's handlers and the model host doing real work in a process of their own;
  // test/api/core-no-tfjs.test.ts checks the whole core at start-up.
  it('suggest and looks-wrong run in the model process: the core side of assist never loads tfjs', () => {
    const r = runChild();
    expect(r.suggestions).toBe(10);
    expect(r.checked).toBe(20);
    expect(r.tfjsLoaded).toBe(false);
  });

  it('the check sees tfjs when it is loaded (control)', () => {
    expect(runChild('--control').control).toBe(true);
  });
});
