import { resolve } from 'node:path';
import { expect, openStudio, test } from './fixtures';

// The Electron preload gives window.studio a pathForFile (webUtils.getPathForFile). The renderer
// must then import a dropped folder in place rather than stream it. Electron's binary can't run
// here, so the real renderer in Chromium gets the same narrow function the preload would add.
test('a folder dropped in the app is imported in place by its path, not uploaded', async ({ page, studio }) => {
  const demo = resolve('resources/demo');
  await openStudio(page, studio, 'datasets');
  await page.evaluate((path) => {
    const api = (globalThis as unknown as { studio: Record<string, unknown> }).studio;
    api.pathForFile = () => path;
    const original = api.call as (m: string, p: unknown) => Promise<unknown>;
    // Record which method the drop used.
    (globalThis as unknown as { calls: string[] }).calls = [];
    api.call = (m: string, p: unknown) => {
      (globalThis as unknown as { calls: string[] }).calls.push(m);
      return original(m, p);
    };
  }, demo);
  await page.getByTestId('import-panel').evaluate((panel) => {
    // DOM types aren't in the node tsconfig that checks e2e/; this runs in the page.
    const dom = globalThis as unknown as {
      DataTransfer: new () => { items: { add(f: File): void } };
      DragEvent: new (type: string, init: object) => Event;
    };
    const dt = new dom.DataTransfer();
    dt.items.add(new File(['not read'], 'demo'));
    panel.dispatchEvent(new dom.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('import-summary-items')).toHaveText('300');
  const calls = await page.evaluate(() => (globalThis as unknown as { calls: string[] }).calls);
  expect(calls).toContain('datasets.import.start');
  expect(calls.some((m) => m.startsWith('datasets.upload.'))).toBe(false);
});
