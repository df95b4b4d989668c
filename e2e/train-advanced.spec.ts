import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openStudio, startStudio, stopStudio, test, type StudioServer } from './fixtures';
import { openCore } from '../electron/core/core';
import { addTinyBackbone, seedImageDataset, tinyLoaderModule } from '../test/training/helpers/fixture';
import { trainOptionsSchema } from '../shared/api/methods/training';

interface StoredRun {
  id: number;
  backboneId: string;
  status: string;
  snapshotId: number;
  params: { options: Record<string, unknown> };
}

/** A tiny image dataset and two tiny backbones, so each run takes seconds. */
async function studioWithTinyData(): Promise<StudioServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-e2e-adv-'));
  const core = openCore({ dataDir });
  await seedImageDataset(core.ctx.db, dataDir);
  addTinyBackbone(core.ctx.db, dataDir, 'resnet');
  addTinyBackbone(core.ctx.db, dataDir, 'vit');
  await core.close();
  return startStudio(dataDir, { STUDIO_BACKBONE_LOADER: tinyLoaderModule, STUDIO_BACKEND: 'wasm' });
}

const storedRuns = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { studio: { call(m: string, p: unknown): Promise<{ runs: unknown[] }> } }).studio.call('runs.list', {})) as Promise<{ runs: StoredRun[] }>;

async function pickDataset(page: Page) {
  await page.getByLabel('Dataset').click();
  await page.getByRole('option', { name: /patterns/ }).click();
}

test('Advanced settings: validated overrides are sent, everything else keeps its default', async ({ page }) => {
  const studio = await studioWithTinyData();
  try {
    await openStudio(page, studio, 'train');
    await pickDataset(page);
    await page.getByLabel('Backbone').click();
    await page.getByRole('option', { name: /tiny-resnet/ }).click();

    // A plain-language hint per mode.
    await expect(page.getByTestId('mode-hint')).toContainText('Fastest');
    await page.getByRole('combobox', { name: /^Mode/ }).click();
    await page.getByRole('option', { name: 'Full' }).click();
    await expect(page.getByTestId('mode-hint')).toContainText('slowest');
    await page.getByRole('combobox', { name: /^Mode/ }).click();
    await page.getByRole('option', { name: /Probe/ }).click();

    // Closed by default: a newcomer sees none of it.
    await expect(page.getByTestId('advanced-settings')).toHaveCount(0);
    await page.getByTestId('advanced-toggle').click();
    await expect(page.getByTestId('advanced-settings')).toBeVisible();

    // A bad value says what is wrong and holds Train back; Reset brings the defaults back.
    await page.getByLabel('Dropout').fill('2');
    await expect(page.getByText('Dropout must be at most 0.9.')).toBeVisible();
    await expect(page.getByTestId('train-start')).toBeDisabled();
    await page.getByTestId('advanced-reset').click();
    await expect(page.getByLabel('Dropout')).toHaveValue('0.2');
    await expect(page.getByTestId('train-start')).toBeEnabled();

    await page.getByLabel('Epochs').fill('3');
    await page.getByLabel('Learning rate').fill('0.01');
    await page.getByLabel('Head hidden layer size').fill('8');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('run-status')).toContainText('completed', { timeout: 60_000 });
    const runId = Number(await page.getByTestId('run-status').getAttribute('data-run-id'));

    const run = (await storedRuns(page)).runs.find((r) => r.id === runId)!;
    const defaults = trainOptionsSchema.parse({});
    expect(run.params.options).toEqual({ ...defaults, epochs: 3, learningRate: 0.01, hiddenUnits: 8 });
    expect(run.params.options).not.toHaveProperty('batchSize'); // still sized to memory
  } finally {
    await stopStudio(studio);
    rmSync(studio.dataDir, { recursive: true, force: true });
  }
});

test('Compare backbones: two backbones queued on one snapshot both complete in the queue panel', async ({ page }) => {
  const studio = await studioWithTinyData();
  try {
    await openStudio(page, studio, 'train');
    await pickDataset(page);
    await page.getByLabel('Compare several').check();
    await page.getByLabel('Backbones to compare').click();
    await page.getByRole('option', { name: /tiny-resnet/ }).click();
    await page.getByRole('option', { name: /tiny-vit/ }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('advanced-toggle').click();
    await page.getByLabel('Epochs').fill('2');
    await page.getByTestId('train-start').click();

    const panel = page.getByTestId('queue-panel');
    await expect(panel).toBeVisible();
    for (const b of ['tiny-resnet-1', 'tiny-vit-1']) {
      await expect(page.getByTestId(`queue-row-${b}`)).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
    }
    await expect(panel).toHaveAttribute('data-done', 'true');

    const runs = (await storedRuns(page)).runs;
    expect(runs).toHaveLength(2);
    expect(new Set(runs.map((r) => r.snapshotId)).size).toBe(1);
    expect(runs.every((r) => r.params.options.epochs === 2)).toBe(true);

    await page.getByTestId('queue-compare').click();
    await expect(page).toHaveURL(new RegExp(`#/experiments/compare/${runs.map((r) => r.id).sort((a, b) => a - b).join(',')}`));
  } finally {
    await stopStudio(studio);
    rmSync(studio.dataDir, { recursive: true, force: true });
  }
});
