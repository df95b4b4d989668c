import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, openStudio, test } from './fixtures';
import { buildBadInputFixture } from '../test/helpers/bad-input-fixture';

const png = (k: number) => sharp({ create: { width: 24, height: 24, channels: 3, background: { r: (k * 40) % 256, g: (k * 90) % 256, b: 120 } } }).png().toBuffer();

test('the bad-input fixture imported through the UI lists every bad file with its reason and the right class counts', async ({ page, studio }) => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-fx-'));
  try {
    const fx = await buildBadInputFixture(join(dir, 'photos'));
    await openStudio(page, studio, 'datasets');
    await page.getByTestId('import-path').fill(fx.root);
    await page.getByTestId('import-path-go').click();
    const summary = page.getByTestId('import-summary');
    await expect(summary).toHaveAttribute('data-status', 'completed');
    const valid = Object.values(fx.valid).reduce((n, l) => n + l.length, 0);
    await expect(page.getByTestId('import-summary-items')).toHaveText(String(valid));
    await expect(page.getByTestId('import-class-cat')).toHaveAttribute('data-count', String(fx.valid.cat!.length));
    await expect(page.getByTestId('import-class-dog')).toHaveAttribute('data-count', String(fx.valid.dog!.length));
    await expect(summary).toContainText(`${fx.duplicates} exact duplicates`);
    // The same image under two classes: listed with every path, imported once, unlabeled.
    const conflicts = summary.getByTestId('conflict-row');
    await expect(conflicts).toHaveCount(fx.conflicts.length);
    await expect(conflicts.first()).toHaveAttribute('data-labels', fx.conflicts[0]!.labels.join(','));
    await expect(conflicts.first().getByTestId('conflict-resolution')).toContainText('imported once, unlabeled');
    const rows = summary.getByTestId('skip-row');
    await expect(rows).toHaveCount(fx.skips.length);
    for (const s of fx.skips) {
      const row = summary.locator(`[data-testid="skip-row"][data-path="${fx.root}/${s.rel}"]`);
      await expect(row, s.rel).toHaveCount(1);
      expect(await row.getByTestId('skip-reason').textContent()).toMatch(s.reason);
    }
    // The dataset shows up with the same counts, and its skipped files stay listed in the workspace.
    await page.getByTestId('dataset-list').getByRole('button').first().click();
    await expect(page.getByTestId('legend-class-1')).toHaveAttribute('data-count', String(fx.valid.cat!.length));
    await page.getByTestId('filter-skipped').click();
    await expect(page.getByTestId('skip-row')).toHaveCount(fx.skips.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('upload a folder, see progress and the grid, label five with the keyboard, undo one, counts change and persist', async ({ page, studio }) => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-up-'));
  try {
    const root = join(dir, 'pets');
    mkdirSync(join(root, 'cat'), { recursive: true });
    mkdirSync(join(root, 'dog'), { recursive: true });
    let k = 0;
    for (let i = 0; i < 3; i++) writeFileSync(join(root, 'cat', `c${i}.png`), await png(k++));
    for (let i = 0; i < 2; i++) writeFileSync(join(root, 'dog', `d${i}.png`), await png(k++));
    for (let i = 0; i < 8; i++) writeFileSync(join(root, `u${i}.png`), await png(k++));
    writeFileSync(join(root, 'dog', 'empty.jpg'), Buffer.alloc(0));
    writeFileSync(join(root, 'dog', 'text.jpg'), 'not an image');

    await openStudio(page, studio, 'datasets');
    await page.getByTestId('import-folder-input').setInputFiles(root);
    await expect(page.getByTestId('import-progress')).toBeVisible();
    await expect(page.getByTestId('import-progress-text')).toContainText('15 / 15 files');
    await expect(page.getByTestId('import-summary')).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('import-summary-items')).toHaveText('13');
    await expect(page.getByTestId('skip-row')).toHaveCount(2);

    await page.getByTestId('dataset-list').getByRole('button').first().click();
    await expect(page.getByTestId('item-grid')).toHaveAttribute('data-count', '13');
    const cat = page.getByTestId('legend-class-1');
    await expect(cat).toHaveAttribute('data-name', 'cat');
    await expect(cat).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('legend-unlabeled')).toHaveAttribute('data-count', '8');

    // Only the unlabeled ones, then label five in a row with the key of "cat".
    await page.getByTestId('filter-class').click();
    await page.getByRole('option', { name: 'Unlabeled' }).click();
    await expect(page.getByTestId('item-grid')).toHaveAttribute('data-count', '8');
    await page.getByTestId('grid-item').first().click();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('1');
      await expect(cat).toHaveAttribute('data-count', String(4 + i));
    }
    await expect(page.getByTestId('legend-unlabeled')).toHaveAttribute('data-count', '3');
    await expect(page.locator('[data-testid="grid-item"][data-label="cat"]')).toHaveCount(5);
    await page.keyboard.press('Control+z');
    await expect(cat).toHaveAttribute('data-count', '7');
    await expect(page.getByTestId('legend-unlabeled')).toHaveAttribute('data-count', '4');
    await expect(page.locator('[data-testid="grid-item"][data-label="cat"]')).toHaveCount(4);
    // Redo puts it back; undo takes it away again.
    await page.keyboard.press('Control+Shift+z');
    await expect(cat).toHaveAttribute('data-count', '8');
    await expect(page.getByTestId('legend-unlabeled')).toHaveAttribute('data-count', '3');
    await page.keyboard.press('Control+z');
    await expect(cat).toHaveAttribute('data-count', '7');
    await expect(page.getByTestId('legend-unlabeled')).toHaveAttribute('data-count', '4');

    // Enter opens the large view; the same keys label there.
    await page.getByTestId('grid-item').nth(5).click();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('large-view')).toBeVisible();
    await page.keyboard.press('2');
    await expect(page.getByTestId('legend-class-2')).toHaveAttribute('data-count', '3');
    await page.keyboard.press('Escape');

    await page.reload();
    await expect(page.getByTestId('legend-class-1')).toHaveAttribute('data-count', '7');
    await expect(page.getByTestId('legend-class-2')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('legend-unlabeled')).toHaveAttribute('data-count', '3');
    await expect(page.locator('[data-testid="grid-item"][data-label="cat"]')).toHaveCount(7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
