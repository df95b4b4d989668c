import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { apiFor, expect, openStudio, startStudio, stopStudio, test, waitForRunEnd } from './fixtures';

/** The first image of the demo's first class folder. */
function anyDemoImage(resources: string): string {
  const demo = join(resources, 'demo');
  const cls = readdirSync(demo, { withFileTypes: true }).find((d) => d.isDirectory())!.name;
  const file = readdirSync(join(demo, cls)).find((f) => /\.(png|jpe?g)$/i.test(f))!;
  return join(demo, cls, file);
}

test.describe.configure({ timeout: 240_000 });

test('newcomer: empty data dir → Try the demo → a run with accuracy → compare two runs → predict an image', async ({ page }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'studio-newcomer-'));
  // The shipped demo and starter backbone: the path a newcomer takes, so a broken starter fails here.
  const resources = resolve('resources');
  const studio = await startStudio(join(scratch, 'data'), {
    STUDIO_RESOURCES_DIR: resources,
    STUDIO_BACKEND: 'wasm',
  });
  try {
    await openStudio(page, studio);
    const banner = page.getByTestId('demo-banner');
    await expect(banner).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('datasets.png') });
    const t0 = Date.now();
    await page.getByTestId('try-demo').click();

    // The demo imports, adds the starter backbone and trains; the Train page follows the run live.
    await expect(page).toHaveURL(/#\/train$/);
    await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 90_000 });
    // The run says, in words, how well it should do on new images and how that was measured.
    await expect(page.getByTestId('run-estimate')).toContainText(/Expected accuracy on new images: \d+\.\d % ± \d+\.\d %/);
    await page.screenshot({ path: test.info().outputPath('train.png') });

    await page.getByTestId('demo-see-results').click();
    await expect(page.getByTestId('run-view')).toBeVisible();
    await expect(page.getByTestId('run-decisions')).toContainText('Expected accuracy on new images');
    const acc = page.getByTestId('eval-accuracy');
    await expect(acc).toBeVisible({ timeout: 60_000 });
    await expect(acc).toHaveText(/\d+\.\d %/);
    const firstResultSeconds = (Date.now() - t0) / 1000;
    test.info().annotations.push({ type: 'first result', description: `${firstResultSeconds.toFixed(1)} s from the click to an evaluated run` });
    expect(firstResultSeconds).toBeLessThan(60);
    await page.screenshot({ path: test.info().outputPath('run.png'), fullPage: true });

    // A second run on the same data (another seed), then compare the two.
    const api = apiFor(studio);
    const second = await (async () => {
      const { runs } = await api.call('runs.list', {});
      const first = runs[0]!;
      const run = await api.call('training.start', { datasetId: first.datasetId!, backboneId: first.backboneId!, mode: 'probe', options: { epochs: 3, seed: 7 } });
      const ended = await waitForRunEnd(api, run.id);
      return { first: first.id, second: ended.id, status: ended.status };
    })().finally(() => api.close());
    expect(second.status).toBe('completed');
    await page.getByTestId('nav-experiments').click();
    await expect(page.getByTestId('runs-table')).toBeVisible();
    await expect(page.getByTestId('leaderboard')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('experiments.png'), fullPage: true });
    await page.getByTestId(`compare-check-${second.first}`).locator('input').check();
    await page.getByTestId(`compare-check-${second.second}`).locator('input').check();
    await page.getByTestId('compare-button').click();
    const compare = page.getByTestId('compare-view');
    await expect(compare).toBeVisible();
    await expect(page.getByTestId('compare-table')).toContainText(`Run #${second.first}`);
    await expect(page.getByTestId('compare-table')).toContainText(`Run #${second.second}`);
    await page.screenshot({ path: test.info().outputPath('compare.png'), fullPage: true });

    await page.getByTestId('nav-predict').click();
    await page.getByTestId('predict-file-input').setInputFiles(anyDemoImage(resources));
    const result = page.getByTestId('predict-result').first();
    // The first prediction starts the model process (tfjs, the backbone): slow on a busy machine.
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(result).toContainText('%');
    await page.screenshot({ path: test.info().outputPath('predict.png'), fullPage: true });
  } finally {
    await stopStudio(studio);
    rmSync(scratch, { recursive: true, force: true });
  }
});
