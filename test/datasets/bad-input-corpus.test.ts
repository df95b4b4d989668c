import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/domain/dataset';
import { useTmpDirs } from '../helpers/tmp';
import { buildBadInputFixture } from '../helpers/bad-input-fixture';
import { buildCsvCorpus, buildTextCsvCorpus, buildZipCorpus, type CorpusSource } from '../helpers/import-corpus';
import { testCore, type TestCore } from './core-helper';

const tmp = useTmpDirs();
let open: TestCore | undefined;
afterEach(async () => {
  await open?.core.close();
  open = undefined;
});

/** Figures per corpus, printed at the end: the acceptance asks for the number of good items kept. */
const figures: Array<{ corpus: string; good: number; kept: number; skipped: number; conflicts: number }> = [];
afterAll(() => {
  if (figures.length) console.log(`bad-input corpus (good items kept / good items):\n${figures.map((f) => `  ${f.corpus.padEnd(8)} ${f.kept}/${f.good} kept, ${f.skipped} skipped with a reason, ${f.conflicts} conflict(s)`).join('\n')}`);
});

/** Every good item kept exactly once with the class it must have; every bad one skipped with its reason; nothing else. */
async function checkKept(corpus: string, src: CorpusSource, s: ImportSummary): Promise<void> {
  const page = await open!.call('datasets.items.list', { datasetId: s.datasetId, filter: {}, offset: 0, limit: 1000 });
  const ds = await open!.call('datasets.get', { datasetId: s.datasetId });
  const nameOf = new Map(ds.classes.map((c) => [c.id, c.name]));
  const kept = Object.entries(src.good).filter(([path, label]) => {
    const rows = page.items.filter((i) => i.originalPath === path);
    return rows.length === 1 && (rows[0]!.labelId === null ? null : nameOf.get(rows[0]!.labelId)) === label;
  }).length;
  figures.push({ corpus, good: Object.keys(src.good).length, kept, skipped: s.skipped.length, conflicts: s.conflicts.length });
  expect(s.status).toBe('completed');
  expect(page.items.map((i) => i.originalPath).sort()).toEqual(Object.keys(src.good).sort());
  expect(kept, `good items kept in the ${corpus} corpus`).toBe(Object.keys(src.good).length);
  const reasons = new Map(s.skipped.map((k) => [k.path, k.reason]));
  for (const [path, why] of Object.entries(src.skips)) expect(reasons.get(path), path).toMatch(why);
  expect(s.skipped).toHaveLength(Object.keys(src.skips).length);
  expect(s.conflicts.map((c) => c.labels)).toEqual(src.conflicts);
}

describe('bad-input corpus: every good item is kept, whatever is beside it', () => {
  it('folder: the twelve kinds of bad file, links out of the folder, and an image under two classes', async () => {
    const fx = await buildBadInputFixture(join(tmp(), 'photos'));
    open = testCore(tmp());
    const s = await open.importAndWait(fx.root);
    const good: Record<string, string | null> = {};
    for (const [cls, rels] of Object.entries(fx.valid)) for (const rel of rels) good[`${fx.root}/${rel}`] = cls === '' ? null : cls;
    const skips = Object.fromEntries(fx.skips.map((k) => [`${fx.root}/${k.rel}`, k.reason]));
    await checkKept('folder', { path: fx.root, good, skips, conflicts: fx.conflicts.map((c) => c.labels) }, s);
    // Nothing behind the outside links came in.
    expect(s.items).toBe(Object.keys(good).length);
  });

  it('zip: unsafe, broken and clashing entries beside good ones', async () => {
    const src = await buildZipCorpus(tmp());
    open = testCore(tmp());
    await checkKept('zip', src, await open.importAndWait(src.path));
  });

  it('CSV of paths: three unbalanced quotes, a missing file, a wrong column count, a file under two labels', async () => {
    const src = await buildCsvCorpus(tmp());
    open = testCore(tmp());
    await checkKept('csv', src, await open.importAndWait(src.path));
  });

  it('CSV of texts: stray quotes no longer swallow the rows after them', async () => {
    const src = buildTextCsvCorpus(tmp());
    open = testCore(tmp());
    await checkKept('text csv', src, await open.importAndWait(src.path));
  });
});
