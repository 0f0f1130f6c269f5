import { type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

/** From the expedition home: starts a City Education Model canvas and lands on it. */
async function startCanvas(page: Page, title: string) {
  await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await page.getByLabel('Canvas title').fill(title);
  await page.getByRole('button', { name: 'Create canvas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();
}

/** Posts `n` stickies spread over the canvas's nine sections through the ops API, as
 * this page's member (its saved session). */
async function seedStickies(page: Page, n: number) {
  await page.evaluate(async (n) => {
    const [, e, , c] = location.pathname.split('/').filter(Boolean);
    const book = JSON.parse(localStorage.getItem('hevruta.sessions.v1')!);
    const token = book.sessions.find((s: { expedition_id: string }) => s.expedition_id === e).token;
    const hex = (v: number, len: number) => v.toString(16).padStart(len, '0');
    const uuid = (i: number, kind: number) =>
      `0190c7d2-${hex(kind, 4)}-7e4e-8a8a-${hex(Date.now() % 1e6, 6)}${hex(i, 6)}`;
    const ops = [];
    for (let i = 0; i < n; i++) {
      const section = i % 9;
      const slot = Math.floor(i / 9);
      ops.push({
        id: uuid(i, 1),
        sticky: uuid(i, 2),
        type: 'create',
        text: `Idea number ${i + 1} for the city`,
        color: 'yellow',
        x: (section % 3) * 800 + 20 + (slot % 4) * 190,
        y: Math.floor(section / 3) * 600 + 120 + Math.floor(slot / 4) * 130,
      });
    }
    for (let i = 0; i < ops.length; i += 400) {
      const res = await fetch(`/api/v1/expeditions/${e}/canvases/${c}/ops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ops: ops.slice(i, i + 400) }),
      });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    }
  }, n);
}

/** The smallest on-screen size of sticky text among the stickies in view, in px. */
async function smallestStickyTextPx(page: Page): Promise<number> {
  return page.evaluate(() => {
    const world = document.querySelector('.canvas-world')!;
    const scale = new DOMMatrix(getComputedStyle(world).transform).a;
    const view = document.querySelector('#canvas-viewport')!.getBoundingClientRect();
    const sizes = [...document.querySelectorAll('.sticky-text')]
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return r.right > view.left && r.left < view.right && r.bottom > view.top && r.top < view.bottom;
      })
      .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    return sizes.length ? Math.min(...sizes) : 0;
  });
}

for (const count of [5, 30, 200]) {
  test(`a canvas with ${count} stickies opens readable on a phone, a laptop and a projector`, async ({ browser }) => {
    const page = await newPage(browser);
    await createExpedition(page, `Readable ${count}`);
    await startCanvas(page, 'Readable canvas');
    await seedStickies(page, count);
    const url = page.url();
    for (const [width, height, least] of [
      [390, 844, 14],
      [1280, 800, 14],
      [1920, 1080, 20],
    ]) {
      await page.setViewportSize({ width, height });
      await page.goto(url);
      await expect(page.getByText('All changes saved')).toBeVisible();
      if (width < 640) {
        // Phones open on the list; the board is one tap away and readable too.
        await expect(page.locator('#canvas-list-view')).toBeVisible();
        const listPx = await page.locator('.list-sticky-text').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        expect(listPx).toBeGreaterThanOrEqual(16);
        await page.getByRole('button', { name: 'Board' }).click();
      }
      await expect(page.locator('.sticky-text').first()).toBeVisible();
      await expect.poll(() => smallestStickyTextPx(page), { message: `${width}×${height}` }).toBeGreaterThanOrEqual(least);
      // Nothing scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
  });
}

test('on a phone, a participant works through the list view and the touch toolbar', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Thumb lab');
  await startCanvas(facilitator, 'Phone canvas');

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await join(phone, code, 'سلمى', 'non-profit');
  await phone.getByLabel('Language').selectOption('ar');
  await expect(phone.locator('html')).toHaveAttribute('dir', 'rtl');
  await phone.locator('a.button[href$="/canvases"]').click();
  await phone.getByRole('link', { name: 'Phone canvas' }).click();
  const list = phone.locator('#canvas-list-view');
  await expect(list).toBeVisible();
  // Every control a thumb needs is at least 44 px and nothing scrolls sideways.
  for (const el of await phone.locator('.canvas-toolbar button:visible, .list-add').all()) {
    const box = (await el.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(phone, 'the canvas as a list, in Arabic, on a phone');

  // Add to a section, type, save: the facilitator's board shows it live.
  await list.locator('.list-add').first().click();
  const editor = list.locator('textarea');
  await expect(editor).toBeFocused();
  await editor.fill('مكتبة مفتوحة — open library');
  await editor.press('Enter');
  await expect(list.locator('.list-sticky-text', { hasText: 'open library' })).toBeVisible();
  await expect(facilitator.locator('.sticky', { hasText: 'open library' })).toBeVisible();

  // Edit it in place; delete it: both reach the board.
  await list.locator('.list-sticky').first().getByRole('button').first().click();
  await list.locator('textarea').fill('مكتبة مفتوحة للجميع');
  await list.locator('textarea').press('Enter');
  await expect(facilitator.locator('.sticky', { hasText: 'مكتبة مفتوحة للجميع' })).toBeVisible();
  await list.locator('.list-sticky').first().getByRole('button').nth(1).click();
  await expect(facilitator.locator('.sticky')).toHaveCount(0);

  // The More menu holds the rest of the tools, reachable by touch.
  await phone.locator('#more').click();
  await expect(phone.locator('#more-menu')).toBeVisible();
});

test('an empty new sticky goes unseen, and new stickies never land on each other', async ({ browser }) => {
  const page = await newPage(browser);
  const code = await createExpedition(page, 'Tidy lab');
  await startCanvas(page, 'Tidy canvas');
  const other = await newPage(browser);
  await join(other, code, 'Amir');
  await other.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await other.getByRole('link', { name: 'Tidy canvas' }).click();
  await expect(other.getByText('All changes saved')).toBeVisible();

  // Made and left empty: Escape, or a click elsewhere, and it is gone, with no undo step.
  await page.getByRole('button', { name: 'Add sticky' }).click();
  await expect(page.getByLabel('Sticky text')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('.sticky')).toHaveCount(0);
  await page.getByRole('button', { name: 'Add sticky' }).click();
  await page.locator('.canvas-section').first().click({ position: { x: 5, y: 5 } });
  await expect(page.locator('.sticky')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();

  // Three with N: three places, none over another; the other page gets exactly these.
  await page.locator('#canvas-viewport').focus();
  for (const text of ['first', 'second', 'third']) {
    await page.keyboard.press('n');
    await page.getByLabel('Sticky text').fill(text);
    await page.getByLabel('Sticky text').press('Enter');
    await page.locator('#canvas-viewport').focus();
    await page.keyboard.press('Escape');
  }
  await expect(other.locator('.sticky')).toHaveCount(3);
  const boxes = await Promise.all(['first', 'second', 'third'].map((t) => page.locator('.sticky', { hasText: t }).boundingBox()));
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, `${i} and ${j}`).toBe(false);
    }
  }

  // Ctrl+A then Delete, with focus on the canvas: all three go, and the count is said.
  await page.locator('#canvas-viewport').focus();
  await page.keyboard.press('Control+a');
  await expect(page.getByText('Selected: 3')).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(page.getByText('Stickies deleted: 3')).toBeVisible();
  await expect(other.locator('.sticky')).toHaveCount(0);

  // Menus by keyboard: ArrowDown opens on the first item, arrows move, Escape returns.
  await page.locator('#more').focus();
  await page.keyboard.press('ArrowDown');
  const items = page.locator('#more-menu [role=menuitem]:visible:not([disabled])');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('#more')).toBeFocused();
  await expect(page.locator('#more-menu')).toHaveCount(0);
});
