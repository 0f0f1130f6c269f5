import { type Page } from '@playwright/test';
import { expect, test, createExpedition } from './helpers';

// JOURNEYS: main text is at least 14 px on screen when a page opens on a phone, a laptop and a
// projector. The canvas's own surface scales with its zoom and is measured in canvas-view.spec.ts;
// everything around it (the page's chrome, lists, forms, badges) is measured here.

/** Visible elements whose own text renders under 14 px, with their size. */
async function smallText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !node.textContent?.trim()) continue;
      seen.add(el);
      if (el.closest('.canvas-surface, .visually-hidden, [aria-hidden="true"], script, style')) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      const px = parseFloat(style.fontSize);
      if (px < 14) small.push(`${el.tagName.toLowerCase()}.${el.className} “${node.textContent.trim().slice(0, 30)}” ${px} px`);
    }
    return small;
  });
}

const screens = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

test('every page opens with its text at 14 px or more on a phone, a laptop and a projector', async ({ page }) => {
  test.setTimeout(120_000);
  await createExpedition(page, 'Readable lab');
  const home = page.url();
  const pages: [string, string][] = [
    ['the landing page', new URL('/', home).toString()],
    ['the expedition home', home],
    ['the canvas list', `${home}/canvases`],
    ['the partners', `${home}/partners`],
    ['the profile form', `${home}/profile`],
    ['the learning circles', `${home}/circles`],
    ['the innovation boards', `${home}/boards`],
  ];
  for (const [what, url] of pages) {
    for (const size of screens) {
      await page.setViewportSize(size);
      await page.goto(url);
      await expect(page.locator('h1')).toBeVisible();
      expect(await smallText(page), `${what} at ${size.width}×${size.height}`).toEqual([]);
    }
  }
});
