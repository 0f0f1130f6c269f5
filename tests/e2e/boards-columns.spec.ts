import { type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { expect, test, expectAccessible } from './helpers';

/** The board's column whose heading starts with `title`. */
function column(page: Page, title: string) {
  return page.locator('.board-column', { has: page.getByRole('heading', { name: new RegExp(`^${title}`) }) });
}

function titles(page: Page) {
  return page.locator('.board-column .column-title > span[dir]');
}

type Seeded = { grant: { expedition_id: string; token: string; member: unknown }; board: string; path: string; columns: { id: string; title: string }[] };

/** An expedition (its facilitator: Yael) with a board of two cards in Discovered and one in Exploring. */
async function seed(request: APIRequestContext): Promise<Seeded> {
  const grant = await (
    await request.post('/api/v1/expeditions', {
      data: { title: 'Columns lab', city: 'Espoo', challenge: 'Where do the finds go?', display_name: 'Yael', sector: 'public' },
    })
  ).json();
  const auth = { Authorization: `Bearer ${grant.token}` };
  const columns = ['Discovered', 'Exploring', 'Adapting for our city', 'Piloting'].map((title, i) => ({ id: randomUUID(), title, key: 'FVks'[i] }));
  const board = await (
    await request.post(`/api/v1/expeditions/${grant.expedition_id}/boards`, {
      headers: auth,
      data: { id: randomUUID(), title: 'World finds', columns },
    })
  ).json();
  const cards = [
    ['Oodi workshops', 0, 'F'],
    ['Fano children', 0, 'V'],
    ['Netanya schools', 1, 'V'],
  ].map(([title, col, key]) => ({ id: randomUUID(), column_id: columns[col as number].id, key, title }));
  expect((await request.post(`/api/v1/expeditions/${grant.expedition_id}/boards/${board.id}/import`, { headers: auth, data: { cards } })).status()).toBe(200);
  return { grant, board: board.id, path: `/e/${grant.expedition_id}/board/${board.id}`, columns };
}

async function open(browser: Browser, s: Seeded, path = s.path, width = 1280, height = 800, lang = 'en') {
  const context = await browser.newContext({ viewport: { width, height }, isMobile: width < 500, hasTouch: width < 500 });
  const book = JSON.stringify({ sessions: [{ expedition_id: s.grant.expedition_id, token: s.grant.token, member: s.grant.member, title: 'Columns lab' }] });
  await context.addInitScript(
    ({ book, lang }) => {
      localStorage.setItem('hevruta.sessions.v1', book);
      localStorage.setItem('hevruta.lang', lang);
    },
    { book, lang },
  );
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

test('the facilitator renames, moves, adds and removes columns; a removed column asks where its cards go', async ({ browser, request }) => {
  const s = await seed(request);
  const page = await open(browser, s);
  await expect(page.locator('.board-card')).toHaveCount(3);
  const options = (title: string) => page.getByRole('button', { name: `Options for \u2068${title}\u2069` });

  // Rename.
  await options('Exploring').click();
  await page.getByLabel('Column name').fill('Looking closer');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('status')).toHaveText('Column renamed to \u2068Looking closer\u2069.');
  await expect(titles(page)).toHaveText(['Discovered', 'Looking closer', 'Adapting for our city', 'Piloting']);

  // Move earlier: focus stays on its options button.
  await options('Piloting').click();
  await column(page, 'Piloting').getByRole('button', { name: 'Move earlier' }).click();
  await expect(page.getByRole('status')).toHaveText('\u2068Piloting\u2069 is now column 3 of 4.');
  await expect(titles(page)).toHaveText(['Discovered', 'Looking closer', 'Piloting', 'Adapting for our city']);
  await expect(options('Piloting')).toBeFocused();

  // Add one at the end.
  await page.getByRole('button', { name: 'Add a column' }).click();
  await page.locator('#new-column-name').fill('Shelved');
  await page.locator('.add-column').getByRole('button', { name: 'Add a column' }).click();
  await expect(page.getByRole('status')).toHaveText('Column \u2068Shelved\u2069 added.');
  await expect(titles(page)).toHaveText(['Discovered', 'Looking closer', 'Piloting', 'Adapting for our city', 'Shelved']);

  // Remove a column holding two cards: it asks where they go, among the other columns.
  await options('Discovered').click();
  const discovered = column(page, 'Discovered');
  await discovered.getByRole('button', { name: 'Remove column' }).click();
  const where = discovered.getByLabel('Its 2 cards move to');
  await expect(where.locator('option')).toHaveText(['—', 'Looking closer', 'Piloting', 'Adapting for our city', 'Shelved']);
  await where.selectOption({ label: 'Shelved' });
  await discovered.getByRole('button', { name: 'Remove column' }).click();
  await expect(page.getByRole('status')).toHaveText('Column \u2068Discovered\u2069 removed.');
  await expect(titles(page)).toHaveText(['Looking closer', 'Piloting', 'Adapting for our city', 'Shelved']);
  await expect(column(page, 'Shelved').locator('.card-title')).toHaveText(['Oodi workshops', 'Fano children']);

  // An empty column goes after a plain confirmation (its options are still open).
  await column(page, 'Piloting').getByRole('button', { name: 'Remove column' }).click();
  await expect(column(page, 'Piloting').getByText('Remove this empty column?')).toBeVisible();
  await column(page, 'Piloting').getByRole('button', { name: 'Remove column' }).click();
  await expect(titles(page)).toHaveText(['Looking closer', 'Adapting for our city', 'Shelved']);

  // The server has it all.
  await page.reload();
  await expect(titles(page)).toHaveText(['Looking closer', 'Adapting for our city', 'Shelved']);
  await expect(column(page, 'Shelved').locator('.card-title')).toHaveText(['Oodi workshops', 'Fano children']);
});

test('the column options pass axe in English and Hebrew and fit a phone', async ({ browser, request }) => {
  const s = await seed(request);
  const page = await open(browser, s, s.path, 390, 844);
  await expect(page.locator('.board-card')).toHaveCount(3);
  await page.getByRole('button', { name: 'Options for \u2068Discovered\u2069' }).click();
  await column(page, 'Discovered').getByRole('button', { name: 'Remove column' }).click();
  for (const b of await column(page, 'Discovered').locator('.column-panel button, .column-panel select, .column-panel input').all()) {
    const box = (await b.boundingBox())!;
    expect(box.height, await b.evaluate((e) => e.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(44);
  }
  await expectAccessible(page, 'column options (en)');
  await page.getByLabel('Language').selectOption('he');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('button', { name: 'הזזה למקום הבא' })).toBeVisible();
  await expectAccessible(page, 'column options (he)');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

test('Escape cancels a drag: the card goes back and nothing is sent', async ({ browser, request }) => {
  const s = await seed(request);
  const page = await open(browser, s);
  await expect(page.locator('.board-card')).toHaveCount(3);
  const moves: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/move')) moves.push(r.url());
  });
  const card = column(page, 'Discovered').locator('.board-card', { hasText: 'Oodi workshops' });
  const handle = card.locator('.drag-handle');
  const from = (await handle.boundingBox())!;
  const to = (await column(page, 'Exploring').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 10 });
  await expect(column(page, 'Exploring')).toHaveClass(/drop-target/);
  await expect(card).toHaveClass(/dragging/);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('status')).toHaveText('Drag cancelled; the card stays where it was.');
  await expect(column(page, 'Exploring')).not.toHaveClass(/drop-target/);
  await expect(card).not.toHaveClass(/dragging/);
  expect(await card.evaluate((e) => (e as HTMLElement).style.transform)).toBe('');
  await page.mouse.up();
  await page.waitForTimeout(300);
  expect(moves).toEqual([]);
  await expect(column(page, 'Discovered').locator('.card-title')).toHaveText(['Oodi workshops', 'Fano children']);
  await page.reload();
  await expect(column(page, 'Discovered').locator('.card-title')).toHaveText(['Oodi workshops', 'Fano children']);
});

test('dragging near the edge scrolls the columns, and the card lands in a column that was off screen', async ({ browser, request }) => {
  const s = await seed(request);
  const page = await open(browser, s, s.path, 390, 844);
  await expect(page.locator('.board-card')).toHaveCount(3);
  const columns = page.locator('.board-columns');
  expect(await columns.evaluate((e) => e.scrollLeft)).toBe(0);
  const extent = await columns.evaluate((e) => e.scrollWidth - e.clientWidth);
  expect(extent).toBeGreaterThan(600);
  const handle = column(page, 'Discovered').locator('.board-card', { hasText: 'Oodi workshops' }).locator('.drag-handle');
  await handle.scrollIntoViewIfNeeded();
  const from = (await handle.boundingBox())!;
  const box = (await columns.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 8, from.y + 40, { steps: 8 });
  // Held at the edge, the columns scroll on their own until the last one is under it.
  // It stops at the end of the columns (the dragged card does not stretch it further).
  await expect.poll(() => columns.evaluate((e) => e.scrollLeft), { timeout: 8000 }).toBeGreaterThanOrEqual(extent - 1);
  await page.waitForTimeout(500);
  expect(await columns.evaluate((e) => e.scrollLeft)).toBeLessThanOrEqual(extent);
  // Past Piloting, over "Add a column": back over the last column.
  const last = (await column(page, 'Piloting').boundingBox())!;
  const x = Math.min(last.x + last.width - 20, Math.max(last.x + 20, box.x + 80));
  await page.mouse.move(x, from.y + 40, { steps: 4 });
  await expect(column(page, 'Piloting')).toHaveClass(/drop-target/);
  await page.mouse.up();
  await expect(column(page, 'Piloting').locator('.card-title')).toHaveText(['Oodi workshops']);
  await expect(page.getByRole('status')).toHaveText('Moved \u2068Oodi workshops\u2069 to \u2068Piloting\u2069, position 1 of 1.');
});

test('a circle-3 learning becomes a card that links back to it', async ({ browser, request }) => {
  const s = await seed(request);
  const auth = { Authorization: `Bearer ${s.grant.token}` };
  const learning = await (
    await request.post(`/api/v1/expeditions/${s.grant.expedition_id}/learnings`, {
      headers: auth,
      data: {
        id: randomUUID(),
        circle: 3,
        title: 'Makerspaces in the Espoo libraries',
        text: 'The city libraries of Espoo lend 3D printers and sewing machines as well as books.',
        source_url: 'https://hundred.org/en/innovations/espoo',
        origin: 'Espoo, Finland',
        themes: ['makerspaces', 'libraries'],
      },
    })
  ).json();
  expect(learning.id).toBeTruthy();
  const page = await open(browser, s, `/e/${s.grant.expedition_id}/circles`);
  const item = page.locator(`#learning-${learning.id}`);
  await item.getByRole('button', { name: 'Add to a board' }).click();
  await expect(item.getByLabel('Board')).toHaveValue(s.board);
  await item.getByLabel('Column').selectOption({ label: 'Exploring' });
  await item.getByRole('button', { name: 'Add the card' }).click();
  await expect(item.getByText('Added to \u2068World finds\u2069, in \u2068Exploring\u2069.')).toBeVisible();
  await item.getByRole('link', { name: 'Open the board' }).click();

  const card = column(page, 'Exploring').locator('.board-card', { hasText: 'Makerspaces in the Espoo libraries' });
  await expect(card).toBeVisible();
  await expect(card.locator('.card-summary')).toHaveText('The city libraries of Espoo lend 3D printers and sewing machines as well as books.');
  await expect(card.locator('.card-place')).toHaveText('Espoo, Finland');
  await expect(card.locator('.card-themes li')).toHaveText(['makerspaces', 'libraries']);
  await expect(card.getByText('HundrED')).toBeVisible();
  await expect(card.getByRole('link', { name: 'Open the source' })).toHaveAttribute('href', 'https://hundred.org/en/innovations/espoo');
  const back = card.getByRole('link', { name: 'Makerspaces in the Espoo libraries' });
  await expect(card.locator('.card-origin')).toHaveText('from the learning Makerspaces in the Espoo libraries');
  await back.click();
  await expect(page).toHaveURL(new RegExp(`/e/${s.grant.expedition_id}/circles#learning-${learning.id}$`));
  await expect(page.locator(`#learning-${learning.id}`)).toBeVisible();
  await expect(page.locator(`#learning-${learning.id}`).getByRole('heading', { name: 'Makerspaces in the Espoo libraries' })).toBeVisible();
});
