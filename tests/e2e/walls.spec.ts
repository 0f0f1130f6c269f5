// A board and the learning circles on the wall: "Open the projector" makes a viewer session,
// the wall shows the board's columns (or the three circles) in large type, live, with how
// to join; the board's lock and timer strip. Screenshots of the walls at 1920×1080 and
// 1280×720 (a typical beamer) in English and Hebrew go to WALL_SHOTS.
import { type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

const SHOTS = process.env.WALL_SHOTS ?? '/tmp/wall-shots';

async function openWall(page: Page) {
  const [wall] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Open the projector' }).click(),
  ]);
  await wall.setViewportSize({ width: 1920, height: 1080 });
  await expect(wall.locator('.projector')).toBeVisible();
  return wall;
}

/** The wall's text in both languages at both sizes; the main text must stay large. */
async function shoot(wall: Page, name: string) {
  for (const lang of ['en', 'he']) {
    await wall.evaluate((l) => localStorage.setItem('hevruta.lang', l), lang);
    await wall.reload();
    await expect(wall.locator('.wall-column').first()).toBeVisible();
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      await wall.setViewportSize(size);
      const px = await wall.locator('.wall-item-title').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(px, `${name} ${lang} ${size.width}: card text size`).toBeGreaterThanOrEqual(size.width >= 1920 ? 22 : 16);
      await wall.screenshot({ path: `${SHOTS}/${name}-${lang}-${size.width}x${size.height}.png` });
    }
    await expectAccessible(wall, `${name} wall in ${lang}`);
  }
  await wall.evaluate(() => localStorage.setItem('hevruta.lang', 'en'));
}

test('a board goes on the wall, live, on a viewer session; the facilitator locks it from the strip', async ({ browser }) => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(page, 'Wall board lab');
  await page.getByRole('link', { name: 'Open the boards, or start one' }).click();
  await page.getByLabel('Board title').fill('World finds');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'World finds' })).toBeVisible();
  const discovered = page.locator('.board-column', { has: page.getByRole('heading', { name: /^Discovered/ }) });
  const add = async (title: string) => {
    await discovered.getByRole('button', { name: `Add a card to \u2068Discovered\u2069` }).click();
    await discovered.getByLabel('Title').fill(title);
    await discovered.getByRole('button', { name: 'Add card' }).click();
    await expect(discovered.getByRole('heading', { name: title })).toBeVisible();
  };
  await add('Espoo makerspaces');

  const wall = await openWall(page);
  await expect(wall.getByRole('heading', { level: 1, name: 'World finds' })).toBeVisible();
  await expect(wall.getByRole('heading', { level: 2, name: 'Discovered' })).toBeVisible();
  await expect(wall.locator('.wall-item', { hasText: 'Espoo makerspaces' })).toBeVisible();
  await expect(wall.getByText(code)).toBeVisible();
  await expect(wall.getByRole('img', { name: 'QR code of the invite link' })).toBeVisible();
  // The wall is a viewer: it has no way to write, and its session says so.
  const me = await wall.evaluate(async () => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token');
    return (await fetch('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).json();
  });
  expect(me.member.role).toBe('viewer');
  await expect(wall.locator('button:visible')).toHaveCount(0);
  // Live: a new card shows without a reload.
  await add('Mentors from the port');
  await expect(wall.locator('.wall-item', { hasText: 'Mentors from the port' })).toBeVisible();

  // The lock, from the board's strip; a participant is told, and cannot add.
  const other = await newPage(browser);
  await other.setViewportSize({ width: 390, height: 844 });
  await join(other, code, 'Noa');
  await other.getByRole('link', { name: 'Open the boards, or start one' }).click();
  await other.getByRole('link', { name: 'World finds' }).click();
  await page.getByRole('button', { name: 'Lock board' }).click();
  await expect(page.getByRole('button', { name: 'Unlock board' })).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByText('Locked by the facilitator: you can read, not edit.')).toBeVisible();
  await expect(other.getByRole('button', { name: 'Lock board' })).toHaveCount(0);
  await expectAccessible(other, 'a locked board on a phone');
  await page.getByRole('button', { name: 'Unlock board' }).click();
  await expect(other.getByText('Locked by the facilitator: you can read, not edit.')).toHaveCount(0);

  await shoot(wall, 'board');
});

test('the learning circles go on the wall, newest first, live', async ({ browser }) => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(page, 'Wall circles lab');
  await page.getByRole('link', { name: 'The three learning circles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Learning circles' })).toBeVisible();
  const addLearning = async (p: Page, circle: string, title: string) => {
    await p.getByRole('button', { name: 'Add a learning' }).click();
    await p.getByRole('radio', { name: new RegExp(circle) }).check();
    await p.getByLabel('Title').fill(title);
    await p.getByLabel('What did you learn?').fill(`${title}, as we saw it`);
    await p.getByRole('button', { name: 'Add learning' }).click();
    await expect(p.getByRole('heading', { level: 3, name: title })).toBeVisible();
  };
  await addLearning(page, '3rd circle', 'Makerspaces in Espoo');
  const wall = await openWall(page);
  const global = wall.locator('.wall-column[data-circle="3"]');
  await expect(global.getByRole('heading', { name: '3rd circle: Global innovations' })).toBeVisible();
  await expect(global.locator('.wall-item', { hasText: 'Makerspaces in Espoo' })).toBeVisible();
  await expect(global.getByText('1 learnings')).toBeVisible();
  await expect(wall.locator('.wall-column[data-circle="1"]').getByText('Nothing here yet')).toBeVisible();

  // A participant adds one: it shows on the wall at once, on top.
  const other = await newPage(browser);
  await join(other, code, 'נועה', 'non-profit');
  await other.getByRole('link', { name: 'The three learning circles' }).click();
  await expect(other.getByRole('button', { name: 'Open the projector' })).toHaveCount(0);
  await addLearning(other, '3rd circle', 'Night libraries in Medellín');
  await expect(global.locator('.wall-item').first()).toContainText('Night libraries in Medellín');
  await expect(global.getByText('2 learnings')).toBeVisible();

  await shoot(wall, 'circles');
});
