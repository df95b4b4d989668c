import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../electron/core/store/db';
import { backbonesRepo } from '../../../electron/core/store/repos/backbones';
import type { PlanItem } from '../../../electron/core/training/data/types';

export const tinyLoaderModule = join(import.meta.dirname, 'tiny-backbones.ts');

export function tempDir(prefix = 'studio-train-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A 16×16 picture whose class is its pattern (stripes one way, the other, checks); colour and phase vary. */
export async function picture(cls: number, k: number, size: number): Promise<Buffer> {
  const px = Buffer.alloc(size * size * 3);
  let s = (cls * 7919 + k * 104729 + 1) >>> 0;
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0), s / 2 ** 32);
  const base = [40 + r() * 40, 40 + r() * 40, 40 + r() * 40];
  const phase = Math.floor(r() * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const on = cls === 0 ? ((y + phase) >> 1) % 2 : cls === 1 ? ((x + phase) >> 1) % 2 : (((x + phase) >> 2) + (y >> 2)) % 2;
      for (let c = 0; c < 3; c++) px[(y * size + x) * 3 + c] = Math.min(255, base[c]! + on * 120 + r() * 30);
    }
  return sharp(px, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

export interface SeededDataset {
  datasetId: number;
  snapshotId: number;
  items: PlanItem[];
  labels: string[];
}

/**
 * A labelled, split, snapshotted image dataset written straight into the store's tables (the
 * datasets domain's import is not what these tests are about). Per class: 8 train, 2 val, 2 test.
 */
export async function seedImageDataset(db: Db, dataDir: string, opts: { classes?: number; perClass?: number; size?: number } = {}): Promise<SeededDataset> {
  const classes = opts.classes ?? 3;
  const perClass = opts.perClass ?? 12;
  const size = opts.size ?? 16;
  const now = new Date().toISOString();
  const labels = ['stripes-h', 'stripes-v', 'checks'].slice(0, classes);
  const datasetId = Number(db.prepare(`INSERT INTO datasets (name, kind, created_at) VALUES ('patterns', 'image', ?)`).run(now).lastInsertRowid);
  const labelIds = labels.map((l, i) => Number(db.prepare('INSERT INTO labels (dataset_id, name, position) VALUES (?, ?, ?)').run(datasetId, l, i).lastInsertRowid));
  mkdirSync(join(dataDir, 'blobs'), { recursive: true });
  const items: PlanItem[] = [];
  const rows: Array<{ itemId: number; label: string; subset: string }> = [];
  for (let c = 0; c < classes; c++)
    for (let k = 0; k < perClass; k++) {
      const png = await picture(c, k, size);
      const hash = createHash('sha256').update(png).digest('hex');
      const rel = join('blobs', `${hash}.png`);
      writeFileSync(join(dataDir, rel), png);
      const itemId = Number(
        db
          .prepare('INSERT INTO items (dataset_id, content_hash, blob_path, width, height, label_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(datasetId, hash, rel, size, size, labelIds[c], now).lastInsertRowid,
      );
      const subset = k < perClass - 4 ? 'train' : k < perClass - 2 ? 'val' : 'test';
      rows.push({ itemId, label: labels[c]!, subset });
      items.push({ itemId, contentHash: hash, label: c, subset: subset as PlanItem['subset'], path: join(dataDir, rel) });
    }
  const snapshotId = Number(db.prepare('INSERT INTO snapshots (dataset_id, hash, labels, created_at) VALUES (?, ?, ?, ?)').run(datasetId, `h${datasetId}`, JSON.stringify(labels), now).lastInsertRowid);
  const ins = db.prepare('INSERT INTO snapshot_items (snapshot_id, item_id, label, subset) VALUES (?, ?, ?, ?)');
  for (const r of rows) ins.run(snapshotId, r.itemId, r.label, r.subset);
  return { datasetId, snapshotId, items, labels };
}

export function addTinyBackbone(db: Db, dataDir: string, kind: 'resnet' | 'vit', seed = 1): string {
  const dir = join(dataDir, 'backbones', `tiny-${kind}-${seed}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ tiny: kind, seed, image_size: 16, pretrained_cfg: { input_size: [3, 16, 16], crop_pct: 1, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } }));
  const id = `tiny-${kind}-${seed}`;
  backbonesRepo(db).upsert({ id, family: kind, name: id, source: 'local', path: dir, weightsHash: `w-${kind}-${seed}`, featureDim: 16, sizeBytes: 1, license: null, config: {} });
  return id;
}
