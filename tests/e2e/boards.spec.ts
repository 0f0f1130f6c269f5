import { type Browser, type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

/** The board's column whose heading starts with `title`. */
function column(page: Page, title: string) {
  return page.locator('.board-column', { has: page.getByRole('heading', { name: new RegExp(`^${title}`) }) });
}

/** Opens the expedition's boards and starts one; the page ends on the new board. */
async function startBoard(page: Page) {
  await page.getByRole('link', { name: 'Open the boards, or start one' }).click();
  await page.getByLabel('Board title').fill('World finds');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'World finds' })).toBeVisible();
}

async function addCard(page: Page, to: string, title: string) {
  await column(page, to).getByRole('button', { name: `Add a card to \u2068${to}\u2069` }).click();
  await column(page, to).getByLabel('Title').fill(title);
  await column(page, to).getByLabel('Origin country').fill('Finland');
  await column(page, to).getByRole('button', { name: 'Add card' }).click();
  await expect(column(page, to).getByRole('heading', { name: title })).toBeVisible();
}

/** A facilitator on a new board, and a participant with it open in a second context. */
async function twoOnABoard(browser: Browser) {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(page, 'Board lab');
  await startBoard(page);
  const other = await newPage(browser);
  await other.setViewportSize({ width: 1280, height: 800 });
  await join(other, code, 'Noa');
  await other.getByRole('link', { name: 'Open the boards, or start one' }).click();
  await other.getByRole('link', { name: 'World finds' }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'World finds' })).toBeVisible();
  return { page, other };
}

test('a card dragged to another column moves on the other screen live', async ({ browser }) => {
  const { page, other } = await twoOnABoard(browser);
  await addCard(page, 'Discovered', 'Espoo makerspaces');
  await expect(column(other, 'Discovered').getByRole('heading', { name: 'Espoo makerspaces' })).toBeVisible();

  // Sideways only, from the handle in the middle of the window: no edge scrolls the page.
  const handle = column(page, 'Discovered').locator('.drag-handle');
  await handle.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const from = (await handle.boundingBox())!;
  const to = (await column(page, 'Exploring').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, from.y + from.height / 2, { steps: 12 });
  await expect(column(page, 'Exploring')).toHaveClass(/drop-target/);
  await page.mouse.up();

  await expect(column(page, 'Exploring').getByRole('heading', { name: 'Espoo makerspaces' })).toBeVisible();
  await expect(column(other, 'Exploring').getByRole('heading', { name: 'Espoo makerspaces' })).toBeVisible();
  await expect(column(other, 'Discovered').locator('.board-card')).toHaveCount(0);
  await expect(other.getByRole('status')).toHaveText('\u2068Yael\u2069 moved \u2068Espoo makerspaces\u2069 to \u2068Exploring\u2069.');
  // It stays there after a reload: the server has it.
  await other.reload();
  await expect(column(other, 'Exploring').getByRole('heading', { name: 'Espoo makerspaces' })).toBeVisible();
});

test('a keyboard move and a Move to… move are made and announced', async ({ browser }) => {
  const { page, other } = await twoOnABoard(browser);
  await addCard(page, 'Discovered', 'Oodi workshops');
  await addCard(page, 'Discovered', 'Fano children');
  const card = column(page, 'Discovered').locator('.board-card', { hasText: 'Fano children' });
  await card.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByRole('status')).toHaveText('Moved \u2068Fano children\u2069 to \u2068Discovered\u2069, position 1 of 2.');
  await expect(page.locator('.board-card', { hasText: 'Fano children' })).toBeFocused();
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByRole('status')).toHaveText('Moved \u2068Fano children\u2069 to \u2068Exploring\u2069, position 1 of 1.');
  await expect(column(other, 'Exploring').getByRole('heading', { name: 'Fano children' })).toBeVisible();

  const oodi = page.locator('.board-card', { hasText: 'Oodi workshops' });
  await oodi.getByRole('button', { name: 'Move to…' }).click();
  await oodi.getByLabel('Column').selectOption({ label: 'Piloting' });
  await oodi.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Moved \u2068Oodi workshops\u2069 to \u2068Piloting\u2069, position 1 of 1.');
  await expect(column(other, 'Piloting').getByRole('heading', { name: 'Oodi workshops' })).toBeVisible();
});

test('votes stop at the budget, in the page and at the server', async ({ browser }) => {
  const { page, other } = await twoOnABoard(browser);
  await page.getByLabel('Votes per member').fill('2');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(other.getByText('You have 2 of 2 votes left.')).toBeVisible();
  await addCard(page, 'Discovered', 'Bat Yam personal education');
  await addCard(page, 'Exploring', 'Netanya school network');
  const bat = other.locator('.board-card', { hasText: 'Bat Yam personal education' });
  const netanya = other.locator('.board-card', { hasText: 'Netanya school network' });
  await bat.getByRole('button', { name: 'Add a vote to \u2068Bat Yam personal education\u2069' }).click();
  await expect(bat.getByText('1 vote · yours: 1')).toBeVisible();
  await netanya.getByRole('button', { name: /^Add a vote/ }).click();
  await expect(other.getByText('You have 0 of 2 votes left.')).toBeVisible();
  const more = bat.getByRole('button', { name: /^Add a vote/ });
  await expect(more).toBeDisabled();
  await expect(bat.getByText('No votes left: take one back to vote elsewhere.')).toBeVisible();
  // The facilitator sees the totals live.
  await expect(page.locator('.board-card', { hasText: 'Netanya school network' }).getByText('1 vote')).toBeVisible();
  // No client trick gets past the server: a third vote straight to the API is refused.
  const answer = await other.evaluate(async () => {
    const [, , expedition, , board] = location.pathname.split('/');
    const book = JSON.parse(localStorage.getItem('hevruta.sessions.v1') ?? '{"sessions":[]}');
    const token = book.sessions.find((s: { expedition_id: string }) => s.expedition_id === expedition);
    const card = document.querySelector('.board-card')!.getAttribute('data-card');
    const res = await fetch(`/api/v1/expeditions/${expedition}/boards/${board}/cards/${card}/votes`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token?.token}` },
      body: JSON.stringify({ count: 2 }),
    });
    return [res.status, (await res.json()).errors?.[0]?.code];
  });
  expect(answer).toEqual([422, 'over_budget']);
  // Taking one back frees it.
  await bat.getByRole('button', { name: /^Take a vote back/ }).click();
  await expect(other.getByText('You have 1 of 2 votes left.')).toBeVisible();
});

test('the board passes axe in English and Hebrew', async ({ browser }) => {
  const { page } = await twoOnABoard(browser);
  await addCard(page, 'Discovered', 'Espoo makerspaces');
  await page.locator('.board-card').getByRole('button', { name: '0 comments' }).click();
  await page.locator('.board-card').getByRole('button', { name: 'Move to…' }).click();
  await expectAccessible(page, 'board (en)');
  await page.getByLabel('Language').selectOption('he');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: /^התגלה/ })).toHaveCount(0); // titles are the board's own
  await expect(page.getByRole('button', { name: 'העברה אל…' })).toBeVisible();
  await expectAccessible(page, 'board (he)');
  await page.getByRole('link', { name: 'כל הלוחות' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'לוחות חדשנות עולמית' })).toBeVisible();
  await expectAccessible(page, 'board list (he)');
});
