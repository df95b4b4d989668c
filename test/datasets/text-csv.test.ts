import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { useTestCore } from './core-helper';

const tmp = useTmpDirs();
const core = useTestCore();

describe('a CSV of texts', () => {
  it('with a label column but no text column fails with the header and the column names it accepts; no dataset is left', async () => {
    const csv = join(tmp(), 'reviews.csv');
    writeFileSync(csv, 'title,label\nGreat film,pos\nDull plot,neg\n');
    const t = core(tmp());
    const s = await t.importAndWait(csv);
    expect(s.status).toBe('failed');
    expect(s.error).toBe(
      'nothing was imported: the only file was skipped (the CSV\'s header (title, label) has no text or path column: name the column holding the texts "text" (or sentence, content, review, body), or the image paths "path")',
    );
    expect((await t.call('datasets.list', {})).datasets).toEqual([]);
  });

  it('with a text column imports one text item per row, blank rows skipped', async () => {
    const csv = join(tmp(), 'reviews.csv');
    writeFileSync(csv, 'text,label\nGreat film,pos\n,neg\nDull plot,neg\n');
    const t = core(tmp());
    const s = await t.importAndWait(csv);
    expect(s).toMatchObject({ status: 'completed', items: 2, classes: { pos: 1, neg: 1 } });
    expect(s.skipped.map((k) => k.reason)).toEqual(['row 3: empty text']);
  });
});
