import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StudioApi } from '../shared/api/client';
import { apiFor, expect, importAndWait, openStudio, startStudio, stopStudio, test, waitForRunEnd, type StudioServer } from './fixtures';
import { fakeResources } from '../test/demo/fake-resources';

test.describe.configure({ timeout: 180_000 });

/**
 * A dataset imported from the stand-in demo folder and a deliberately under-trained probe (the SGD head, one
 * epoch, a tiny learning rate on a random ResNet-18), so the evaluation has mistakes to show.
 */
async function seedRun(studio: StudioServer, resources: string): Promise<{ runId: number; datasetId: number }> {
  const api = apiFor(studio);
  try {
    const job = await importAndWait(api, { path: `${resources}/demo`, name: 'patterns' });
    const b = await api.call('backbones.addLocal', { path: `${resources}/backbones/starter-resnet` });
    const run = await api.call('training.start', { datasetId: job.datasetId, backboneId: b.id, mode: 'probe', options: { headSolver: 'sgd', minSteps: 0, epochs: 1, learningRate: 1e-6, patience: 0 } });
    const ended = await waitForRunEnd(api, run.id);
    if (ended.status !== 'completed') throw new Error(`the seed run ended ${ended.status}: ${ended.error ?? ''}`);
    return { runId: run.id, datasetId: job.datasetId };
  } finally {
    api.close();
  }
}

let scratch: string;
let studio: StudioServer;
let resources: string;
test.beforeEach(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'studio-exp-'));
  resources = await fakeResources(join(scratch, 'resources'));
  studio = await startStudio(join(scratch, 'data'), { STUDIO_BACKEND: 'wasm' });
});
test.afterEach(async () => {
  await stopStudio(studio);
  rmSync(scratch, { recursive: true, force: true });
});

test('runs table → run page: a confusion cell opens exactly its items; P in the misclassified gallery relabels the dataset, not the run', async ({ page }) => {
  await openStudio(page, studio, 'experiments');
  const { runId } = await seedRun(studio, resources);

  // The table sorts and filters.
  await expect(page.getByTestId(`run-row-${runId}`)).toBeVisible();
  await page.getByTestId('runs-filter').fill('no-such-thing');
  await expect(page.getByTestId(`run-row-${runId}`)).toHaveCount(0);
  await page.getByTestId('runs-filter').fill('probe');
  await page.getByTestId('sort-test').click();
  await page.getByTestId(`run-row-${runId}`).click();

  await expect(page.getByTestId('eval-accuracy')).toBeVisible({ timeout: 60_000 });
  const matrix = page.getByTestId('confusion-matrix');
  const cells = matrix.locator('[data-testid^="cm-cell-"]');
  const n = Math.round(Math.sqrt(await cells.count()));
  let total = 0;
  let offDiagonal: { t: number; p: number; count: number } | null = null;
  for (let t = 0; t < n; t++)
    for (let p = 0; p < n; p++) {
      const count = Number(await page.getByTestId(`cm-cell-${t}-${p}`).getAttribute('data-count'));
      total += count;
      if (t !== p && count > 0 && !offDiagonal) offDiagonal = { t, p, count };
    }
  expect(total).toBeGreaterThan(0);
  expect(offDiagonal, 'the under-trained run makes mistakes').not.toBeNull();

  await page.getByTestId(`cm-cell-${offDiagonal!.t}-${offDiagonal!.p}`).click();
  const cellItems = page.getByTestId('cell-items');
  await expect(cellItems).toHaveAttribute('data-total', String(offDiagonal!.count));
  await expect(cellItems.locator('[data-testid^="gallery-item-"]')).toHaveCount(offDiagonal!.count);
  await page.screenshot({ path: test.info().outputPath('confusion-cell.png'), fullPage: true });

  const gallery = page.getByTestId('misclassified-gallery');
  const card = gallery.locator('[data-testid^="gallery-item-"]').first();
  await expect(card).toBeVisible();
  const itemId = Number((await card.getAttribute('data-testid'))!.replace('gallery-item-', ''));
  const before = await card.getAttribute('data-current-label');
  await card.focus();
  await page.keyboard.press('p');
  await expect(gallery.getByTestId('relabel-done')).toBeVisible();

  const after = await page.evaluate(
    async ({ runId, itemId }) => (await (globalThis as unknown as { studio: StudioApi }).studio.call('evaluation.items', { runId, misclassifiedOnly: true, limit: 500 })).items.find((i) => i.itemId === itemId)!,
    { runId, itemId },
  );
  expect(after.currentLabel).toBe(after.predictedLabel);
  expect(after.currentLabel).not.toBe(before);
  // The run keeps its snapshot's label: the mistake is still counted against the old label.
  expect(after.trueLabel).toBe(before);
  await expect(gallery.getByTestId(`gallery-item-${itemId}`)).toHaveAttribute('data-current-label', after.predictedLabel);
  await page.screenshot({ path: test.info().outputPath('relabel.png'), fullPage: true });
});
