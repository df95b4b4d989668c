/// <reference lib="dom" />
// (page.evaluate callbacks run in the page, where document, location and localStorage exist.)
import { expect, openStudio, test } from './fixtures';

// Issue 16: the shell a keyboard user and a small window meet first. Empty data dir: nothing to train.

test('skip link, arrow keys in the navigation, a collapsible sidebar that stays as left, a demo offer that closes for good', async ({ page, studio }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openStudio(page, studio, 'datasets');

  // The first Tab reaches "Skip to content", which moves focus to the page itself.
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();

  // Arrow keys walk the navigation; Enter opens the focused page; only the current page is a tab stop.
  await page.getByTestId('nav-datasets').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('nav-label')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/backbones$/);
  await expect(page.getByTestId('nav-backbones')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('End');
  await expect(page.locator('[data-nav-item]').last()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('nav-datasets')).toBeFocused();
  await expect(page.locator('[data-nav-item][tabindex="0"]')).toHaveCount(1);
  // The focus ring is drawn (an outline, not just a faint ripple).
  const outline = await page.getByTestId('nav-datasets').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');

  // The sidebar folds to icons, and stays folded after a reload.
  const shell = page.getByTestId('app-shell');
  await expect(shell).toHaveAttribute('data-sidebar', 'open');
  await page.getByTestId('sidebar-toggle').click();
  await expect(shell).toHaveAttribute('data-sidebar', 'collapsed');
  await expect(page.getByTestId('nav-train')).toHaveAccessibleName('Train');
  await page.reload();
  await expect(page.getByTestId('app-shell')).toHaveAttribute('data-sidebar', 'collapsed');

  // A narrow window starts folded when the user never chose.
  await page.evaluate(() => localStorage.removeItem('studio.sidebar'));
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.reload();
  await expect(page.getByTestId('app-shell')).toHaveAttribute('data-sidebar', 'collapsed');

  // "No thanks" closes the demo offer for good.
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await page.getByRole('button', { name: 'No thanks' }).click();
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('page-datasets')).toBeVisible();
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);

  // Compare several with one backbone or none says how to get more.
  await page.getByTestId('nav-train').click();
  await page.getByRole('switch', { name: /^Compare several/ }).check();
  await expect(page.getByTestId('compare-needs-more')).toContainText('Comparing needs at least two backbones');
  await expect(page.getByTestId('compare-needs-more').getByRole('button', { name: 'Add a backbone' })).toBeVisible();
});
