// The built app against a Prism mock of openapi.json (static mode: every answer is the
// contract's own example), so the contract alone must be enough to drive the app. `cargo
// xtask test` starts `prism mock openapi.json` and serves a copy of dist/ whose
// `hevruta-api` meta names it, passing that copy's URL in HEVRUTA_PRISM_APP_URL.
import { expect, test } from './helpers';

const appUrl = process.env.HEVRUTA_PRISM_APP_URL;

test.skip(!appUrl, 'HEVRUTA_PRISM_APP_URL is not set: run it through `cargo xtask test`');
test.use({ baseURL: appUrl });

test('on a mock of the contract: landing, create, home, canvases, a canvas, no error', async ({ page }) => {
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  const errorNotices = page.locator('.notice-error');

  await page.goto('/');
  const form = page.getByRole('region', { name: 'Start an expedition' });
  await form.getByLabel('Expedition title').fill('Bat Yam learning lab');
  await form.getByLabel('City or region').fill('Bat Yam');
  await form.getByLabel('Challenge question').fill('How can the whole city become one big school?');
  await form.getByLabel('Your name').fill('Yael');
  await form.getByLabel('Your sector').selectOption('public');
  await form.getByRole('button', { name: 'Create expedition' }).click();

  // The home shows the example expedition (whatever its title) with its members.
  await expect(page).toHaveURL(/\/e\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the canvases, or start one' })).toBeVisible();
  await expect(errorNotices).toHaveCount(0);

  await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Model canvases' })).toBeVisible();
  const canvasLinks = page.locator('main a[href*="/canvas/"]');
  await expect(canvasLinks.first()).toBeVisible();
  await expect(errorNotices).toHaveCount(0);

  const title = (await canvasLinks.first().textContent())!.trim();
  await canvasLinks.first().click();
  await expect(page).toHaveURL(/\/canvas\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.locator('.sticky').first()).toBeVisible();
  await expect(errorNotices).toHaveCount(0);
  expect(crashes).toEqual([]);
});
