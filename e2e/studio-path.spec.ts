/// <reference lib="dom" />
// (page.evaluate callbacks run in the page, where document, location and localStorage exist.)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import * as tf from '../electron/core/tf/tf';
import yauzl from 'yauzl';
import type { Page } from '@playwright/test';
import type { StudioApi } from '../shared/api/client';
import { apiFor, expect, importAndWait, openStudio, startStudio, stopStudio, test, waitForRunEnd } from './fixtures';

// Issue 16: the newcomer's own path (no demo); and every page checked with axe and for sideways scroll,
// at both window sizes and in both themes, with screenshots for a person to look at.
// The two tests run side by side on the two workers.
test.describe.configure({ mode: 'parallel', timeout: 420_000 });

const resources = resolve('resources');
/** Screenshots of every page for a person to look at, when asked for (they cost time in the suite). */
const shots = process.env.STUDIO_SHOTS_DIR;

/** "My photos": three class folders of real Fashion-MNIST images, as a user would have them. */
function ownFolder(root: string, perClass: number): string {
  const dir = join(root, 'my-photos');
  for (const cls of ['dress', 'sneaker', 'pullover']) {
    mkdirSync(join(dir, cls), { recursive: true });
    const src = join(resources, 'demo', cls);
    for (const f of readdirSync(src).filter((n) => n.endsWith('.png')).slice(0, perClass)) copyFileSync(join(src, f), join(dir, cls, f));
  }
  return dir;
}

function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((ok, fail) => {
    const out = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err);
      zip.on('entry', (e: yauzl.Entry) =>
        zip.openReadStream(e, (er, s) => {
          if (er || !s) return fail(er);
          const parts: Buffer[] = [];
          s.on('data', (d: Buffer) => parts.push(d));
          s.on('end', () => (out.set(e.fileName, Buffer.concat(parts)), zip.readEntry()));
        }),
      );
      zip.on('end', () => ok(out));
      zip.readEntry();
    });
  });
}

const api = (page: Page) => page.evaluate(async () => (await (globalThis as unknown as { studio: StudioApi }).studio.call('runs.list', {})).runs.map((r) => ({ id: r.id, status: r.status })));

test('newcomer: own folder → trained → results from the run’s notification → a prediction → an export that loads in TF.js', async ({ page }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'studio-path-'));
  const studio = await startStudio(join(scratch, 'data'), { STUDIO_RESOURCES_DIR: resources, STUDIO_BACKEND: 'wasm' });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openStudio(page, studio, 'datasets');

    // The demo offer closes for good: still closed after a reload.
    await page.getByTestId('demo-close').click();
    await expect(page.getByTestId('demo-banner')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('page-datasets')).toBeVisible();
    await expect(page.getByTestId('demo-banner')).toHaveCount(0);

    // Their own folder of images.
    await page.getByTestId('import-folder-input').setInputFiles(ownFolder(scratch, 14));
    await expect(page.getByTestId('import-summary')).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    await expect(page.getByTestId('import-summary-items')).toHaveText('42');

    // A backbone from a folder (what an offline user does).
    await page.getByTestId('nav-backbones').click();
    await page.getByTestId('add-folder-path').fill(join(resources, 'backbones', 'starter-resnet'));
    await page.getByTestId('add-folder-submit').click();
    await expect(page.getByTestId('installed-backbones')).toBeVisible({ timeout: 30_000 });

    // Train: the only dataset and the only backbone are already chosen; a double click starts one run.
    await page.getByTestId('nav-train').click();
    const train = page.getByTestId('train-start');
    await expect(train).toBeEnabled();
    await train.dblclick();
    const note = page.locator('[data-testid^="run-note-results-"]');
    await expect(note).toBeVisible({ timeout: 90_000 });
    const runs = await api(page);
    expect(runs).toHaveLength(1);
    const runId = runs[0]!.id;
    expect(runs[0]!.status).toBe('completed');
    // The Train page says it in words, and links to the run.
    await expect(page.getByTestId('run-line')).toContainText(/^Finished/);
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-value', '100');
    await expect(page.getByTestId(`recent-run-${runId}`)).toBeVisible();
    await expect(page.getByTestId('run-details')).toHaveCount(0);

    // Results opened from the run's own notification.
    await page.getByTestId(`run-note-results-${runId}`).click();
    await expect(page).toHaveURL(new RegExp(`#/experiments/${runId}$`));
    await expect(page.getByTestId('eval-accuracy')).toHaveText(/\d+\.\d %/, { timeout: 60_000 });
    await page.getByTestId('tab-parameters').click();
    await expect(page.getByTestId('run-params')).not.toContainText('[object Object]');
    await expect(page.getByTestId('run-params')).toContainText('Ran on');

    // A prediction: Predict opens on the best (here the only) run.
    await page.getByTestId('nav-predict').click();
    await expect(page.getByTestId('predict-run')).toHaveValue(String(runId));
    await page.getByTestId('predict-file-input').setInputFiles(join(resources, 'demo', 'sneaker', readdirSync(join(resources, 'demo', 'sneaker')).find((f) => f.endsWith('.png'))!));
    // The first prediction starts the model process and builds its ONNX Runtime trunk: over 30 s on a
    // loaded 2-core machine with two e2e workers.
    await expect(page.getByTestId('predict-result').first()).toHaveAttribute('data-label', /dress|sneaker|pullover/, { timeout: 90_000 });

    // An export, downloaded by the browser, that TF.js loads and runs.
    await page.goto(`${studio.origin}/#/experiments/${runId}/export`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-download-tfjs').click()]);
    expect(download.suggestedFilename()).toBe(`run-${runId}-tfjs.zip`);
    const saved = await download.path();
    expect(existsSync(saved) && statSync(saved).size).toBeGreaterThan(1000);
    await expect(page.getByTestId('export-snippet')).toHaveAttribute('data-runtime', 'TensorFlow.js');
    const files = await unzip(saved);
    const modelJson = JSON.parse(files.get(`run-${runId}-tfjs/model.json`)!.toString('utf8')) as {
      modelTopology: object;
      weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    };
    const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
    const bins = modelJson.weightsManifest.flatMap((g) => g.paths).map((p) => files.get(`run-${runId}-tfjs/${p}`)!);
    const weightData = new Uint8Array(Buffer.concat(bins)).buffer;
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }));
    const [, h, w, c] = model.inputs[0]!.shape;
    const out = model.predict(tf.zeros([1, h ?? 32, w ?? 32, c ?? 3])) as tf.Tensor;
    expect(out.shape).toEqual([1, 3]);
    expect([...(await out.data())].every(Number.isFinite)).toBe(true);
  } finally {
    await stopStudio(studio);
    rmSync(scratch, { recursive: true, force: true });
  }
});

// The same pages with a dataset and a trained run in them, seeded through the typed client so this runs
// beside the path above instead of after it (each axe pass costs 3–5 s).
test('every page: no serious or critical axe violation and no sideways scroll, at 1440×900 and 1024×700, in both themes', async ({ page }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'studio-axe-'));
  const studio = await startStudio(join(scratch, 'data'), { STUDIO_RESOURCES_DIR: resources, STUDIO_BACKEND: 'wasm' });
  try {
    const api = apiFor(studio);
    let datasetId: number;
    let runId: number;
    try {
      datasetId = (await importAndWait(api, { path: ownFolder(scratch, 14) })).datasetId;
      const b = await api.call('backbones.addLocal', { path: join(resources, 'backbones', 'starter-resnet') });
      const run = await api.call('training.start', { datasetId, backboneId: b.id, mode: 'probe' });
      const ended = await waitForRunEnd(api, run.id);
      expect(ended.status, ended.error ?? '').toBe('completed');
      runId = run.id;
    } finally {
      api.close();
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await openStudio(page, studio, 'datasets');
    // Every page: no serious or critical axe violation and no sideways scroll at 1440×900 and 1024×700, both themes.
    if (shots) mkdirSync(shots, { recursive: true });
    const routes: Array<[string, string]> = [
      ['datasets', 'datasets'],
      ['label', `label/${datasetId}`],
      ['backbones', 'backbones'],
      ['train', 'train'],
      ['experiments', 'experiments'],
      ['run', `experiments/${runId}`],
      ['predict', `predict/${runId}`],
      ['attention', 'attention'],
    ];
    const problems: string[] = [];
    const timings: string[] = [];
    // Theme by its own button and pages by the hash, as a user moves: no reloads, so the loop stays cheap.
    for (const theme of ['light', 'dark'] as const) {
      if ((await page.getByTestId('app-shell').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: 'toggle theme' }).click();
      await expect(page.getByTestId('app-shell')).toHaveAttribute('data-theme', theme);
      for (const [w, h] of [
        [1440, 900],
        [1024, 700],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        for (const [name, hash] of routes) {
          const t0 = Date.now();
          await page.evaluate((x) => (location.hash = `#/${x}`), hash);
          await expect(page.getByTestId(`page-${hash.split('/')[0]}`)).toBeVisible();
          // axe at both sizes in the light theme: the wide window shows what the narrow one folds away (the
          // sidebar's labels, table columns, side-by-side panels), the narrow one what wraps or gets cut off.
          // The dark theme changes colours, not layout, so its contrast is checked at the wide size only
          // (each axe pass costs 3–5 s; the sideways check below still runs everywhere).
          if (theme === 'light' || w === 1440) {
            const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
            for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
              problems.push(`${name} ${w}×${h} ${theme}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
              console.log(problems.at(-1));
            }
          }
          const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (sideways > 0) console.log(problems[problems.push(`${name} ${w}×${h} ${theme}: scrolls sideways by ${sideways}px`) - 1]);
          if (shots) await page.screenshot({ path: join(shots, `${name}-${w}x${h}-${theme}.png`), fullPage: true });
          timings.push(`${name} ${w} ${theme} ${Date.now() - t0} ms`);
        }
      }
    }
    test.info().annotations.push({ type: 'axe timings', description: timings.join('; ') });
    console.log(timings.join('\n'));
    expect(problems).toEqual([]);
  } finally {
    await stopStudio(studio);
    rmSync(scratch, { recursive: true, force: true });
  }
});
