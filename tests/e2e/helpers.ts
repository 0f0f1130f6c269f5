import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

export const CODE_PATTERN = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** Creates an expedition through the landing page; returns its join code. */
export async function createExpedition(page: Page, title = 'Hadera learning lab'): Promise<string> {
  await page.goto('/');
  const form = page.getByRole('region', { name: 'Start an expedition' });
  await form.getByLabel('Expedition title').fill(title);
  await form.getByLabel('City or region').fill('Hadera');
  await form.getByLabel('Challenge question').fill('How can the whole city become one big school?');
  await form.getByLabel('Your name').fill('Yael');
  await form.getByLabel('Your sector').selectOption('public');
  await form.getByRole('button', { name: 'Create expedition' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  const code = (await page.getByText(CODE_PATTERN).textContent())!.trim();
  expect(code).toMatch(CODE_PATTERN);
  return code;
}

/** Joins with a code through the landing page. */
export async function join(page: Page, code: string, name: string, sector = 'business') {
  await page.goto('/');
  const form = page.getByRole('region', { name: 'Join an expedition' });
  await form.getByLabel('Join code').fill(code);
  await form.getByLabel('Your name').fill(name);
  await form.getByLabel('Your sector').selectOption(sector);
  await form.getByRole('button', { name: 'Join', exact: true }).click();
}

export async function newPage(browser: Browser, locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ locale });
  return context.newPage();
}

/** Fails on any serious or critical axe violation, listing them. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${what}: serious or critical accessibility violations`).toEqual([]);
}
