import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { testCore, type TestCore } from './core-helper';
import { snapshotsRepo } from '../../electron/core/store/repos/snapshots';

const tmp = useTmpDirs();
let open: TestCore | undefined;
afterEach(async () => {
  await open?.core.close();
  open = undefined;
});

/** A folder of tiny distinct PNGs: `perClass` per class subfolder plus `loose` unlabeled ones. */
async function folder(perClass: Record<string, number>, loose = 0): Promise<string> {
  const root = tmp();
  let k = 0;
  const make = async (dir: string, n: number) => {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < n; i++, k++) {
      const buf = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: k % 256, g: Math.floor(k / 256), b: 7 } } }).png().toBuffer();
      writeFileSync(join(dir, `img-${String(k).padStart(4, '0')}.png`), buf);
    }
  };
  for (const [c, n] of Object.entries(perClass)) await make(join(root, c), n);
  await make(root, loose);
  return root;
}

describe('labeling API', () => {
  it('assigns labels, returns what undo needs, and counts follow', async () => {
    open = testCore(tmp());
    const s = await open.importAndWait(await folder({ cat: 2, dog: 2 }, 6));
    const ds = await open.call('datasets.get', { datasetId: s.datasetId });
    expect(ds.unlabeled).toBe(6);
    const [cat, dog] = ds.classes;
    expect([cat!.name, cat!.position, dog!.name, dog!.position]).toEqual(['cat', 0, 'dog', 1]);
    const loose = await open.call('datasets.items.ids', { datasetId: s.datasetId, filter: { label: 'unlabeled' } });
    const five = loose.ids.slice(0, 5);
    const r = await open.call('datasets.labels.assign', { datasetId: s.datasetId, assignments: [{ itemIds: five, labelId: cat!.id }] });
    expect(r.changed).toBe(5);
    expect(r.previous).toEqual([{ itemIds: five, labelId: null }]);
    expect(r.classes.find((c) => c.name === 'cat')!.count).toBe(7);
    expect(r.unlabeled).toBe(1);
    // Undo = send previous back.
    const u = await open.call('datasets.labels.assign', { datasetId: s.datasetId, assignments: r.previous });
    expect(u.unlabeled).toBe(6);
    expect(u.classes.find((c) => c.name === 'cat')!.count).toBe(2);
    const bad = await open.fail('datasets.labels.assign', { datasetId: s.datasetId, assignments: [{ itemIds: five, labelId: 9999 }] });
    expect(bad.code).toBe('not_found');
  });

  it('pages and filters the item list (class, unlabeled, split, search) and lists skipped files', async () => {
    open = testCore(tmp());
    const root = await folder({ cat: 30, dog: 20 }, 10);
    writeFileSync(join(root, 'broken.jpg'), 'nope');
    const s = await open.importAndWait(root);
    const id = s.datasetId;
    const all = await open.call('datasets.items.list', { datasetId: id, offset: 0, limit: 25 });
    expect(all.total).toBe(60);
    expect(all.items).toHaveLength(25);
    const next = await open.call('datasets.items.list', { datasetId: id, offset: 50, limit: 25 });
    expect(next.items).toHaveLength(10);
    expect(new Set([...all.items, ...next.items].map((i) => i.id)).size).toBe(35);
    const ds = await open.call('datasets.get', { datasetId: id });
    const dog = ds.classes.find((c) => c.name === 'dog')!;
    expect((await open.call('datasets.items.list', { datasetId: id, filter: { label: dog.id } })).total).toBe(20);
    expect((await open.call('datasets.items.list', { datasetId: id, filter: { label: 'unlabeled' } })).total).toBe(10);
    expect((await open.call('datasets.items.list', { datasetId: id, filter: { search: 'img-000' } })).total).toBe(10);
    expect((await open.call('datasets.items.list', { datasetId: id, filter: { search: '%' } })).total).toBe(0);
    expect((await open.call('datasets.items.list', { datasetId: id, filter: { subset: 'none' } })).total).toBe(60);
    const split = await open.call('datasets.split', { datasetId: id, seed: 3 });
    expect(split.counts).toEqual({
      cat: { train: 20, val: 5, test: 5 },
      dog: { train: 14, val: 3, test: 3 },
      '(unlabeled)': { train: 6, val: 2, test: 2 },
    });
    expect((await open.call('datasets.items.list', { datasetId: id, filter: { subset: 'val', label: dog.id } })).total).toBe(3);
    const picked = await open.call('datasets.items.get', { datasetId: id, itemIds: [next.items[1]!.id, all.items[3]!.id, 99999] });
    expect(picked.items.map((i) => i.id)).toEqual([next.items[1]!.id, all.items[3]!.id]);
    const item = all.items[0]!;
    expect(item.thumbId).toMatch(/^[0-9a-f]{64}$/);
    expect(open.core.ctx.files.resolve('thumb', item.thumbId!)?.contentType).toBe('image/webp');
    expect(open.core.ctx.files.resolve('image', item.thumbId!)?.contentType).toBe('image/png');
    expect(open.core.ctx.files.resolve('thumb', '../../etc/passwd')).toBeUndefined();
    const skips = await open.call('datasets.skips.list', { datasetId: id });
    expect(skips.skipped.map((k) => k.reason)).toEqual(['not an image: named .jpg but the content is text']);
  });

  it('manages classes: add, rename, merge, delete with reassignment; legend keys stay 1..n', async () => {
    open = testCore(tmp());
    const s = await open.importAndWait(await folder({ a: 2, b: 3, c: 4 }));
    const id = s.datasetId;
    const d = await open.call('datasets.classes.add', { datasetId: id, name: 'd' });
    expect(d.position).toBe(3);
    expect((await open.fail('datasets.classes.add', { datasetId: id, name: 'a' })).code).toBe('conflict');
    const ds = await open.call('datasets.get', { datasetId: id });
    const [a, b, c] = ds.classes;
    expect((await open.call('datasets.classes.rename', { datasetId: id, classId: a!.id, name: 'alpha' })).name).toBe('alpha');
    const merged = await open.call('datasets.classes.merge', { datasetId: id, fromId: b!.id, intoId: c!.id });
    expect(merged.moved).toBe(3);
    expect(merged.classes.map((x) => [x.name, x.position, x.count])).toEqual([
      ['alpha', 0, 2],
      ['c', 1, 7],
      ['d', 2, 0],
    ]);
    const del = await open.call('datasets.classes.delete', { datasetId: id, classId: a!.id, reassignTo: null });
    expect(del.moved).toBe(2);
    expect(del.classes.map((x) => [x.name, x.position])).toEqual([
      ['c', 0],
      ['d', 1],
    ]);
    expect((await open.call('datasets.get', { datasetId: id })).unlabeled).toBe(2);
    const del2 = await open.call('datasets.classes.delete', { datasetId: id, classId: c!.id, reassignTo: d.id });
    expect(del2.classes.map((x) => [x.name, x.count])).toEqual([['d', 7]]);
  });

  it('snapshots freeze labels and split: relabeling later changes nothing in them; same content reuses the snapshot', async () => {
    open = testCore(tmp());
    const s = await open.importAndWait(await folder({ cat: 5, dog: 4 }, 2));
    const id = s.datasetId;
    const snap = await open.call('datasets.snapshots.create', { datasetId: id });
    expect(snap.items).toBe(9);
    expect(snap.labels).toEqual(['cat', 'dog']);
    expect(snap.subsets.val).toBeGreaterThanOrEqual(2);
    expect((await open.call('datasets.snapshots.create', { datasetId: id })).id).toBe(snap.id);
    const before = snapshotsRepo(open.core.ctx.db).items(snap.id);
    const ds = await open.call('datasets.get', { datasetId: id });
    const cats = await open.call('datasets.items.ids', { datasetId: id, filter: { label: ds.classes[0]!.id } });
    await open.call('datasets.labels.assign', { datasetId: id, assignments: [{ itemIds: cats.ids, labelId: ds.classes[1]!.id }] });
    await open.call('datasets.split', { datasetId: id, seed: 99 });
    expect(snapshotsRepo(open.core.ctx.db).items(snap.id)).toEqual(before);
    const snap2 = await open.call('datasets.snapshots.create', { datasetId: id });
    expect(snap2.id).not.toBe(snap.id);
    expect(snap2.hash).not.toBe(snap.hash);
    expect((await open.call('datasets.snapshots.list', { datasetId: id })).snapshots.map((x) => x.id)).toEqual([snap2.id, snap.id]);
  });
});
