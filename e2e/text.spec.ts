import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { apiFor, expect, importAndWait, openStudio, startStudio, stopStudio, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });

test('text demo: empty data dir → Try the text demo → a trained run → a prediction on typed text', async ({ page }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'studio-text-demo-'));
  // The shipped text demo and starter BERT, so a broken starter fails here.
  const studio = await startStudio(join(scratch, 'data'), { STUDIO_RESOURCES_DIR: resolve('resources'), STUDIO_BACKEND: 'wasm' });
  try {
    await openStudio(page, studio);
    await page.getByTestId('try-text-demo').click();
    await expect(page).toHaveURL(/#\/train$/);
    await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 90_000 });
    // Its sentences speak of texts, not images.
    await expect(page.getByTestId('run-estimate')).toContainText('Expected accuracy on new texts');
    await expect(page.getByTestId('run-panel')).toContainText(/accuracy on texts it never trained on/);
    await page.getByTestId('demo-done').getByRole('button', { name: 'Try it' }).click();
    await expect(page).toHaveURL(/#\/predict\/\d+$/);
    await page.getByLabel('Type a text').fill('Multiplayer puzzle game with many levels and a level editor');
    await page.getByTestId('page-predict').getByRole('button', { name: 'Predict', exact: true }).click();
    const result = page.getByTestId('predict-result').first();
    // The first prediction starts the model process: slow on a busy machine.
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(result).toHaveAttribute('data-label', /^(database|games|graphics|mail|science|sound)$/);
    await expect(result).toContainText('%');
    // A text longer than the run reads is predicted on its start, and the page says so.
    await page.getByLabel('Type a text').fill(Array.from({ length: 120 }, (_, i) => `package${i} graphics editor`).join(' '));
    await page.getByTestId('page-predict').getByRole('button', { name: 'Predict', exact: true }).click();
    await expect(page.getByTestId('predict-truncated').first()).toBeVisible({ timeout: 30_000 });
  } finally {
    await stopStudio(studio);
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('a folder of .txt files imports as texts; the Train page offers the starter text backbones and trains', async ({ page }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'studio-txt-folder-'));
  const folder = join(scratch, 'notes');
  const texts: Record<string, string[]> = {
    games: ['A puzzle game with forty levels', 'Strategy game of ancient warfare', 'Arcade shooter in space', 'Card game for four players', 'Chess engine and board'],
    sound: ['Audio mixer for the JACK server', 'Music player with playlists', 'MIDI sequencer and synthesizer', 'Sound recorder and editor', 'Speech synthesis voices'],
  };
  for (const [label, list] of Object.entries(texts)) {
    mkdirSync(join(folder, label), { recursive: true });
    list.forEach((t, i) => writeFileSync(join(folder, label, `${i}.txt`), `${t}\n`));
  }
  const studio = await startStudio(join(scratch, 'data'), { STUDIO_RESOURCES_DIR: resolve('resources'), STUDIO_BACKEND: 'wasm' });
  try {
    await openStudio(page, studio);
    const api = apiFor(studio);
    const imported = await importAndWait(api, { path: folder }).finally(() => api.close());
    expect(imported).toMatchObject({ status: 'completed', items: 10, classes: { games: 5, sound: 5 } });

    await page.getByTestId('nav-train').click();
    await expect(page.getByTestId('no-text-backbone')).toBeVisible();
    await page.getByTestId('add-text-starters').click();
    await expect(page.getByTestId('text-dataset-hint')).toBeVisible();
    await page.getByLabel('Backbone', { exact: true }).click();
    await page.getByRole('option', { name: 'Starter BERT (man pages)' }).click();
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 90_000 });
  } finally {
    await stopStudio(studio);
    rmSync(scratch, { recursive: true, force: true });
  }
});
