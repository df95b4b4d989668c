import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StudioApi } from '../shared/api/client';
import { apiFor, expect, importAndWait, openStudio, startStudio, stopStudio, test, waitForRunEnd, type StudioServer } from './fixtures';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Screenshots for the closing note (not committed).
const SHOTS = '/tmp/shots-12';

test.describe.configure({ timeout: 120_000 });

let scratch: string;
let studio: StudioServer;
test.beforeEach(async ({ page }) => {
  scratch = mkdtempSync(join(tmpdir(), 'studio-explain-'));
  studio = await startStudio(join(scratch, 'data'), { STUDIO_BACKEND: 'wasm' });
  await page.setViewportSize({ width: 1440, height: 900 });
  mkdirSync(SHOTS, { recursive: true });
});
test.afterEach(async () => {
  await stopStudio(studio);
  rmSync(scratch, { recursive: true, force: true });
});

test('attention explorer: a sentence through a BERT backbone draws every layer × head, and a head view with lines', async ({ page }) => {
  await openStudio(page, studio);
  // The tiny BERT of the parity fixtures (2 layers × 4 heads), added as a local folder.
  await page.evaluate(async (dir) => {
    const api = (globalThis as unknown as { studio: StudioApi }).studio;
    await api.call('backbones.addLocal', { path: dir });
  }, join(root, 'test', 'fixtures', 'parity', 'hf-bert'));
  await page.getByTestId('nav-attention').click();
  await page.getByTestId('attention-sentence').fill('the dog chased the cat because it was fast');
  await page.getByTestId('attention-show').click();
  const grid = page.getByTestId('attention-grid');
  await expect(grid).toHaveAttribute('data-layers', '2', { timeout: 60_000 });
  await expect(grid).toHaveAttribute('data-heads', '4');
  await expect(grid.locator('canvas')).toHaveCount(8);

  await page.getByTestId('attn-thumb-1-2').click();
  const head = page.getByTestId('head-view');
  await expect(head).toHaveAttribute('data-layer', '1');
  await expect(head).toHaveAttribute('data-head', '2');
  expect(Number(await head.getAttribute('data-lines'))).toBeGreaterThan(0);
  // Keyboard: from the selected map, the arrow keys move between heads and layers.
  await page.getByTestId('attn-thumb-1-2').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(head).toHaveAttribute('data-head', '1');
  await page.keyboard.press('ArrowUp');
  await expect(head).toHaveAttribute('data-layer', '0');
  await page.screenshot({ path: join(SHOTS, 'attention-explorer.png') });
});

test('predict page: Why this prediction? draws the Grad-CAM overlay over the image, with an opacity slider', async ({ page }) => {
  // Two demo classes, 6 images each, a probe on the bundled starter ResNet.
  const mini = join(scratch, 'mini');
  for (const c of ['dress', 'sneaker']) {
    mkdirSync(join(mini, c), { recursive: true });
    for (const f of readdirSync(join(root, 'resources', 'demo', c)).slice(0, 6)) cpSync(join(root, 'resources', 'demo', c, f), join(mini, c, f));
  }
  await openStudio(page, studio);
  const api = apiFor(studio);
  let runId: number;
  try {
    const job = await importAndWait(api, { path: mini, name: 'mini' });
    const b = await api.call('backbones.addLocal', { path: join(root, 'resources', 'backbones', 'starter-resnet') });
    const run = await api.call('training.start', { datasetId: job.datasetId, backboneId: b.id, mode: 'probe' });
    const ended = await waitForRunEnd(api, run.id);
    expect(ended.status, ended.error ?? '').toBe('completed');
    runId = run.id;
  } finally {
    api.close();
  }
  await openStudio(page, studio, `predict/${runId}`);
  const image = join(mini, 'dress', readdirSync(join(mini, 'dress'))[0]!);
  await page.getByTestId('predict-file-input').setInputFiles(image);
  await expect(page.getByTestId('predict-result').first()).toHaveAttribute('data-label', 'dress', { timeout: 60_000 });
  await page.getByTestId('why-0-open').click();
  const overlay = page.getByTestId('heat-overlay');
  await expect(overlay).toBeVisible({ timeout: 60_000 });
  const canvas = page.getByTestId('heat-canvas');
  await expect(canvas).toHaveAttribute('data-opacity', '0.5');
  // The heat map is drawn: the canvas holds coloured pixels.
  const painted = await canvas.evaluate((el) => {
    // Structural type: the e2e files compile against Node's lib, where the DOM canvas types differ.
    const c = el as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n / (d.length / 4);
  });
  expect(painted).toBeGreaterThan(0.9);
  await page.getByTestId('why-0-opacity').locator('input').focus();
  await page.keyboard.press('ArrowRight');
  await expect(canvas).toHaveAttribute('data-opacity', '0.55');
  await page.screenshot({ path: join(SHOTS, 'predict-why.png') });
  // Another class than the predicted one is explained on request.
  await page.getByTestId('why-0').getByRole('combobox').click();
  await page.getByRole('option', { name: 'sneaker' }).click();
  await expect(page.getByTestId('why-0')).toContainText('Grad-CAM for “sneaker”');
});
