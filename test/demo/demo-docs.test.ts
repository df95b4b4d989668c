import { describe, expect, it } from 'vitest';
import type { FileEntry, Scan } from '../../electron/core/datasets/source';
import { withoutDemoDocs } from '../../electron/core/demo/demo-docs';

const file = (displayPath: string, label: string | null): FileEntry => ({ kind: 'file', displayPath, label, size: 1, read: () => Promise.resolve(Buffer.from('x')) });

describe('the demo import leaves out its own paperwork', () => {
  it('drops only the top-level LICENSE and README.md; other files and real skips stay', async () => {
    const scan: Scan = {
      kind: 'image',
      entries: [file('demo/LICENSE', null), file('demo/README.md', null), file('demo/dress/README.md', 'dress'), file('demo/notes.txt', null), file('demo/dress/a.png', 'dress')],
      skipped: [{ path: 'demo/dress/broken', reason: 'unreadable' }],
    };
    const out = await withoutDemoDocs(() => Promise.resolve(scan))(new AbortController().signal);
    expect(out.entries.map((e) => (e.kind === 'file' ? e.displayPath : ''))).toEqual(['demo/dress/README.md', 'demo/notes.txt', 'demo/dress/a.png']);
    expect(out.skipped).toEqual(scan.skipped);
  });
});
