import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const expect = baseExpect;

/** Content-Security-Policy violations the browser reported in this test's pages. */
const violations: string[] = [];

/** Records every CSP violation a page of `context` reports (Chromium logs each as an error). */
export function watchCsp(context: BrowserContext) {
  context.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
}

/**
 * Playwright's `test`, failing a test whose pages broke the server's Content-Security-Policy:
 * the suite runs with the policy on, as a deployment does.
 */
export const test = base.extend<{ csp: void }>({
  csp: [
    async ({ context }, use) => {
      violations.length = 0;
      watchCsp(context);
      await use();
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

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
  watchCsp(context);
  return context.newPage();
}

/** Fails on any serious or critical axe violation, listing them. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${what}: serious or critical accessibility violations`).toEqual([]);
}

/** Waits until the worker controls the page and has kept every bundle's wasm. */
export async function serviceWorkerInstalled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const names = await caches.keys();
          const keys = (await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))).flat();
          return keys.filter((r) => r.url.endsWith('.wasm')).length;
        }),
      { message: 'the wasm of the six page bundles is kept', timeout: 30_000 },
    )
    .toBe(6);
}

/** Every visible control smaller than 44×44 px (a checkbox is measured by its label). */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('a, button, select, input, textarea, summary')]
      .map((el) => {
        const checkbox = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
        const target = checkbox ? (el as HTMLInputElement).labels?.[0] ?? el : el;
        return { el, box: target.getBoundingClientRect() };
      })
      .filter(({ box }) => box.width > 0 && box.height > 0 && (box.height < 44 || box.width < 44))
      .map(({ el, box }) => `${el.tagName.toLowerCase()} “${el.textContent?.trim().slice(0, 40)}” ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
}

export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
