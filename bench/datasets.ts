import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { openCore, type Core } from '../electron/core/core';
import { startBrowserServer } from '../electron/core/server/http-server';
import { packageRoot } from '../electron/core/version';
import type { ImportSummary } from '../shared/domain/dataset';

const MNIST = '/usr/share/datasets/fashion-mnist';
const FASHION = ['tshirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'boot'];

/** 2,000 PNGs in class folders: Fashion-MNIST where Debian ships it, else synthetic noise images. */
async function makeFolder(root: string, n: number): Promise<string> {
  const images = join(MNIST, 'train-images-idx3-ubyte.gz');
  const labels = join(MNIST, 'train-labels-idx1-ubyte.gz');
  if (existsSync(images) && existsSync(labels)) {
    const img = gunzipSync(readFileSync(images));
    const lab = gunzipSync(readFileSync(labels));
    for (const c of FASHION) mkdirSync(join(root, c), { recursive: true });
    for (let i = 0; i < n; i++) {
      const px = img.subarray(16 + i * 784, 16 + (i + 1) * 784);
      writeFileSync(join(root, FASHION[lab[8 + i]!]!, `${i}.png`), await sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer());
    }
    return 'Fashion-MNIST 28×28 PNG';
  }
  for (let c = 0; c < 10; c++) mkdirSync(join(root, `c${c}`), { recursive: true });
  for (let i = 0; i < n; i++) {
    const buf = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: i % 256, g: (i >> 8) % 256, b: 77 } } }).png().toBuffer();
    writeFileSync(join(root, `c${i % 10}`, `${i}.png`), buf);
  }
  return 'synthetic 64×64 PNG';
}

async function call(core: Core, method: string, params: unknown): Promise<unknown> {
  const out = await core.service.call(method, params, { transport: 'websocket' });
  if (!out.ok) throw new Error(`${method}: ${out.error.message}`);
  return out.result;
}

async function importFolder(core: Core, path: string, datasetId?: number): Promise<ImportSummary> {
  const { jobId } = (await call(core, 'datasets.import.start', { path, ...(datasetId ? { datasetId } : {}) })) as { jobId: string };
  for (;;) {
    const r = (await call(core, 'datasets.import.result', { jobId })) as ImportSummary;
    if (r.status !== 'running') return r;
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Grows the dataset to `total` rows cheaply: new hashes whose thumbnails are hard links to imported ones. */
function padTo(core: Core, datasetId: number, total: number): void {
  const db = core.ctx.db;
  const have = (db.prepare('SELECT COUNT(*) AS n FROM items WHERE dataset_id = ?').get(datasetId) as { n: number }).n;
  const src = db.prepare('SELECT blob_path, thumb_path, label_id, format FROM items WHERE dataset_id = ? LIMIT 500').all(datasetId) as Array<{
    blob_path: string;
    thumb_path: string;
    label_id: number | null;
    format: string;
  }>;
  const ins = db.prepare(
    `INSERT INTO items (dataset_id, content_hash, blob_path, original_path, name, width, height, thumb_path, format, label_id, created_at)
     VALUES (?, ?, ?, ?, ?, 28, 28, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = have; i < total; i++) {
      const s = src[i % src.length]!;
      const hash = createHash('sha256').update(`pad-${i}`).digest('hex');
      const thumb = `thumbs/${hash.slice(0, 2)}/${hash}.webp`;
      mkdirSync(join(core.ctx.dataDir, 'thumbs', hash.slice(0, 2)), { recursive: true });
      linkSync(join(core.ctx.dataDir, s.thumb_path), join(core.ctx.dataDir, thumb));
      ins.run(datasetId, hash, s.blob_path, `/bench/pad/${i}.png`, `${i}.png`, thumb, s.format, i % 3 === 0 ? null : s.label_id, new Date().toISOString());
    }
  })();
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function scrollFrames(core: Core, datasetId: number): Promise<string> {
  const rendererDir = join(packageRoot(), 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) return 'grid scroll: skipped (renderer not built; run `npm run build`)';
  const server = await startBrowserServer(core, { rendererDir });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}#/label/${datasetId}`);
    await page.locator('[data-testid="item-grid"][data-count="20000"]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    // A string, so this node-side file needs no DOM typings. Two gestures: a wheel (120 px per
    // frame) and a fling (600 px per frame, new rows every frame).
    const measure = (step: number) => `(async () => {
      const el = document.querySelector('[data-testid="item-grid"]');
      el.scrollTop = 0;
      await new Promise((r) => setTimeout(r, 300));
      const deltas = [];
      let last = performance.now();
      for (let f = 0; f < 300; f++) {
        el.scrollTop += ${step};
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        deltas.push(now - last);
        last = now;
      }
      deltas.sort((a, b) => a - b);
      return { mean: deltas.reduce((a, b) => a + b, 0) / deltas.length, p95: deltas[Math.floor(deltas.length * 0.95)], max: deltas[deltas.length - 1], tiles: el.querySelectorAll('[data-testid="grid-item"]').length };
    })()`;
    const fmt = (s: { mean: number; p95: number; max: number }) => `mean ${s.mean.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
    const wheel = (await page.evaluate(measure(120))) as { mean: number; p95: number; max: number; tiles: number };
    const fling = (await page.evaluate(measure(600))) as { mean: number; p95: number; max: number; tiles: number };
    return `grid scroll at 20,000 items (Chromium, headless, software rendering), frame time: wheel 120 px/frame ${fmt(wheel)}; fling 600 px/frame ${fmt(fling)}; ${fling.tiles} tiles in the DOM`;
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function benchDatasets(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-ds-'));
  const core = openCore({ dataDir: join(dir, 'data') });
  try {
    const folder = join(dir, 'images');
    const kind = await makeFolder(folder, 2000);
    const [summary, ms] = await timed(() => importFolder(core, folder));
    process.stdout.write(`import: ${summary.items} images (${kind}) in ${(ms / 1000).toFixed(2)} s = ${((summary.items * 1000) / ms).toFixed(0)} images/s (decode + thumbnail + copy + DB, 2 at a time)\n`);
    const [again, ms2] = await timed(() => importFolder(core, folder, summary.datasetId));
    process.stdout.write(`re-import of the same folder (all duplicates): ${again.duplicates} files in ${(ms2 / 1000).toFixed(2)} s = ${((again.duplicates * 1000) / ms2).toFixed(0)} files/s\n`);
    padTo(core, summary.datasetId, 20_000);
    const [ids, msIds] = await timed(() => call(core, 'datasets.items.ids', { datasetId: summary.datasetId, filter: {} }) as Promise<{ ids: number[] }>);
    const [, msPage] = await timed(() => call(core, 'datasets.items.get', { datasetId: summary.datasetId, itemIds: ids.ids.slice(10_000, 10_200) }));
    const [, msUnl] = await timed(() => call(core, 'datasets.items.ids', { datasetId: summary.datasetId, filter: { label: 'unlabeled', search: '1' } }));
    const [, msAll] = await timed(async () => {
      for (let off = 0; off < 20_000; off += 2000) await call(core, 'datasets.items.list', { datasetId: summary.datasetId, offset: off, limit: 2000 });
    });
    const [, msGet] = await timed(() => call(core, 'datasets.get', { datasetId: summary.datasetId }));
    process.stdout.write(
      `items API at 20,000: ids ${msIds.toFixed(1)} ms (${JSON.stringify(ids).length} bytes), a 200-item page ${msPage.toFixed(1)} ms, ` +
        `filtered ids ${msUnl.toFixed(1)} ms, all rows in 10 pages ${msAll.toFixed(0)} ms, dataset summary ${msGet.toFixed(1)} ms\n`,
    );
    process.stdout.write(`${await scrollFrames(core, summary.datasetId)}\n`);
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
