import { rmSync } from 'node:fs';
import { expect, openStudio, startStudio, stopStudio, test } from './fixtures';
import { FakeHub } from '../test/hub/fake-hub';
import { fixtureRepo, parityDir } from '../test/backbones/service/fixture-repo';

// The catalog's timm ViT preset, served by a local fake hub from the tiny timm-vit parity fixture (named after it).
const PRESET = 'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k';

test('the Backbones page explains backbones, lists the catalog and adds a local folder', async ({ page, studio }) => {
  await openStudio(page, studio, 'backbones');
  await expect(page.getByTestId('backbones-empty')).toContainText('ResNet-50 for photos');
  for (const key of ['resnet50', 'vgg16', 'vit-base-timm', 'vit-base-in21k', 'bert-base-uncased', 'gpt2']) {
    await expect(page.getByTestId(`catalog-${key}`)).toBeVisible();
  }
  await expect(page.getByTestId('catalog-resnet50')).toContainText('2048 features');

  await page.getByTestId('add-folder-path').fill('/no/such/folder');
  await page.getByTestId('add-folder-submit').click();
  await expect(page.getByTestId('add-folder-error')).toContainText('does not exist');

  await page.getByTestId('add-folder-path').fill(parityDir('hf-bert'));
  await page.getByTestId('add-folder-submit').click();
  const row = page.getByTestId('installed-hf-bert');
  await expect(row).toContainText('BERT');
  await expect(row).toContainText('64');
  await expect(page.getByTestId('backbones-empty')).toHaveCount(0);
});

test('a backbone downloads from the hub with live progress and ends up installed', async ({ page }) => {
  const hub = await new FakeHub([fixtureRepo(PRESET, 'timm-vit')]).start();
  // The weights (~450 kB) stop after their first 64 kB chunk until the figures have been seen, so a
  // loaded machine cannot race past the mid-download state.
  let release!: () => void;
  hub.holdAfterFirstChunk = new Promise<void>((resolve) => (release = resolve));
  const studio = await startStudio(undefined, { HF_ENDPOINT: hub.url });
  try {
    await openStudio(page, studio, 'backbones');
    const card = page.getByTestId('catalog-vit-base-timm');
    await card.getByTestId('catalog-download').click();
    const progress = card.getByTestId('download-progress');
    await expect(progress).toBeVisible();
    await expect(card.getByTestId('download-figures')).toContainText(/kB of .*%\) · .*\/s/);
    await page.screenshot({ path: test.info().outputPath('backbone-download.png') });
    release();
    await expect(card.getByTestId('catalog-installed')).toBeVisible({ timeout: 30_000 });
    const row = page.getByTestId('installed-timm--vit_base_patch16_224.augreg2_in21k_ft_in1k');
    await expect(row).toContainText('ViT');
    await expect(row).toContainText('apache-2.0');
    await expect(row).toContainText(PRESET);
    // The core has it too (what training and the CLI read).
    const listed = await page.evaluate(() => (globalThis as unknown as { studio: { call(m: string, p: unknown): Promise<{ backbones: Array<{ id: string; featureDim: number }> }> } }).studio.call('backbones.list', {}));
    expect(listed.backbones).toMatchObject([{ featureDim: 64 }]);
  } finally {
    release();
    await stopStudio(studio);
    await hub.close();
    rmSync(studio.dataDir, { recursive: true, force: true });
  }
});

test('a download can be cancelled from the page', async ({ page }) => {
  const hub = await new FakeHub([fixtureRepo(PRESET, 'timm-vit')]).start();
  hub.chunkDelayMs = 1000;
  const studio = await startStudio(undefined, { HF_ENDPOINT: hub.url });
  try {
    await openStudio(page, studio, 'backbones');
    const card = page.getByTestId('catalog-vit-base-timm');
    await card.getByTestId('catalog-download').click();
    await expect(card.getByTestId('download-progress')).toBeVisible();
    await card.getByTestId('download-cancel').click();
    await expect(card.getByTestId('catalog-download')).toHaveText('Resume download');
    await expect(page.getByTestId('backbones-empty')).toBeVisible();
  } finally {
    await stopStudio(studio);
    await hub.close();
    rmSync(studio.dataDir, { recursive: true, force: true });
  }
});
