import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../electron/core/images/decode';
import { pilUnavailable, runPython } from '../helpers/pil';

const skip = pilUnavailable();
if (skip) console.warn(`decode-vs-PIL tests skipped: ${skip}`);

interface Entry {
  name: string;
  mode?: string;
  width?: number;
  height?: number;
  ref?: string;
  pil_error?: string;
}

describe.skipIf(skip !== null)('decodeImage gives PIL convert("RGB") pixels (Debian python3-pil)', () => {
  let dir = '';
  let manifest: Entry[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'studio-decode-'));
    runPython('images/make_decode_fixtures.py', [dir]);
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Entry[];
  });

  it('PIL reads every fixture (else the fixture, not the studio, is wrong)', () => {
    expect(manifest.filter((e) => e.pil_error)).toEqual([]);
    expect(manifest.length).toBeGreaterThanOrEqual(30);
  });

  it('each kind decodes to the same size and the same bytes as PIL', async () => {
    const report: string[] = [];
    for (const e of manifest) {
      const want = readFileSync(join(dir, e.ref!));
      let line: string;
      try {
        const got = await decodeImage(readFileSync(join(dir, e.name)));
        let bad = 0;
        let worst = 0;
        if (got.width === e.width && got.height === e.height)
          for (let i = 0; i < want.length; i++) {
            const d = Math.abs(got.data[i]! - want[i]!);
            worst = Math.max(worst, d);
            bad += d > 0 ? 1 : 0;
          }
        line = got.width !== e.width || got.height !== e.height ? `size ${got.width}×${got.height}, PIL ${e.width}×${e.height}` : bad ? `${bad} of ${want.length} values differ by up to ${worst}` : 'ok';
      } catch (err) {
        line = `error: ${(err as Error).message}`;
      }
      report.push(`${e.name} (${e.mode}): ${line}`);
    }
    console.log(report.join('\n'));
    expect(report.filter((l) => !/: ok( |$)/.test(l))).toEqual([]);
  });
});
