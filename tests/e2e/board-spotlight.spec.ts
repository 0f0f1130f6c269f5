// The facilitator spotlights a card of a board: the wall (a viewer session) shows it large,
// a participant who follows is scrolled to it (the card is deep in a long column, so it is
// rendered first), one who does not follow only sees it marked; ending it clears the wall.
// The facilitator's own second tab offers nobody to follow. The circles page shows the
// session's timer too.
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

const SHOTS = process.env.WALL_SHOTS ?? '/tmp/wall-shots';

test('a spotlit card fills the wall and brings followers to it; the timer shows on the circles page', async ({ browser }) => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(page, 'Spotlight lab');
  const home = page.url();
  await page.getByRole('link', { name: 'Open the boards, or start one' }).click();
  await page.getByLabel('Board title').fill('World finds');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'World finds' })).toBeVisible();
  const boardUrl = page.url();
  // Thirty cards through the API, so the last is far below the first screen.
  await page.evaluate(async () => {
    const [, id, board] = location.pathname.match(/\/e\/([^/]+)\/board\/([^/]+)/)!;
    const book = JSON.parse(localStorage.getItem('hevruta.sessions.v1')!);
    const token = book.sessions.find((s: { expedition_id: string }) => s.expedition_id === id).token;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const snap = await (await fetch(`/api/v1/expeditions/${id}/boards/${board}`, { headers })).json();
    const column = snap.columns[0].id;
    for (let i = 0; i < 30; i++) {
      const key = String.fromCharCode(66 + Math.floor(i / 10)) + String(i % 10) + 'V';
      await fetch(`/api/v1/expeditions/${id}/boards/${board}/cards`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ id: crypto.randomUUID(), column_id: column, key, title: `Find ${i}`, source: 'hundred', themes: [], sectors: [] }),
      });
    }
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Find 0', exact: true })).toBeVisible();

  const [wall] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open the projector' }).click()]);
  await wall.setViewportSize({ width: 1920, height: 1080 });
  await expect(wall.locator('.wall-column').first()).toBeVisible();

  const noa = await newPage(browser);
  await noa.setViewportSize({ width: 390, height: 844 });
  await join(noa, code, 'Noa');
  await expect(noa.getByRole('heading', { level: 1, name: 'Spotlight lab' })).toBeVisible();
  await noa.goto(boardUrl);
  await expect(noa.getByRole('heading', { name: 'Find 0', exact: true })).toBeVisible();
  const dana = await newPage(browser);
  await dana.setViewportSize({ width: 390, height: 844 });
  await join(dana, code, 'Dana');
  await expect(dana.getByRole('heading', { level: 1, name: 'Spotlight lab' })).toBeVisible();
  await dana.goto(boardUrl);
  await expect(dana.getByRole('heading', { name: 'Find 0', exact: true })).toBeVisible();

  // The facilitator spotlights "Find 3"; Noa chooses to follow, Dana does not.
  const find = (p: typeof page, n: number) => p.locator('.board-card', { has: p.getByRole('heading', { name: `Find ${n}`, exact: true }) });
  await find(page, 3).getByRole('button', { name: 'Spotlight' }).click();
  await expect(wall.getByRole('heading', { level: 2, name: 'Find 3' })).toBeVisible();
  await expect(wall.locator('.wall-spotlight')).toContainText('In the spotlight');
  const px = await wall.locator('.wall-spotlight h2').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(px, 'the spotlit card is large on the wall').toBeGreaterThanOrEqual(48);
  await expectAccessible(wall, 'spotlight on the wall');
  await expect(find(noa, 3)).toHaveClass(/spotlit/);
  await noa.getByRole('button', { name: 'Follow \u2068Yael\u2069' }).click();
  await expect(noa.getByRole('status').filter({ hasText: 'Following Yael' })).toBeVisible();
  await expectAccessible(noa, 'board with a spotlight, following');
  await wall.screenshot({ path: `${SHOTS}/board-spotlight-en-1920x1080.png` });
  await noa.screenshot({ path: `${SHOTS}/board-spotlight-phone-en-390x844.png` });

  // The next spotlight, deep in the column: Noa is brought there, Dana stays at the top.
  // The facilitator scrolls down until the column has rendered that far.
  await expect(async () => {
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await expect(find(page, 28)).toHaveCount(1, { timeout: 500 });
  }).toPass();
  await find(page, 28).getByRole('button', { name: 'Spotlight' }).click();
  await expect(wall.getByRole('heading', { level: 2, name: 'Find 28' })).toBeVisible();
  await expect(find(noa, 28)).toBeInViewport();
  await expect(find(noa, 28)).toHaveClass(/spotlit/);
  await expect(find(noa, 3)).not.toHaveClass(/spotlit/);
  expect(await dana.evaluate(() => scrollY), 'who does not follow is not moved').toBe(0);

  // The facilitator's own second tab follows nobody (not herself).
  const second = await page.context().newPage();
  await second.goto(boardUrl);
  await expect(second.getByRole('heading', { name: 'Find 0', exact: true })).toBeVisible();
  await expect(second.getByRole('button', { name: 'Clear spotlight' })).toBeVisible();
  await expect(second.getByRole('button', { name: /^Follow/ })).toHaveCount(0);
  await expect(second.getByText('Following Yael')).toHaveCount(0);

  // Ending it: the wall shows the columns again, the mark goes.
  await page.getByRole('button', { name: 'Clear spotlight' }).click();
  await expect(wall.locator('.wall-spotlight')).toHaveCount(0);
  await expect(wall.locator('.wall-column').first()).toBeVisible();
  await expect(find(noa, 28)).not.toHaveClass(/spotlit/);

  // A whole column in the spotlight: it stands out on the wall and on every screen, and
  // its switch reads as pressed until the facilitator switches it off.
  await page.evaluate(() => scrollTo(0, 0));
  const columnSwitch = page.locator('.board-column').first().locator('.column-head').getByRole('button', { name: 'Spotlight' });
  await columnSwitch.click();
  await expect(columnSwitch).toHaveAttribute('aria-pressed', 'true');
  await expect(wall.locator('.wall-column').first()).toHaveClass(/spotlit/);
  await expect(noa.locator('.board-column').first()).toHaveClass(/spotlit/);
  await expect(find(noa, 3)).not.toHaveClass(/spotlit/);
  await columnSwitch.click();
  await expect(columnSwitch).toHaveAttribute('aria-pressed', 'false');
  await expect(wall.locator('.wall-column').first()).not.toHaveClass(/spotlit/);
  await expect(noa.locator('.board-column').first()).not.toHaveClass(/spotlit/);

  // The timer on the circles page, live (the wall's strip and the canvas have it too).
  const id = new URL(home).pathname.split('/')[2];
  await noa.goto(`${new URL(home).origin}/e/${id}/circles`);
  await expect(noa.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(noa.locator('.facil-clock')).toHaveCount(0);
  await page.evaluate(async (id) => {
    const book = JSON.parse(localStorage.getItem('hevruta.sessions.v1')!);
    const token = book.sessions.find((s: { expedition_id: string }) => s.expedition_id === id).token;
    await fetch(`/api/v1/expeditions/${id}/facilitation/timer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'start', seconds: 300 }),
    });
  }, id);
  await expect(noa.locator('.facil-clock')).toHaveText(/^[45]:\d\d$/);
  await expectAccessible(noa, 'circles with the timer');
});
