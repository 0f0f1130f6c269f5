import { type Page } from '@playwright/test';
import { expect, test, createExpedition, join, newPage } from './helpers';

/** From the expedition home: starts a canvas and lands on it. */
async function createCanvas(page: Page, title: string, template = 'city_education_model') {
  await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Model canvases' })).toBeVisible();
  await page.getByLabel('Canvas title').fill(title);
  await page.getByLabel('Template').selectOption(template);
  await page.getByRole('button', { name: 'Create canvas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();
}

/** From the expedition home: opens a canvas by its link. */
async function openCanvas(page: Page, title: string) {
  await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** Adds a sticky with the toolbar button and types its text. */
async function addSticky(page: Page, text: string) {
  await page.getByRole('button', { name: 'Add sticky' }).click();
  const editor = page.getByLabel('Sticky text');
  await expect(editor).toBeFocused();
  await editor.fill(text);
  await editor.press('Enter');
  await expect(page.locator('.sticky', { hasText: text })).toBeVisible();
}

function sticky(page: Page, text: string) {
  return page.locator('.sticky', { hasText: text });
}

/** The sticky's position in canvas units, from its transform. */
async function position(page: Page, text: string): Promise<string> {
  const style = (await sticky(page, text).getAttribute('style')) ?? '';
  return /translate\([^)]*\)/.exec(style)?.[0] ?? style;
}

/** Drags a sticky by an offset in screen pixels, in small steps like a hand would. */
async function drag(page: Page, text: string, dx: number, dy: number) {
  const box = (await sticky(page, text).boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + 20;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

test('stickies appear for everyone, and a sticky dragged by two people ends in one place', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Canvas lab');
  await createCanvas(facilitator, 'Our city model');

  const dana = await newPage(browser);
  await join(dana, code, 'Dana');
  await openCanvas(dana, 'Our city model');
  const amir = await newPage(browser);
  await join(amir, code, 'Amir', 'non-profit');
  await openCanvas(amir, 'Our city model');

  // Everyone sees who is here.
  await expect(facilitator.locator('.avatar')).toHaveCount(3);

  // Created in one, shown in the others, attributed to its author.
  await addSticky(facilitator, 'Green schoolyards open after hours');
  await expect(sticky(dana, 'Green schoolyards open after hours')).toBeVisible();
  await expect(sticky(amir, 'Green schoolyards open after hours')).toHaveAttribute('aria-label', 'Sticky by Yael');
  await addSticky(dana, 'Libraries as learning hubs');
  await expect(sticky(facilitator, 'Libraries as learning hubs')).toBeVisible();
  await expect(sticky(amir, 'Libraries as learning hubs')).toBeVisible();

  // Two people drag the same sticky at the same time to different places.
  // (New stickies are placed apart, side by side or one above the other: the drags go the
  // other way, so neither ends on top of the second sticky.)
  const nums0 = (s: string) => s.match(/-?\d+(\.\d+)?/g)!.map(Number);
  const [gx, gy] = nums0(await position(dana, 'Green schoolyards open after hours'));
  const [lx, ly] = nums0(await position(dana, 'Libraries as learning hubs'));
  const sideBySide = Math.abs(lx - gx) > Math.abs(ly - gy);
  await Promise.all([
    drag(dana, 'Green schoolyards open after hours', sideBySide ? 0 : 170, sideBySide ? 170 : 0),
    drag(amir, 'Green schoolyards open after hours', sideBySide ? 0 : -160, sideBySide ? -160 : 0),
  ]);
  for (const page of [facilitator, dana, amir]) {
    await expect(page.getByText('All changes saved')).toBeVisible();
  }
  // Once everything has arrived, all three agree on where it is.
  await expect
    .poll(async () => {
      const spots = await Promise.all(
        [facilitator, dana, amir].map((p) => position(p, 'Green schoolyards open after hours')),
      );
      return new Set(spots).size;
    })
    .toBe(1);

  // Shift-click selects several; dragging one moves them all, for everyone.
  const nums = (s: string) => s.match(/-?\d+(\.\d+)?/g)!.map(Number);
  const before = await Promise.all(
    ['Green schoolyards open after hours', 'Libraries as learning hubs'].map((t) => position(dana, t)),
  );
  await sticky(facilitator, 'Libraries as learning hubs').click();
  await sticky(facilitator, 'Green schoolyards open after hours').click({ modifiers: ['Shift'] });
  await expect(facilitator.getByText('Selected: 2')).toBeVisible();
  await drag(facilitator, 'Libraries as learning hubs', 0, 120);
  for (const [i, t] of ['Green schoolyards open after hours', 'Libraries as learning hubs'].entries()) {
    await expect.poll(async () => nums(await position(dana, t))[1] - nums(before[i])[1]).toBeGreaterThan(50);
  }

  // Edits survive a reload (they are on the server).
  await amir.reload();
  await expect(sticky(amir, 'Libraries as learning hubs')).toBeVisible();
  expect(await position(amir, 'Green schoolyards open after hours')).toBe(
    await position(facilitator, 'Green schoolyards open after hours'),
  );
});

test('edits made offline survive a reload and arrive when the connection returns', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Offline lab');
  await createCanvas(facilitator, 'Train ride ideas', 'blank');

  const context = await browser.newContext();
  const traveller = await context.newPage();
  await join(traveller, code, 'Noa', 'learner');
  await openCanvas(traveller, 'Train ride ideas');
  await addSticky(traveller, 'Before the tunnel');
  await expect(sticky(facilitator, 'Before the tunnel')).toBeVisible();

  await context.setOffline(true);
  await addSticky(traveller, 'Written in the tunnel');
  await sticky(traveller, 'Before the tunnel').click();
  await traveller.getByRole('button', { name: 'Blue' }).click();
  await expect(traveller.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  await expect(sticky(traveller, 'Written in the tunnel')).toHaveClass(/pending/);
  await expect(sticky(facilitator, 'Written in the tunnel')).toHaveCount(0);

  // The page goes away while offline (the reload itself fails without a network)…
  await traveller.reload().catch(() => {});
  await context.setOffline(false);
  // …and the edits, kept in IndexedDB, are sent when the app comes back.
  await traveller.reload();
  await expect(traveller.getByRole('heading', { level: 1, name: 'Train ride ideas' })).toBeVisible();
  await expect(sticky(traveller, 'Written in the tunnel')).toBeVisible();
  await expect(traveller.getByText('All changes saved')).toBeVisible();
  // The facilitator's open page sees the edits arrive live, without a reload: also when
  // the traveller's old page sent them and went away before its request was answered.
  await expect(sticky(facilitator, 'Written in the tunnel')).toBeVisible();
  await expect(sticky(facilitator, 'Before the tunnel')).toHaveAttribute('data-color', 'blue');
  // Sent once: one sticky with that text, not two; and a fresh load agrees.
  await expect(sticky(facilitator, 'Written in the tunnel')).toHaveCount(1);
  await facilitator.reload();
  await expect(sticky(facilitator, 'Written in the tunnel')).toHaveCount(1);
  await expect(sticky(facilitator, 'Before the tunnel')).toHaveAttribute('data-color', 'blue');
});

test('keyboard: create, move, delete and undo; the facilitator restores; Markdown export', async ({ browser }) => {
  const page = await newPage(browser);
  await createExpedition(page, 'Keyboard lab');
  await createCanvas(page, 'Keys only');

  // N makes a sticky where the view is and opens it for typing.
  await page.locator('#canvas-viewport').focus();
  await page.keyboard.press('n');
  await expect(page.getByLabel('Sticky text')).toBeFocused();
  await page.keyboard.type('Made by keyboard');
  await page.keyboard.press('Enter');
  const note = sticky(page, 'Made by keyboard');
  await expect(note).toBeFocused();

  // Arrow keys move it, in steps of 10 canvas units (Shift: 50).
  const before = await position(page, 'Made by keyboard');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(() => position(page, 'Made by keyboard')).not.toBe(before);
  const moved = await position(page, 'Made by keyboard');
  const nums = (s: string) => s.match(/-?\d+(\.\d+)?/g)!.map(Number);
  expect(nums(moved)[0] - nums(before)[0]).toBeCloseTo(10);
  expect(nums(moved)[1] - nums(before)[1]).toBeCloseTo(50);

  // Delete removes it; Ctrl+Z brings it back where it was.
  await page.keyboard.press('Delete');
  await expect(note).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Sticky deleted' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(note).toBeVisible();
  expect(await position(page, 'Made by keyboard')).toBe(moved);

  // Deleted again, the facilitator restores it from the list.
  await note.click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(note).toHaveCount(0);
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: /Deleted stickies/ }).click();
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(note).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();

  // Markdown export: the sections with their stickies' text.
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Markdown report' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Keys-only.md');
  const text = await (await download.createReadStream()).toArray();
  const markdown = Buffer.concat(text).toString('utf8');
  expect(markdown).toContain('# Keys only');
  expect(markdown).toContain('## Dreams & ambitions');
  expect(markdown).toContain('Made by keyboard');

  // SVG and PNG of the whole canvas.
  await page.getByRole('button', { name: 'Export' }).click();
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'SVG image' }).click(),
  ]);
  const svg = Buffer.concat(await (await svgDownload.createReadStream()).toArray()).toString('utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('Made by keyboard');
  await page.getByRole('button', { name: 'Export' }).click();
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'PNG image' }).click(),
  ]);
  expect(pngDownload.suggestedFilename()).toBe('Keys-only.png');
  const png = Buffer.concat(await (await pngDownload.createReadStream()).toArray());
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(png.length).toBeGreaterThan(10_000);

  // Zoom by keys and buttons; 0 fits the canvas again.
  const zoom = page.locator('.zoom-level');
  await page.locator('#canvas-viewport').focus();
  await page.keyboard.press('0');
  const fitted = await zoom.textContent();
  await page.keyboard.press('+');
  await expect(zoom).not.toHaveText(fitted!);
  await page.keyboard.press('0');
  await expect(zoom).toHaveText(fitted!);
  // While fitted, the view follows the screen's size (a projector going full screen)…
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(zoom).not.toHaveText(fitted!);
  const big = await zoom.textContent();
  // …until someone zooms or pans.
  await page.getByRole('button', { name: 'Zoom out' }).click();
  const chosen = await zoom.textContent();
  expect(chosen).not.toBe(big);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForTimeout(300);
  await expect(zoom).toHaveText(chosen!);
});

test('when two people write the same sticky, the one overwritten may keep their text', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Conflict lab');
  await createCanvas(facilitator, 'Shared words', 'blank');
  const dana = await newPage(browser);
  // A Hebrew name inside the English sentence: isolated, so neither scrambles the other.
  await join(dana, code, 'דנה');
  await openCanvas(dana, 'Shared words');

  await addSticky(facilitator, 'First draft');
  await expect(sticky(dana, 'First draft')).toBeVisible();

  // Yael rewrites it; a moment later Dana, who had started from the old text, does too.
  await sticky(facilitator, 'First draft').dblclick();
  await facilitator.getByLabel('Sticky text').fill('Yael: open the schools at night');
  await facilitator.getByLabel('Sticky text').press('Enter');
  await expect(facilitator.getByText('All changes saved')).toBeVisible();
  await sticky(dana, 'open the schools at night').dblclick();
  await dana.getByLabel('Sticky text').fill('Dana: open the schools on weekends');
  await dana.getByLabel('Sticky text').press('Enter');

  // Dana's later write wins everywhere, but Yael is asked, with her text shown.
  await expect(sticky(facilitator, 'Dana: open the schools on weekends')).toBeVisible();
  const notice = facilitator.getByRole('alert').filter({ hasText: 'replaced your text' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Yael: open the schools at night');
  // The sentence names who and which sticky, each in its own bidi isolate.
  await expect(notice.locator('p').first()).toHaveText(
    '\u2068דנה\u2069 replaced your text on the sticky “\u2068Dana: open the schools on weekends\u2069” a moment after you wrote it.',
  );
  // The canvas does not move for the notice, and its sticky is marked and can be shown.
  await expect(sticky(facilitator, 'Dana: open the schools on weekends')).toHaveClass(/conflicted/);
  await notice.getByRole('button', { name: 'Show the sticky' }).click();
  await expect(sticky(facilitator, 'Dana: open the schools on weekends')).toBeFocused();
  await expect(dana.getByRole('alert').filter({ hasText: 'replaced your text' })).toHaveCount(0);

  await notice.getByRole('button', { name: 'Keep mine' }).click();
  await expect(notice).toHaveCount(0);
  await expect(sticky(facilitator, 'Yael: open the schools at night')).toBeVisible();
  await expect(sticky(dana, 'Yael: open the schools at night')).toBeVisible();
});

test('user text on a sticky is shown as text, never run as HTML', async ({ browser }) => {
  const page = await newPage(browser);
  await createExpedition(page, 'Safe lab');
  await createCanvas(page, 'Escaping', 'blank');
  const evil = '<img src=x onerror="document.title=\'pwned\'"><b>bold</b>';
  // A double click on the canvas makes a sticky there, ready for typing.
  await page.locator('.canvas-section').first().dblclick({ position: { x: 300, y: 300 } });
  await expect(page.getByLabel('Sticky text')).toBeFocused();
  await page.getByLabel('Sticky text').fill(evil);
  await page.getByLabel('Sticky text').press('Enter');
  await expect(sticky(page, evil)).toBeVisible();
  await expect(page.locator('.sticky img')).toHaveCount(0);
  await page.reload();
  await expect(sticky(page, evil)).toBeVisible();
  expect(await page.title()).not.toBe('pwned');
});

test('a canvas title must be given; a wrong canvas address shows a clear message', async ({ browser }) => {
  const page = await newPage(browser);
  await createExpedition(page, 'Lost lab');
  const url = new URL(page.url());
  await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await expect(page.getByText('No canvases yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Create canvas' }).click();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await expect(page.getByLabel('Canvas title')).toBeFocused();
  await page.goto(`${url.pathname}/canvas/0190c7d2-9b1a-7e4e-8a8a-0123456789ab`);
  await expect(page.getByRole('alert')).toContainText('This canvas does not exist');
  // Not an id at all: no such page, in the app and at the server alike.
  const res = await page.goto(`${url.pathname}/canvas/not-an-id`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('a projector follows the canvas live and cannot edit it', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Projected lab');
  await createCanvas(facilitator, 'On the big screen');

  const screen = await newPage(browser);
  await screen.goto(`/join/${code}`);
  const form = screen.getByRole('region', { name: 'Join an expedition' });
  await form.getByLabel('Your name').fill('Hall projector');
  await form.getByLabel('This is a projector screen (read-only)').check();
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await screen.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  // No form to start a canvas on a projector.
  await expect(screen.getByLabel('Canvas title')).toHaveCount(0);
  await screen.getByRole('link', { name: 'On the big screen' }).click();
  await expect(screen.getByText('View only')).toBeVisible();
  await expect(screen.getByRole('button', { name: 'Add sticky' })).toHaveCount(0);
  // The view tools are there, the editing keys are not explained.
  await screen.getByRole('button', { name: 'More' }).click();
  await expect(screen.getByRole('menuitem', { name: 'Fit to screen' })).toBeVisible();
  await screen.keyboard.press('Escape');
  await expect(screen.getByRole('button', { name: 'More' })).toBeFocused();
  await expect(screen.getByText('N new sticky')).toHaveCount(0);

  await addSticky(facilitator, 'Shown to the whole hall');
  await expect(sticky(screen, 'Shown to the whole hall')).toBeVisible();
  // Neither keys nor a double click make stickies here.
  await screen.locator('#canvas-viewport').focus();
  await screen.keyboard.press('n');
  await screen.locator('.canvas-section').first().dblclick();
  await expect(screen.getByLabel('Sticky text')).toHaveCount(0);
  await expect(screen.locator('.sticky')).toHaveCount(1);
});

test('text typed into a sticky that someone deletes meanwhile is kept as a draft', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Drafts lab');
  await createCanvas(facilitator, 'Fast hands', 'blank');
  const dana = await newPage(browser);
  await join(dana, code, 'Dana');
  await openCanvas(dana, 'Fast hands');
  await addSticky(facilitator, 'Soon gone');
  await expect(sticky(dana, 'Soon gone')).toBeVisible();

  // Dana is typing in it when the facilitator deletes it.
  await sticky(dana, 'Soon gone').dblclick();
  await dana.getByLabel('Sticky text').fill('A long thought Dana must not lose');
  await sticky(facilitator, 'Soon gone').click();
  await facilitator.getByRole('button', { name: 'Delete', exact: true }).click();

  await expect(dana.locator('.sticky')).toHaveCount(0);
  const drafts = dana.getByRole('region', { name: 'Drafts' });
  await expect(drafts).toContainText('A long thought Dana must not lose');
  // Still there after a reload (IndexedDB), until dismissed.
  await dana.reload();
  await expect(dana.getByRole('region', { name: 'Drafts' })).toContainText('A long thought Dana must not lose');
  await dana.getByRole('button', { name: 'Dismiss' }).click();
  await expect(dana.getByRole('region', { name: 'Drafts' })).toHaveCount(0);
});
