import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { StudioApi } from '../shared/api/client';
import { apiFor, expect, importAndWait, openStudio, startStudio, stopStudio, test, type StudioServer } from './fixtures';
import { starterBackbone, writeFmnistFolder, type FmnistFolder } from '../test/assist/helpers/fmnist-folder';

test.describe.configure({ timeout: 180_000 });

let scratch: string;
let studio: StudioServer;
let folder: FmnistFolder;
test.beforeEach(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'studio-assist-'));
  // 10 labeled Fashion-MNIST images per class (5 of them in the wrong class folder) and 6 loose ones per class.
  folder = writeFmnistFolder(join(scratch, 'fmnist'), { labeled: 10, loose: 6, flips: 5 });
  studio = await startStudio(join(scratch, 'data'), { STUDIO_BACKEND: 'wasm' });
});
test.afterEach(async () => {
  await stopStudio(studio);
  rmSync(scratch, { recursive: true, force: true });
});

/** Imports the folder through the test's own client and maps item names to ids. */
async function importFolder(studio: StudioServer, path: string): Promise<{ datasetId: number; ids: Record<string, number> }> {
  const api = apiFor(studio);
  try {
    const job = await importAndWait(api, { path, name: 'fmnist' });
    const items = await api.call('datasets.items.list', { datasetId: job.datasetId, limit: 2000 });
    return { datasetId: job.datasetId, ids: Object.fromEntries(items.items.map((it) => [it.name, it.id])) as Record<string, number> };
  } finally {
    api.close();
  }
}

const api = (page: Page) => ({
  addBackbone: (path: string) => page.evaluate((p) => (globalThis as unknown as { studio: StudioApi }).studio.call('backbones.addLocal', { path: p }), path),
});

test('Suggest next ranks unlabeled items with hints P accepts; Looks wrong lists a planted flip', async ({ page }) => {
  await openStudio(page, studio, 'label');
  const { datasetId, ids } = await importFolder(studio, folder.dir);
  await openStudio(page, studio, `label/${datasetId}`);
  const unlabeled = page.getByTestId('legend-unlabeled');
  await expect(unlabeled).toHaveAttribute('data-count', '30');

  // No backbone yet: a clear way forward instead of a spinner.
  await page.getByTestId('assist-suggest').click();
  await expect(page.getByTestId('assist-empty')).toContainText('No backbone');

  await api(page).addBackbone(starterBackbone);
  const grid = page.getByTestId('item-grid');
  await expect(page.getByTestId('assist-summary')).toContainText('30 unlabeled items ranked by uncertainty and diversity', { timeout: 60_000 });
  await expect(grid).toHaveAttribute('data-count', '30');
  await expect(grid.getByTestId('hint-badge').first()).toBeVisible();
  const looseIds = new Set(Object.entries(ids).filter(([n]) => n.startsWith('test-')).map(([, id]) => String(id)));
  const first = grid.getByTestId('grid-item').first();
  expect(looseIds.has((await first.getAttribute('data-item-id'))!)).toBe(true);

  // P accepts the first suggestion's hint: it gets that class, the counts follow.
  const hint = (await first.getByTestId('hint-badge').textContent())!;
  const predicted = hint.replace(/\?.*$/, '');
  const chip = page.locator(`[data-testid^="legend-class-"][data-name="${predicted}"]`);
  const before = Number(await chip.getAttribute('data-count'));
  await first.click();
  await page.keyboard.press('p');
  await expect(unlabeled).toHaveAttribute('data-count', '29');
  await expect(chip).toHaveAttribute('data-count', String(before + 1));
  await expect(first).toHaveAttribute('data-label', predicted);
  // The status line now says what is true, not what the ranking found before that label.
  await expect(page.getByTestId('assist-summary')).toContainText('29 unlabeled items left · ranked before your latest change: Refresh to re-rank');
  await page.getByTestId('assist-refresh').click();
  await expect(page.getByTestId('assist-summary')).toContainText('29 unlabeled items ranked by uncertainty and diversity', { timeout: 60_000 });

  // Looks wrong: the planted flips are what the probe doubts, with the class they really are.
  await page.getByTestId('assist-suspects').click();
  await expect(page.getByTestId('assist-summary')).toContainText('labels look wrong', { timeout: 60_000 });
  const listed = await grid.getByTestId('grid-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
  const flipped = folder.flipped.map((n) => String(ids[n]));
  const found = flipped.filter((id) => listed.includes(id));
  expect(found.length).toBeGreaterThanOrEqual(1);
  const name = folder.flipped[flipped.indexOf(found[0]!)]!;
  await expect(grid.locator(`[data-item-id="${found[0]}"]`).getByTestId('hint-badge')).toContainText(`→ ${folder.truth.get(name)}`);
});
