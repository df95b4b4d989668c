import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Facts that once lived in two places and drifted apart; each now has one home, and this keeps it so. */
const root = join(import.meta.dirname, '..', '..');

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|tsx|mts|mjs|html)$/.test(e.name)) yield p;
  }
}

/** Files under electron/, shared/, renderer/ and scripts/ whose text matches. */
function filesMatching(re: RegExp): string[] {
  const out: string[] = [];
  for (const top of ['electron', 'shared', 'renderer', 'scripts']) {
    for (const f of sources(join(root, top))) if (re.test(readFileSync(f, 'utf8'))) out.push(relative(root, f).split('\\').join('/'));
  }
  return out.sort();
}

describe('each fact in one place', () => {
  it('the Content-Security-Policy is written only in shared/csp.ts (no <meta> copy in index.html)', () => {
    expect(filesMatching(/default-src/)).toEqual(['shared/csp.ts']);
  });

  it('the IPC channel names are written only in shared/api/bridge.ts', () => {
    expect(filesMatching(/['"]studio:(call|event|save-file|show-in-folder)['"]/)).toEqual(['shared/api/bridge.ts']);
  });

  it('the OS data folder is worked out only in electron/core/data-dir.ts', () => {
    expect(filesMatching(/Application Support|XDG_CONFIG_HOME|APPDATA/)).toEqual(['electron/core/data-dir.ts']);
  });

  it('training options and their defaults are defined only in shared/domain/train-options.ts', () => {
    expect(filesMatching(/\bepochs: z\.number\(\)[^,\n]*\.default\(/)).toEqual(['shared/domain/train-options.ts']);
  });
});
