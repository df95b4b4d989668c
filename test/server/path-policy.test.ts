import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPathPolicy, realLocation } from '../../electron/core/server/path-policy';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

function layout() {
  const root = tmp();
  const data = join(root, 'data');
  const exportsDir = join(root, 'chosen-exports');
  const pictures = join(root, 'pictures');
  const outside = join(root, 'outside');
  for (const d of [data, join(data, 'exports'), exportsDir, pictures, outside]) mkdirSync(d, { recursive: true });
  writeFileSync(join(data, 'studio.db'), '');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  return { root, data, exportsDir, pictures, outside };
}

describe('what the browser-mode API may write', () => {
  it('only under <data>/exports and the chosen export folders; never over studio.db', () => {
    const l = layout();
    const p = createPathPolicy({ dataDir: l.data, exportDirs: [l.exportsDir], confineReads: false });
    expect(p.check('write', join(l.data, 'exports', 'run-1', 'preds.csv'))).toBeUndefined();
    expect(p.check('write', join(l.exportsDir, 'new', 'deeper'))).toBeUndefined();
    expect(p.check('write', join(l.data, 'studio.db'))).toMatch(/outside the folders this server may write to/);
    expect(p.check('write', join(l.outside, 'x.csv'))).toMatch(/--export-dir/);
    expect(p.check('write', '/etc/passwd')).toBeDefined();
  });

  it('sees through `..` and symlinks that lead out', () => {
    const l = layout();
    const p = createPathPolicy({ dataDir: l.data, confineReads: false });
    expect(p.check('write', join(l.data, 'exports', '..', 'studio.db'))).toBeDefined();
    symlinkSync(l.outside, join(l.data, 'exports', 'escape'));
    expect(p.check('write', join(l.data, 'exports', 'escape', 'secret.txt'))).toBeDefined();
    expect(p.check('write', join(l.data, 'exports', 'escape', 'new-folder', 'a.csv'))).toBeDefined();
    // A dangling link would be followed by the write wherever it points.
    symlinkSync(join(l.outside, 'not-yet'), join(l.data, 'exports', 'dangling.csv'));
    expect(realLocation(join(l.data, 'exports', 'dangling.csv'))).toBeUndefined();
    expect(p.check('write', join(l.data, 'exports', 'dangling.csv'))).toBeDefined();
  });
});

describe('what the browser-mode API may read', () => {
  it('anything when reads are not confined (loopback: the user types the folder)', () => {
    const l = layout();
    const p = createPathPolicy({ dataDir: l.data, confineReads: false });
    expect(p.check('read', join(l.outside, 'secret.txt'))).toBeUndefined();
  });

  it('only the data, export and read folders when confined', () => {
    const l = layout();
    const p = createPathPolicy({ dataDir: l.data, exportDirs: [l.exportsDir], readDirs: [l.pictures], confineReads: true });
    expect(p.check('read', join(l.pictures, 'cats'))).toBeUndefined();
    expect(p.check('read', l.pictures)).toBeUndefined();
    expect(p.check('read', join(l.exportsDir, 'a.csv'))).toBeUndefined();
    expect(p.check('read', join(l.outside, 'secret.txt'))).toMatch(/--read-dir/);
    expect(p.check('read', `${l.pictures}-sibling`)).toBeDefined();
    expect(p.check('read', '/etc')).toBeDefined();
    symlinkSync(l.outside, join(l.pictures, 'link'));
    expect(p.check('read', join(l.pictures, 'link', 'secret.txt'))).toBeDefined();
  });
});
