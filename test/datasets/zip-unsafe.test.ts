import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { solidPng, useTestCore } from './core-helper';
import { makeZip } from './zip-writer';

const tmp = useTmpDirs();
const newCore = useTestCore();
const png = solidPng;

describe('zip import: unsafe entries are skipped one by one, the good ones kept', () => {
  it('../, absolute paths, backslash climbs, symlink entries, a zip bomb by ratio and overlapping data each get their reason', async () => {
    const dir = tmp();
    const zip = join(dir, 'flowers.zip');
    const rose = await png(8, '#f00');
    writeFileSync(
      zip,
      makeZip([
        { name: 'flowers/rose/1.png', data: rose },
        // Before the good entries too: yauzl used to stop listing at the first unsafe name.
        { name: '../evil.png', data: await png(20, '#123') },
        { name: 'flowers/rose/2.png', data: await png(9, '#f01') },
        { name: 'flowers/../../escape.png', data: await png(21, '#124') },
        { name: '/etc/abs.png', data: await png(22, '#125') },
        { name: 'C:\\Windows\\win.png', data: await png(23, '#126') },
        { name: '..\\back.png', data: await png(24, '#127') },
        { name: 'flowers/rose/link.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
        { name: 'flowers/tulip/1.png', data: await png(10, '#ff0'), mode: 0o100644 },
        { name: 'flowers/tulip/bomb.bmp', data: Buffer.alloc(20 * 2 ** 20) },
        { name: 'flowers/tulip/again.png', data: rose, sameDataAs: 0 },
      ]),
    );
    const open = newCore(tmp());
    const s = await open.importAndWait(zip);
    expect(s.status).toBe('completed');
    expect(s.items).toBe(3);
    // The wrapping folder is still recognised: unsafe names do not count when labels are worked out.
    expect(s.classes).toEqual({ rose: 2, tulip: 1 });
    const reasons = Object.fromEntries(s.skipped.map((k) => [k.path.replace(`${zip}:`, ''), k.reason]));
    expect(reasons).toEqual({
      '../evil.png': 'unsafe zip entry: its path climbs out of the archive with ../',
      'flowers/../../escape.png': 'unsafe zip entry: its path climbs out of the archive with ../',
      '/etc/abs.png': 'unsafe zip entry: absolute path (entries must be relative to the archive)',
      'C:/Windows/win.png': 'unsafe zip entry: absolute path (entries must be relative to the archive)',
      '../back.png': 'unsafe zip entry: its path climbs out of the archive with ../',
      'flowers/rose/link.png': 'symbolic link entry: links inside a zip are not followed',
      'flowers/tulip/bomb.bmp': expect.stringMatching(/^refused as a likely zip bomb: 0\.0 MB would expand to 20 MB \(over 100:1\)$/),
      'flowers/tulip/again.png': "refused as a likely zip bomb: its data overlaps another entry's",
    });
    expect(s.skipped).toHaveLength(8);
  });

});
