import { type Browser, type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

const SHOTS = process.env.FACIL_SHOTS ?? '/tmp/facil-shots';

/**
 * Everything the page's network brings it: every API answer's body and every event the
 * stream delivers (EventSource is wrapped before the app starts), so a test can say a
 * text never reached this browser at all, not only that it is not shown.
 */
async function watchNetwork(page: Page) {
  const bodies: string[] = [];
  page.on('response', async (res) => {
    if (!res.url().includes('/api/') || res.url().includes('/events')) return;
    try {
      bodies.push(await res.text());
    } catch {
      // A body the page dropped (navigation) cannot have been read by it either.
    }
  });
  await page.addInitScript(() => {
    const w = window as unknown as { sse: string[] };
    w.sse = [];
    const add = EventSource.prototype.addEventListener;
    EventSource.prototype.addEventListener = function (type: string, listener: unknown, options?: unknown) {
      const wrapped = (e: MessageEvent) => {
        w.sse.push(`${type}: ${e.data}`);
        return typeof listener === 'function' ? listener.call(this, e) : (listener as EventListenerObject).handleEvent(e);
      };
      return add.call(this, type, wrapped as EventListener, options as AddEventListenerOptions);
    };
  });
  return {
    /** Everything received so far (the stream's events of the current page load). */
    all: async () => [...bodies, ...(await page.evaluate(() => (window as unknown as { sse: string[] }).sse))].join('\n'),
    events: () => page.evaluate(() => (window as unknown as { sse: string[] }).sse.length),
  };
}

async function openPanel(page: Page) {
  const button = page.getByRole('button', { name: 'Facilitate' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('region', { name: 'Facilitate' });
}

async function openCanvas(page: Page, expedition: string, canvas: string) {
  await page.goto(`/e/${expedition}/canvas/${canvas}`);
  await expect(page.locator('.canvas-viewport')).toBeVisible();
}

/** A facilitator with a canvas, and two participants with it open; Omer's network watched. */
async function room(browser: Browser) {
  const facilitator = await newPage(browser);
  await facilitator.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(facilitator, 'Quiet lab');
  await facilitator.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await facilitator.getByLabel('Canvas title').fill('Quiet canvas');
  await facilitator.getByRole('button', { name: 'Create canvas' }).click();
  await expect(facilitator.getByText('All changes saved')).toBeVisible();
  const [, , expedition, , canvas] = new URL(facilitator.url()).pathname.split('/');
  const people: Page[] = [];
  for (const name of ['Dana', 'Omer']) {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await join(page, code, name);
    await expect(page.getByRole('heading', { level: 1, name: 'Quiet lab' })).toBeVisible();
    people.push(page);
  }
  const [dana, omer] = people;
  const net = await watchNetwork(omer);
  await openCanvas(dana, expedition, canvas);
  await openCanvas(omer, expedition, canvas);
  return { facilitator, dana, omer, net, expedition, canvas };
}

async function addSticky(page: Page, text: string) {
  await page.getByRole('button', { name: 'Add sticky' }).click();
  const editor = page.getByLabel('Sticky text');
  await editor.fill(text);
  await editor.press('Enter');
}

const BANNER = 'Private writing: only you can see what you add until the facilitator reveals';

test("a private sticky stays out of another participant's page and network until the reveal", async ({ browser }) => {
  const r = await room(browser);
  const panel = await openPanel(r.facilitator);
  await panel.getByRole('button', { name: 'Start private writing (named)' }).click();
  await expect(r.dana.getByRole('status').filter({ hasText: BANNER })).toBeVisible();
  await expect(r.omer.getByRole('status').filter({ hasText: BANNER })).toBeVisible();
  await expect(r.facilitator.getByText('Private writing is on', { exact: true })).toBeVisible();

  const secret = 'Night school in the old port';
  await addSticky(r.dana, secret);
  const mine = r.dana.locator('.sticky', { hasText: secret });
  await expect(mine.getByText('Private', { exact: true })).toBeVisible();
  await expect(mine).toHaveAttribute('aria-label', 'Sticky by you · Private');
  // The room sees that work is happening, not what.
  for (const page of [r.omer, r.facilitator]) {
    await expect(page.getByText('Private stickies: 1 · writers: 1')).toBeVisible();
  }
  // Dana's edits stay hers too.
  await mine.dblclick();
  const editor = r.dana.getByLabel('Sticky text');
  await editor.fill(`${secret}, twice a week`);
  await editor.press('Enter');
  await expect(r.dana.getByText('All changes saved')).toBeVisible();
  await r.omer.waitForTimeout(500);
  await expect(r.omer.getByText('old port')).toHaveCount(0);
  await expect(r.facilitator.getByText('old port')).toHaveCount(0);
  expect(await r.net.events()).toBeGreaterThan(0);
  expect(await r.net.all()).not.toContain('old port');
  // A reload (snapshot and the stream's catch-up) brings it no closer.
  const before = await r.net.all();
  await r.omer.reload();
  await expect(r.omer.getByText('Private stickies: 1 · writers: 1')).toBeVisible();
  await expect(r.omer.getByText('old port')).toHaveCount(0);
  expect(before + (await r.net.all())).not.toContain('old port');
  await r.dana.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(r.dana, 'private writing banner and a private sticky');
  await r.dana.screenshot({ path: `${SHOTS}/private-participant-phone-en.png` });

  // The reveal brings it to Omer live, with its author.
  await panel.getByRole('button', { name: 'Reveal private stickies' }).click();
  await expect(r.omer.getByRole('group', { name: 'Sticky by Dana' })).toContainText(`${secret}, twice a week`);
  await expect(r.omer.getByRole('status').filter({ hasText: BANNER })).toHaveCount(0);
  await expect(r.dana.locator('.sticky', { hasText: secret }).getByText('Private', { exact: true })).toHaveCount(0);

  // Anonymous: the reveal names nobody.
  await panel.getByRole('button', { name: 'Start anonymous private writing' }).click();
  await expect(r.omer.getByText('Private stickies: 0 · writers: 0')).toBeVisible();
  await addSticky(r.dana, 'Unsigned: a library in every bus');
  await expect(r.omer.getByText('Private stickies: 1 · writers: 1')).toBeVisible();
  expect(await r.net.all()).not.toContain('Unsigned');
  await panel.getByRole('button', { name: 'Reveal private stickies' }).click();
  const unsigned = r.omer.locator('.sticky', { hasText: 'Unsigned: a library' });
  await expect(unsigned).toHaveAttribute('aria-label', 'Sticky by Someone');
  await expect(r.dana.locator('.sticky', { hasText: 'Unsigned: a library' })).toHaveAttribute('aria-label', 'Sticky by Someone');
  await r.omer.reload();
  await expect(r.omer.locator('.sticky', { hasText: 'Unsigned: a library' })).toHaveAttribute('aria-label', 'Sticky by Someone');
});

test('private writing in Hebrew and on a phone is readable and accessible', async ({ browser }) => {
  const r = await room(browser);
  await r.facilitator.setViewportSize({ width: 390, height: 844 });
  const panel = await openPanel(r.facilitator);
  await expectAccessible(r.facilitator, 'private writing switch on a phone');
  await r.facilitator.screenshot({ path: `${SHOTS}/private-controls-phone-en.png` });
  await panel.getByRole('button', { name: 'Start anonymous private writing' }).click();
  await expect(panel.getByRole('button', { name: 'Reveal private stickies' })).toBeVisible();
  const small = await panel.locator('button').evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => e.getBoundingClientRect())
      .filter((b) => b.height < 44 || b.width < 44).length,
  );
  expect(small).toBe(0);
  await addSticky(r.dana, 'טיול לימודי לנמל');

  for (const page of [r.dana, r.facilitator]) {
    await page.evaluate(() => localStorage.setItem('hevruta.lang', 'he'));
    await page.reload();
    await expect(page.locator('.canvas-screen')).toBeVisible();
  }
  await r.dana.setViewportSize({ width: 390, height: 844 });
  await expect(r.dana.getByText('כתיבה פרטית: רק לך נראה מה שמוסיפים עד שהמנחה חושף')).toBeVisible();
  await expect(r.dana.getByText('פרטי', { exact: true }).first()).toBeVisible();
  const px = await r.dana.locator('.facil-private').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(px).toBeGreaterThanOrEqual(14);
  expect(await r.dana.evaluate(() => document.documentElement.scrollWidth > innerWidth)).toBe(false);
  await expectAccessible(r.dana, 'private writing, Hebrew participant');
  await r.dana.screenshot({ path: `${SHOTS}/private-participant-phone-he.png` });
  await r.facilitator.getByRole('button', { name: 'הנחיה' }).click();
  await expect(r.facilitator.getByText('כתיבה פרטית פעילה (אנונימית)')).toBeVisible();
  await expectAccessible(r.facilitator, 'private writing, Hebrew facilitator');
  await r.facilitator.screenshot({ path: `${SHOTS}/private-controls-phone-he.png` });
});
