import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { solidPng, useTestCore } from './core-helper';

const tmp = useTmpDirs();
const newCore = useTestCore();
const png = solidPng;

function write(root: string, files: Record<string, Buffer>) {
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), data);
  }
}

describe('the same image under two classes is a conflict, not silently the first class', () => {
  it('folder: imported once, unlabeled, every path and class listed; copies that agree stay plain duplicates', async () => {
    const root = tmp();
    const same = await png(10, '#f00');
    const agreed = await png(11, '#0f0');
    write(root, { 'cat/a.png': same, 'dog/a-too.png': same, 'bird/a-also.png': same, 'cat/b.png': agreed, 'cat/b-copy.png': agreed, 'dog/c.png': await png(12, '#00f') });
    const open = newCore(tmp());
    const s = await open.importAndWait(root);
    expect(s.status).toBe('completed');
    expect(s.items).toBe(3);
    expect(s.conflicts).toEqual([
      {
        // Work-list order (folders sorted by name), whichever read finished first.
        paths: [`${root}/bird/a-also.png`, `${root}/cat/a.png`, `${root}/dog/a-too.png`],
        labels: ['bird', 'cat', 'dog'],
        resolution: 'the same image is under bird and cat and dog: imported once, unlabeled; give it its class in the workspace',
      },
    ]);
    expect(s.duplicates).toBe(3);
    expect(s.classes).toEqual({ bird: 0, cat: 1, dog: 1 });
    const unlabeled = await open.call('datasets.items.list', { datasetId: s.datasetId, filter: { label: 'unlabeled' } });
    expect(unlabeled.items.map((i) => i.originalPath)).toEqual([`${root}/bird/a-also.png`]);
  });

  it('a loose copy claims no class: the labelled copy gives the item its class', async () => {
    const root = tmp();
    const same = await png(10, '#f00');
    write(root, { 'a-loose.png': same, 'cat/a.png': same });
    const open = newCore(tmp());
    const s = await open.importAndWait(root);
    expect(s.items).toBe(1);
    expect(s.conflicts).toEqual([]);
    expect(s.classes).toEqual({ cat: 1 });
  });

  it('CSV: one file under two labels is a conflict too', async () => {
    const dir = tmp();
    write(dir, { 'imgs/a.png': await png(10, '#f00'), 'imgs/b.png': await png(11, '#0f0') });
    const csv = join(dir, 'labels.csv');
    writeFileSync(csv, 'path,label\nimgs/a.png,red\nimgs/b.png,green\nimgs/a.png,blue\n');
    const open = newCore(tmp());
    const s = await open.importAndWait(csv);
    expect(s.items).toBe(2);
    expect(s.conflicts.map((c) => c.labels)).toEqual([['red', 'blue']]);
    expect(s.classes).toEqual({ red: 0, green: 1, blue: 0 });
  });

  it('a clash with an item already in the dataset is reported and the label there is kept', async () => {
    const root1 = tmp();
    const root2 = tmp();
    const same = await png(10, '#f00');
    write(root1, { 'cat/a.png': same });
    write(root2, { 'dog/a.png': same, 'dog/b.png': await png(11, '#0f0') });
    const open = newCore(tmp());
    const first = await open.importAndWait(root1);
    const { jobId } = await open.call('datasets.import.start', { path: root2, datasetId: first.datasetId });
    const s = await open.waitFor(jobId);
    expect(s.items).toBe(1);
    expect(s.duplicates).toBe(1);
    expect(s.conflicts).toEqual([
      { paths: [`${root1}/cat/a.png`, `${root2}/dog/a.png`], labels: ['cat', 'dog'], resolution: 'already in the dataset as cat; that label was kept' },
    ]);
    expect(s.classes).toEqual({ cat: 1, dog: 1 });
  });
});
