import { expect, test, createExpedition, sidewaysScroll, smallTargets } from './helpers';

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
