import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipFolder } from '../../electron/core/export/zip-folder';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

describe('zipFolder', () => {
  it('writes a zip that Python’s zipfile reads back byte for byte, CRCs checked', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'sub'));
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    writeFileSync(join(dir, 'model.json'), '{"format":"layers-model"}');
    writeFileSync(join(dir, 'sub', 'weights.bin'), big);
    writeFileSync(join(dir, 'ünïcode.txt'), 'é');
    writeFileSync(join(dir, 'empty'), '');
    const out = join(tmp(), 'x.zip');
    const z = await zipFolder(dir, out, 'run-1-tfjs/');
    expect(z.entries).toEqual(['run-1-tfjs/empty', 'run-1-tfjs/model.json', 'run-1-tfjs/sub/weights.bin', 'run-1-tfjs/ünïcode.txt']);
    // testzip() re-reads every member and checks its CRC; the digests compare contents with the sources.
    const py = `
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({"bad": z.testzip(), "files": {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}}))
`;
    const got = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, out], { encoding: 'utf8' })) as { bad: string | null; files: Record<string, string> };
    expect(got.bad).toBeNull();
    const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
    expect(got.files).toEqual({
      'run-1-tfjs/empty': sha(''),
      'run-1-tfjs/model.json': sha('{"format":"layers-model"}'),
      'run-1-tfjs/sub/weights.bin': sha(big),
      'run-1-tfjs/ünïcode.txt': sha('é'),
    });
  });
});
