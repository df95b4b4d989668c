import WebSocket from 'ws';
import { expect, openStudio, test } from './fixtures';

test('the shell loads and every page of the navigation opens with an empty state', async ({ page, studio }) => {
  await openStudio(page, studio);
  await expect(page.getByTestId('app-shell')).toBeVisible();
  // The token has moved into a cookie and out of the address bar.
  expect(page.url()).not.toContain('token=');
  for (const id of ['datasets', 'label', 'backbones', 'train', 'experiments', 'predict']) {
    await page.getByTestId(`nav-${id}`).click();
    await expect(page.getByTestId(`page-${id}`)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/${id}$`));
  }
  await page.screenshot({ path: test.info().outputPath('shell.png') });
});

test('the theme toggles between light and dark and survives a reload', async ({ page, studio }) => {
  await openStudio(page, studio);
  const shell = page.getByTestId('app-shell');
  const first = await shell.getAttribute('data-theme');
  await page.getByRole('button', { name: 'toggle theme' }).click();
  const second = first === 'light' ? 'dark' : 'light';
  await expect(shell).toHaveAttribute('data-theme', second);
  await page.reload();
  await expect(page.getByTestId('app-shell')).toHaveAttribute('data-theme', second);
});

test('requests without the token are refused; with it the app is served', async ({ request, studio }) => {
  const bare = await request.get(`${studio.origin}/`, { headers: { cookie: '' } });
  expect(bare.status()).toBe(401);
  const wrong = await request.get(`${studio.origin}/?token=nope`);
  expect(wrong.status()).toBe(403);
  const ok = await request.get(studio.url);
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toContain('<div id="root">');
});

test('a WebSocket without the token, or from another origin, is refused', async ({ studio }) => {
  const wsUrl = studio.origin.replace('http', 'ws') + '/api';
  const status = (url: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => resolve(-1));
    });
  expect(await status(wsUrl)).toBe(401);
  expect(await status(`${wsUrl}?token=${studio.token}`, { origin: 'http://evil.example' })).toBe(403);
  expect(await status(`${wsUrl}?token=${studio.token}`, { origin: studio.origin })).toBe(101);
});

test('a malformed API call from the page gets a typed error, and the app keeps working', async ({ page, studio }) => {
  await openStudio(page, studio);
  const result = await page.evaluate(async () => {
    const api = (globalThis as unknown as { studio: { call(m: string, p: unknown): Promise<unknown> } }).studio;
    const errors: Array<{ code: string; message: string }> = [];
    for (const [m, p] of [
      ['system.ping', { echo: 42 }],
      ['no.such.method', {}],
      ['system.ping', { echo: 'x', extra: true }],
    ] as const) {
      try {
        await api.call(m, p);
      } catch (e) {
        const err = e as { code: string; message: string };
        errors.push({ code: err.code, message: err.message });
      }
    }
    const ok = (await api.call('system.ping', { echo: 'still here' })) as { echo: string };
    return { errors, ok: ok.echo };
  });
  expect(result.errors.map((e) => e.code)).toEqual(['invalid_params', 'unknown_method', 'invalid_params']);
  expect(result.ok).toBe('still here');
});
