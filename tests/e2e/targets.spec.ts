import { type Page } from '@playwright/test';
import { expect, test, createExpedition } from './helpers';

/** Every visible control smaller than 44×44 px (a checkbox is measured by its label). */
async function smallTargets(page: Page): Promise<string[]> {
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

async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('on a phone every target is at least 44 px and no page scrolls sideways at 360 px', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const pages: [string, () => Promise<void>][] = [
    ['the landing page', async () => page.goto('/').then(() => undefined)],
    ['the expedition home', async () => void (await createExpedition(page, 'Thumb lab'))],
    ['the canvas list', async () => {
      await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
      await expect(page.getByLabel('Canvas title')).toBeVisible();
    }],
    ['a canvas as a list', async () => {
      await page.getByLabel('Canvas title').fill('Thumb canvas');
      await page.getByRole('button', { name: 'Create canvas' }).click();
      await expect(page.getByText('All changes saved')).toBeVisible();
      await page.getByRole('button', { name: 'Add a sticky to Dreams & ambitions' }).click();
      await page.locator('.list-editor').fill('A thumb-sized idea');
      await page.getByRole('button', { name: 'Save' }).click();
    }],
    ['a canvas as a board', async () => {
      await page.getByRole('button', { name: 'Board' }).click();
      await expect(page.locator('.sticky')).toHaveCount(1);
    }],
  ];
  for (const [what, open] of pages) {
    await page.setViewportSize({ width: 390, height: 844 });
    await open();
    expect(await smallTargets(page), `${what}: targets of at least 44×44 px`).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await sidewaysScroll(page), `${what}: no sideways scrolling at 360 px`).toBeLessThanOrEqual(0);
  }
});
