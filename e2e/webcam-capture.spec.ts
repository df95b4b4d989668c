import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import type { StudioApi } from '../shared/api/client';
import { launchOptions } from './browser-options';
import { expect, openStudio, test } from './fixtures';

// Chromium's fake camera (a moving test pattern, so successive frames differ) and an automatic yes
// to the permission prompt: only this spec gets them.
test.use({ launchOptions: { ...launchOptions, args: [...(launchOptions.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] } });

const studioOf = (page: Page) => page.evaluate.bind(page);

/** Imports a two-class folder through the API and resolves when its import has finished (the event, subscribed before the start). */
async function importPets(page: Page, dir: string): Promise<number> {
  return studioOf(page)(async (path) => {
    const s = (globalThis as unknown as { studio: StudioApi }).studio;
    const ended = new Set<string>();
    let wake = () => undefined as void;
    const off = s.on('datasets.import.finished', (e) => (ended.add(e.jobId), wake()));
    const job = await s.call('datasets.import.start', { path, name: 'pets' });
    while (!ended.has(job.jobId)) await new Promise<void>((r) => (wake = r));
    off();
    return job.datasetId;
  }, dir);
}

const classCount = (page: Page, datasetId: number, name: string) =>
  studioOf(page)(
    async ([id, n]) => {
      const d = await (globalThis as unknown as { studio: StudioApi }).studio.call('datasets.get', { datasetId: id as number });
      return d.classes.find((c) => c.name === n)?.count ?? 0;
    },
    [datasetId, name] as const,
  );

test('webcam: holding the button records 30 frames into a class; Space records until released into a new class; a refused camera says so', async ({ page, studio }) => {
  const dir = join(studio.dataDir, '..', `pets-${Date.now()}`);
  for (const [cls, shade] of [['cat', 40], ['dog', 200]] as const) {
    mkdirSync(join(dir, cls), { recursive: true });
    writeFileSync(join(dir, cls, 'a.png'), await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: shade, g: 9, b: 9 } } }).png().toBuffer());
  }
  await openStudio(page, studio, 'label');
  const datasetId = await importPets(page, dir);
  await openStudio(page, studio, `label/${datasetId}`);

  await page.getByTestId('capture-open').click();
  // The dialog starts on the legend's first class; pick one from the menu as a user would.
  const pick = async (option: string) => {
    await page.getByTestId('capture-class').locator('..').getByRole('combobox').click();
    await page.getByRole('option', { name: option }).click();
  };
  await pick('cat');
  await expect(page.getByTestId('capture-class')).toHaveValue('cat');
  const hold = page.getByTestId('capture-hold');
  const count = page.getByTestId('capture-count');
  const status = page.getByTestId('capture-status');
  await expect(hold).toBeEnabled();

  // Pointer: held past the count, recording stops by itself at 30.
  await hold.hover();
  await page.mouse.down();
  await expect(count).toHaveText('30 / 30 frames');
  await page.mouse.up();
  await expect(status).toHaveText('Added 30 images to “cat”. It now has 31 images.');
  expect(await classCount(page, datasetId, 'cat')).toBe(31);

  // Space on the focused button, into a class that does not exist yet; released early, it keeps what it took.
  await pick('New class…');
  await page.getByTestId('capture-new-class').fill('wave');
  await hold.focus();
  await page.keyboard.down('Space');
  await expect(count).toHaveText(/^([4-9]|1\d) \/ 30 frames$/);
  await page.keyboard.up('Space');
  await expect(status).toContainText('to “wave”');
  const taken = Number((await count.textContent())!.split(' ')[0]);
  expect(taken).toBeLessThan(30);
  await expect(status).toHaveText(`Added ${taken} images to “wave”. It now has ${taken} images.`);
  expect(await classCount(page, datasetId, 'wave')).toBe(taken);

  // The dialog passes axe (WCAG 2.1 AA, no serious/critical) in both themes, at the narrow size: the
  // first theme with the result on show, the other on reopening (the modal hides the theme button).
  await page.setViewportSize({ width: 1024, height: 700 });
  const shots = process.env.STUDIO_SHOTS_DIR;
  const problems: string[] = [];
  const axeDialog = async () => {
    const theme = await page.getByTestId('app-shell').getAttribute('data-theme');
    // A playing preview keeps the page busy repainting; axe reads a still page just the same.
    await page.getByTestId('capture-preview').evaluate((v) => (v as unknown as { pause(): void }).pause());
    const axe = await new AxeBuilder({ page }).include('[role="dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) problems.push(`capture dialog ${theme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    if (shots) await page.screenshot({ path: join(shots, `capture-1024x700-${theme}.png`) });
  };
  await axeDialog();
  // The Label page shows the new class without a reload.
  await page.getByTestId('capture-close').click();
  await expect(page.locator('[data-testid^="legend-class-"][data-name="wave"]')).toBeVisible();
  const before = await page.getByTestId('app-shell').getAttribute('data-theme');
  await page.getByRole('button', { name: 'toggle theme' }).click();
  await expect(page.getByTestId('app-shell')).not.toHaveAttribute('data-theme', before!);
  await page.getByTestId('capture-open').click();
  await expect(hold).toBeEnabled();
  await axeDialog();
  expect(problems).toEqual([]);
  await page.getByTestId('capture-close').click();

  // A refused camera: the dialog says what happened and what to do.
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.reload();
  await page.getByTestId('capture-open').click();
  await expect(page.getByTestId('capture-camera-error')).toContainText('Camera permission was refused');
  await expect(hold).toBeDisabled();
});
