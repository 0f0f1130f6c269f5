// Managing canvases from their list (rename, archive, restore, delete), the list's counts
// and presence, the Markdown report's header, the invite page's code check, errors where
// the user looks, and the counters of limited fields.
import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { expect, test, createExpedition, join, newPage } from './helpers';

/** Fails on any serious or critical axe violation, listing them. */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${what}: serious or critical accessibility violations`).toEqual([]);
}

/** This device's session, as the app keeps it. */
async function session(page: Page): Promise<{ token: string; expedition: string }> {
  return page.evaluate(() => {
    const book = JSON.parse(localStorage.getItem('hevruta.sessions.v1') ?? '{"sessions":[]}');
    return { token: book.sessions[0].token, expedition: book.sessions[0].expedition_id };
  });
}

/** Starts a canvas through the API (so these tests do not depend on the canvas screen). */
async function apiCanvas(page: Page, title: string): Promise<string> {
  const { token, expedition } = await session(page);
  const res = await page.request.post(`/api/v1/expeditions/${expedition}/canvases`, {
    headers: { authorization: `Bearer ${token}` },
    data: { title, template: 'blank' },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}

/** Adds stickies with these texts to the canvas, as this page's member. */
async function apiStickies(page: Page, canvas: string, texts: string[]) {
  const { token, expedition } = await session(page);
  const ops = texts.map((text, i) => ({
    id: crypto.randomUUID(),
    sticky: crypto.randomUUID(),
    type: 'create',
    text,
    x: 40 + i * 200,
    y: 40,
  }));
  const res = await page.request.post(`/api/v1/expeditions/${expedition}/canvases/${canvas}/ops`, {
    headers: { authorization: `Bearer ${token}` },
    data: { ops },
  });
  expect(res.status()).toBe(200);
}

async function openList(page: Page) {
  await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Model canvases' })).toBeVisible();
}

function card(page: Page, title: string) {
  return page.locator('.canvas-card').filter({ has: page.getByRole('link', { name: title, exact: true }) });
}

test('the facilitator renames, archives, restores and deletes canvases while another list follows live', async ({
  browser,
}) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Managed lab');
  await apiCanvas(facilitator, 'Ideas');
  const kept = await apiCanvas(facilitator, 'Kept');
  const dana = await newPage(browser);
  await join(dana, code, 'Dana');
  await expect(dana.getByRole('heading', { level: 1, name: 'Managed lab' })).toBeVisible();
  await openList(dana);
  await openList(facilitator);
  await expect(card(dana, 'Ideas')).toBeVisible();
  // Dana did not start these canvases: no actions for her.
  await expect(dana.getByRole('button', { name: /^Rename/ })).toHaveCount(0);
  await expect(dana.getByRole('button', { name: /^Delete/ })).toHaveCount(0);

  // Rename, in place; Escape or Cancel gives focus back to the button.
  await facilitator.getByRole('button', { name: 'Rename: Ideas' }).click();
  const field = facilitator.getByLabel('New title');
  await expect(field).toBeFocused();
  await field.press('Escape');
  await expect(facilitator.getByRole('button', { name: 'Rename: Ideas' })).toBeFocused();
  await facilitator.getByRole('button', { name: 'Rename: Ideas' }).click();
  await field.fill(' ');
  await facilitator.getByRole('button', { name: 'Save' }).click();
  await expect(facilitator.getByText('This field is required.')).toBeVisible();
  await field.fill('Pilot ideas');
  await facilitator.getByRole('button', { name: 'Save' }).click();
  await expect(facilitator.getByRole('link', { name: 'Pilot ideas' })).toBeFocused();
  await expect(facilitator.getByRole('status').filter({ hasText: 'Renamed to' })).toContainText('Pilot ideas');
  await expect(dana.getByRole('link', { name: 'Pilot ideas' })).toBeVisible();
  await expect(dana.getByRole('link', { name: 'Ideas', exact: true })).toHaveCount(0);

  // Archive: out of the main list, into the archived section, for everyone.
  await facilitator.getByRole('button', { name: 'Archive: Pilot ideas' }).click();
  const toggle = facilitator.getByRole('button', { name: 'Archived canvases (1)' });
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(facilitator.getByRole('link', { name: 'Pilot ideas' })).toBeHidden();
  await expect(dana.getByRole('button', { name: 'Archived canvases (1)' })).toBeVisible();
  await expect(dana.getByRole('link', { name: 'Pilot ideas' })).toBeHidden();
  await dana.getByRole('button', { name: 'Archived canvases (1)' }).click();
  await expect(card(dana, 'Pilot ideas')).toContainText('Archived · read-only');
  await expect(dana.getByText('Archived canvases are read-only.')).toBeVisible();

  // Restore: back in the list, focus on it.
  await toggle.click();
  await facilitator.getByRole('button', { name: 'Restore: Pilot ideas' }).click();
  await expect(facilitator.getByRole('link', { name: 'Pilot ideas' })).toBeFocused();
  await expect(dana.getByRole('button', { name: /Archived canvases/ })).toHaveCount(0);
  await expect(card(dana, 'Pilot ideas')).not.toContainText('Archived');

  // Delete: a confirmation first, which says what goes; Cancel keeps everything.
  await apiStickies(facilitator, kept, ['one', 'two']);
  await expect(card(facilitator, 'Kept')).toContainText('2 stickies');
  await facilitator.getByRole('button', { name: 'Delete: Kept' }).click();
  const confirm = facilitator.getByRole('group', { name: /Delete “.*Kept.*” and 2 stickies for everyone\?/ });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(facilitator.getByRole('button', { name: 'Delete: Kept' })).toBeFocused();
  await facilitator.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await facilitator.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(facilitator.getByRole('button', { name: 'Delete: Kept' })).toBeFocused();
  await facilitator.getByRole('button', { name: 'Delete: Kept' }).click();
  await facilitator.getByRole('button', { name: 'Delete for good' }).click();
  await expect(facilitator.getByRole('link', { name: 'Kept' })).toHaveCount(0);
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Model canvases' })).toBeFocused();
  await expect(dana.getByRole('link', { name: 'Kept' })).toHaveCount(0);
  const url = new URL(dana.url());
  await dana.goto(`${url.pathname.replace(/\/canvases$/, '')}/canvas/${kept}`);
  await expect(dana.getByRole('alert')).toContainText('This canvas does not exist');
});

test('the list counts stickies, says when each canvas changed and who is on it now', async ({ browser }) => {
  test.setTimeout(60_000);
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Counting lab');
  const canvas = await apiCanvas(facilitator, 'Our model');
  await apiStickies(facilitator, canvas, ['a', 'b']);
  await openList(facilitator);
  const mine = card(facilitator, 'Our model');
  await expect(mine).toContainText('2 stickies');
  await expect(mine).toContainText('Changed');
  await expect(mine.locator('.canvas-here')).toHaveCount(0);

  // Dana opens the canvas: the list says she is there, and counts her new sticky live.
  const dana = await newPage(browser);
  await join(dana, code, 'דנה Cohen');
  await expect(dana.getByRole('heading', { level: 1, name: 'Counting lab' })).toBeVisible();
  await dana.goto(new URL(facilitator.url()).pathname.replace(/\/canvases$/, `/canvas/${canvas}`));
  await expect(dana.locator('.sticky')).toHaveCount(2);
  await expect(mine.locator('.canvas-here')).toContainText('Here now: \u2068דנה Cohen\u2069');
  await apiStickies(dana, canvas, ['c']);
  await expect(mine).toContainText('3 stickies');
  // A list opened later starts with who is there (not only with later changes).
  await facilitator.reload();
  await expect(card(facilitator, 'Our model').locator('.canvas-here')).toContainText('דנה Cohen');
  await dana.close();
  // The server notices a closed page at its next keep-alive (15 s).
  await expect(card(facilitator, 'Our model').locator('.canvas-here')).toHaveCount(0, { timeout: 20_000 });
});

test('a participant renames the canvases they started, and only those', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Participant lab');
  await apiCanvas(facilitator, 'The facilitator’s');
  const amir = await newPage(browser);
  await join(amir, code, 'Amir');
  await expect(amir.getByRole('heading', { level: 1, name: 'Participant lab' })).toBeVisible();
  await apiCanvas(amir, 'Amir’s');
  await openList(amir);
  await expect(amir.getByRole('button', { name: 'Rename: The facilitator’s' })).toHaveCount(0);
  await expect(amir.getByRole('button', { name: /^Archive/ })).toHaveCount(0);
  await amir.getByRole('button', { name: 'Rename: Amir’s' }).click();
  await amir.getByLabel('New title').fill('Amir’s ideas');
  await amir.getByLabel('New title').press('Enter');
  await expect(amir.getByRole('link', { name: 'Amir’s ideas' })).toBeVisible();
});

test('the list with its controls passes axe in English and Arabic, and fits a phone', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await newPage(browser);
  const code = await createExpedition(page, 'Axe list lab');
  const first = await apiCanvas(page, 'City model');
  await apiStickies(page, first, ['x']);
  await apiCanvas(page, 'Circles');
  const archived = await apiCanvas(page, 'Old ideas');
  const { token, expedition } = await session(page);
  await page.request.patch(`/api/v1/expeditions/${expedition}/canvases/${archived}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { archived: true },
  });
  const noa = await newPage(browser);
  await join(noa, code, 'Noa');
  await expect(noa.getByRole('heading', { level: 1, name: 'Axe list lab' })).toBeVisible();
  await noa.goto(new URL(page.url()).pathname + `/canvas/${first}`);
  await expect(noa.locator('.sticky')).toHaveCount(1);
  await openList(page);
  await expect(card(page, 'City model').locator('.canvas-here')).toContainText('Noa');

  for (const [lang, dir] of [
    ['en', 'ltr'],
    ['ar', 'rtl'],
  ] as const) {
    await page.locator('#lang-select').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('dir', dir);
    await expectAccessible(page, `${lang} canvas list`);
    await page.locator('#archived-toggle').click();
    await page.locator('[id^=rename-]').first().click();
    await page.locator('[id^=delete-]').nth(1).click();
    await expectAccessible(page, `${lang} canvas list with the archive, a rename and a confirmation open`);
    await page.keyboard.press('Escape');
    await page.reload();
    await page.locator('.canvas-card').first().waitFor();
  }
  await page.locator('#lang-select').selectOption('en');

  for (const [width, height] of [
    [390, 844],
    [1280, 800],
    [360, 740],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.locator('#archived-toggle').click();
    await expect(page.locator('#archived-list')).toBeVisible();
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(scroll, `no horizontal scrolling at ${width}px`).toBeLessThanOrEqual(0);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('.canvas-index a, .canvas-index button')]
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
        .map(({ el, box }) => `${el.textContent?.trim()} ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small, `targets of at least 44×44 px at ${width}px`).toEqual([]);
    const fontSize = await page.locator('.canvas-card-meta').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(14);
    if (width !== 360) {
      await page.screenshot({ path: `/tmp/canvas-list-${width}.png`, fullPage: true });
    }
    await page.locator('#archived-toggle').click();
  }
  // Right to left, with a rename open (its counter near the limit) and a confirmation.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#lang-select').selectOption('he');
  await page.locator('[id^=rename-]').first().click();
  await page.locator('input[id^=rename-title-]').fill('מודל העיר — City model, '.padEnd(110, 'א'));
  await card(page, 'Circles').locator('[id^=delete-]').click();
  await page.screenshot({ path: '/tmp/canvas-list-he-390.png', fullPage: true });
});

test('the Markdown report names the expedition, its city, the date, and who wrote what from which sector', async ({
  browser,
}) => {
  const page = await newPage(browser);
  const code = await createExpedition(page, 'Report lab');
  const canvas = await apiCanvas(page, 'Our report');
  await apiStickies(page, canvas, ['A city that learns']);
  const salma = await newPage(browser);
  await join(salma, code, 'سلمى', 'non-profit');
  await expect(salma.getByRole('heading', { level: 1, name: 'Report lab' })).toBeVisible();
  await apiStickies(salma, canvas, ['מרחבי למידה בכל שכונה']);
  await page.goto(new URL(page.url()).pathname + `/canvas/${canvas}`);
  await expect(page.locator('.sticky')).toHaveCount(2);
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Markdown report' }).click(),
  ]);
  const markdown = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
  const year = String(new Date().getFullYear());
  expect(markdown).toMatch(/^# Our report\n\nExpedition: \u2068Report lab\u2069, \u2068Hadera\u2069\\\nDate: .+\n/);
  expect(markdown.split('\n')[3]).toContain(year);
  expect(markdown).toContain('- A city that learns\\\n  — \u2068Yael\u2069, Public sector\n');
  expect(markdown).toContain('- מרחבי למידה בכל שכונה\\\n  — \u2068سلمى\u2069, Non-profit\n');
});

test('the invite page names the expedition and its city before asking for a name', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Invite lab');
  const guest = await newPage(browser);
  await guest.setViewportSize({ width: 390, height: 844 });
  await guest.goto(`/join/${code}`);
  const form = guest.getByRole('region', { name: 'Join an expedition' });
  const preview = form.getByRole('status');
  await expect(preview).toContainText('You are joining');
  await expect(preview).toContainText('Invite lab');
  await expect(preview).toContainText('in \u2068Hadera\u2069');
  // The preview comes before the name field.
  const order = await guest.evaluate(() => {
    const p = document.querySelector('.join-preview')!;
    const name = document.getElementById('join-display_name')!;
    return p.compareDocumentPosition(name) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  await guest.screenshot({ path: '/tmp/join-preview-390.png' });

  // A wrong code is said at once, at the code, and nothing is sent.
  await form.getByLabel('Join code').fill('ZZZZ-ZZZZ-ZZZZ');
  await expect(form.locator('#join-code-error')).toContainText('No expedition has this code');
  await expect(form.getByLabel('Join code')).toHaveAttribute('aria-invalid', 'true');
  await expect(preview).not.toContainText('Invite lab');
  await form.getByLabel('Your name').fill('Noa');
  await form.getByLabel('Your sector').selectOption('learner');
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(form.getByLabel('Join code')).toBeFocused();
  await expect(guest.getByRole('heading', { level: 1, name: 'Invite lab' })).toHaveCount(0);
  // Typing the right one (in any case, without dashes) finds the expedition again.
  await form.getByLabel('Join code').fill(code.toLowerCase().replaceAll('-', ''));
  await expect(preview).toContainText('Invite lab');
  await expect(form.getByLabel('Join code')).not.toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(guest.getByRole('heading', { level: 1, name: 'Invite lab' })).toBeVisible();
});

test('leaving as the last facilitator says why next to the button', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await createExpedition(page, 'Lonely lab');
  const leave = page.getByRole('button', { name: 'Leave expedition' });
  await leave.scrollIntoViewIfNeeded();
  page.once('dialog', (d) => d.accept());
  await leave.click();
  const error = page.locator('.expedition-actions').getByRole('alert');
  await expect(error).toContainText('You are the only facilitator');
  await expect(error).toBeInViewport();
  const [e, b] = [(await error.boundingBox())!, (await leave.boundingBox())!];
  expect(Math.abs(e.y - b.y), 'the error is within reach of the button').toBeLessThan(250);
  await expect(page.locator('.expedition-header + .error-slot, .page > .error-slot')).toHaveText('');
});

test('limited fields count down near their limit, politely, in every language', async ({ page }) => {
  await page.goto('/');
  const form = page.getByRole('region', { name: 'Start an expedition' });
  const title = form.getByLabel('Expedition title');
  await title.fill('x'.repeat(95));
  await expect(form.locator('#create-title-count')).toHaveText('');
  await expect(title).not.toHaveAttribute('aria-describedby', /create-title-count/);
  await title.fill('x'.repeat(100));
  await expect(form.locator('#create-title-count')).toContainText('20 characters left');
  await expect(title).toHaveAttribute('aria-describedby', /create-title-count/);
  // Told politely once typing pauses, not at every key.
  await expect(form.locator('#create-title-count [aria-live=polite]')).toHaveText('20 characters left');
  await title.press('End');
  await title.pressSequentially('y'.repeat(25));
  await expect(title).toHaveValue('x'.repeat(100) + 'y'.repeat(20));
  await expect(form.locator('#create-title-count')).toContainText('0 characters left');
  const challenge = form.getByLabel('Challenge question');
  await challenge.fill('q'.repeat(599));
  await expect(form.locator('#create-challenge-count')).toContainText('1 character left');
  await page.getByLabel('Language').selectOption('he');
  await expect(page.locator('#create-challenge-count')).toContainText('נותר תו אחד');
  await page.locator('#lang-select').selectOption('ar');
  await expect(page.locator('#create-title-count')).toContainText(/بقي .+ حرف/);
  await page.locator('#lang-select').selectOption('es');
  await expect(page.locator('#create-title-count')).toContainText('Quedan 0 caracteres');
});
