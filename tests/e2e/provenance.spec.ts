import { type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { expect, test, expectAccessible } from './helpers';

/** Where screenshots go when SHOTS is set (to look at them), else nowhere. */
const SHOTS = process.env.SHOTS;

/** A learning title that would run script if it were ever read as HTML. */
const XSS = '<img src=x onerror="window.__xss=1">Espoo libraries';

/** An expedition with two learnings, a board with one card and a canvas with one sticky,
 *  made over the API; returns what the tests open. */
async function seed(request: APIRequestContext) {
  const grant = await (
    await request.post('/api/v1/expeditions', {
      data: { title: 'Trace lab', city: 'Bat Yam', challenge: 'Where do our pilots come from?', display_name: 'Yael', sector: 'public' },
    })
  ).json();
  const e = grant.expedition_id;
  const headers = { Authorization: `Bearer ${grant.token}` };
  const learning = async (circle: number, title: string) => {
    const res = await request.post(`/api/v1/expeditions/${e}/learnings`, {
      headers,
      data: { id: randomUUID(), circle, title, text: 'What we saw there.', themes: [] },
    });
    expect(res.status()).toBe(201);
    return (await res.json()).id as string;
  };
  const own = await learning(1, 'My own class');
  const global = await learning(3, XSS);
  const board = await (
    await request.post(`/api/v1/expeditions/${e}/boards`, { headers, data: { id: randomUUID(), title: 'World finds' } })
  ).json();
  const snap = await (await request.get(`/api/v1/expeditions/${e}/boards/${board.id}`, { headers })).json();
  const card = randomUUID();
  const res = await request.post(`/api/v1/expeditions/${e}/boards/${board.id}/cards`, {
    headers,
    data: { id: card, column_id: snap.columns[0].id, key: 'V', title: 'Playful learning', source: 'hundred' },
  });
  expect(res.status()).toBe(201);
  const canvas = await (
    await request.post(`/api/v1/expeditions/${e}/canvases`, {
      headers,
      data: { title: 'Our city model', template: 'city_education_model' },
    })
  ).json();
  const sticky = randomUUID();
  const ops = await request.post(`/api/v1/expeditions/${e}/canvases/${canvas.id}/ops`, {
    headers,
    data: { ops: [{ id: randomUUID(), sticky, type: 'create', section: 'dreams', text: 'A makerspace in every library', x: 60, y: 140 }] },
  });
  expect(ops.status()).toBe(200);
  return { grant, own, global, board: board.id as string, card, canvas: canvas.id as string, sticky };
}

type Seeded = Awaited<ReturnType<typeof seed>>;

/** A page signed in as `grant`, in `lang`, at this size (a phone below 500 px). */
async function open(browser: Browser, grant: any, path: string, lang: string, width: number, height: number): Promise<Page> {
  const phone = width < 500;
  const context = await browser.newContext({ viewport: { width, height }, isMobile: phone, hasTouch: phone });
  const book = JSON.stringify({
    sessions: [{ expedition_id: grant.expedition_id, token: grant.token, member: grant.member, title: 'Trace lab' }],
  });
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

function canvasPath(s: Seeded) {
  return `/e/${s.grant.expedition_id}/canvas/${s.canvas}`;
}

/** On the board view: selects the seeded sticky and opens the picker from the More menu. */
async function openPicker(page: Page) {
  await page.locator('.sticky .sticky-text').click();
  await page.locator('#more').click();
  await page.getByRole('menuitem', { name: 'Cite…' }).click();
  const dialog = page.getByRole('dialog', { name: 'What inspired this sticky?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Search learnings and cards')).toBeFocused();
  return dialog;
}

test('a learning cited through the picker links to the circles page, which links back to the sticky', async ({ browser, request }) => {
  const s = await seed(request);
  const page = await open(browser, s.grant, canvasPath(s), 'en', 1280, 800);
  await expect(page.getByText('All changes saved')).toBeVisible();
  const dialog = await openPicker(page);
  // Circle 3 first; the title is text, never markup.
  const learnings = dialog.getByRole('list', { name: 'Learnings' }).getByRole('button');
  await expect(learnings).toHaveCount(2);
  await expect(learnings.nth(0)).toContainText(XSS);
  await expect(learnings.nth(0)).toContainText('Circle 3');
  await expect(learnings.nth(1)).toContainText('My own class');
  await expect(dialog.getByRole('list', { name: 'Innovation board cards' }).getByRole('button')).toHaveText(/Playful learning/);
  await expect(dialog.locator('img')).toHaveCount(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/picker-1280-en.png` });
  await expectAccessible(page, 'the citation picker, 1280×800, English');

  // Search, then pick by keyboard.
  await dialog.getByLabel('Search learnings and cards').fill('espoo');
  await expect(dialog.getByRole('button', { name: /Espoo/ })).toHaveCount(1);
  await expect(dialog.getByRole('list', { name: 'Innovation board cards' })).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  await expect(learnings.nth(0)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const chip = page.locator('.sticky .sticky-chip');
  await expect(chip).toHaveText(`From the learning \u2068${XSS}\u2069`);
  await expect(page.locator('.sticky')).toBeFocused();
  await expect(page.getByText('All changes saved')).toBeVisible();
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/chip-1280-en.png` });

  // Undo takes the citation away, redo brings it back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(chip).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(chip).toHaveCount(1);
  await expect(page.getByText('All changes saved')).toBeVisible();

  // The chip opens the learning on the circles page…
  await chip.click();
  await expect(page).toHaveURL(new RegExp(`/e/${s.grant.expedition_id}/circles#learning-${s.global}$`));
  const card = page.locator(`#learning-${s.global}`);
  await expect(card).toBeFocused();
  await expect(card).toBeInViewport();
  // …which names where it is cited, and leads back to the sticky.
  const back = card.getByRole('link', { name: 'Cited on \u2068Our city model\u2069 → \u2068Dreams & ambitions\u2069' });
  await expect(back).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/cited-on-1280-en.png` });
  await expect(page.locator(`#learning-${s.own}`).locator('.learning-citations')).toHaveCount(0);
  await back.click();
  await expect(page).toHaveURL(new RegExp(`/canvas/${s.canvas}#sticky-${s.sticky}$`));
  await expect(page.locator(`#sticky-${s.sticky}`)).toBeFocused();
});

test('a card cited through the picker opens on its board, and the citation can be removed', async ({ browser, request }) => {
  const s = await seed(request);
  const page = await open(browser, s.grant, canvasPath(s), 'en', 1280, 800);
  await expect(page.getByText('All changes saved')).toBeVisible();
  let dialog = await openPicker(page);
  await dialog.getByLabel('Search learnings and cards').fill('PLAY');
  await dialog.getByRole('button', { name: /Playful learning/ }).click();
  const chip = page.locator('.sticky .sticky-chip');
  await expect(chip).toHaveText('From the card \u2068Playful learning\u2069');
  await expect(page.getByText('All changes saved')).toBeVisible();

  // The picker marks what is cited, and offers to remove it.
  dialog = await openPicker(page);
  await expect(dialog.getByRole('button', { name: /Playful learning/ })).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('.sticky')).toBeFocused();

  await chip.click();
  await expect(page).toHaveURL(new RegExp(`/board/${s.board}#card-${s.card}$`));
  const card = page.locator(`#card-${s.card}`);
  await expect(card).toBeFocused();
  await expect(card).toBeInViewport();
  await expect(card.getByRole('link', { name: 'Cited on \u2068Our city model\u2069' })).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/card-anchor-1280-en.png` });

  await page.goBack();
  await expect(page.getByText('All changes saved')).toBeVisible();
  dialog = await openPicker(page);
  await dialog.getByRole('button', { name: 'Remove citation' }).click();
  await expect(dialog).toBeHidden();
  await expect(chip).toHaveCount(0);
});

for (const lang of ['en', 'he']) {
  test(`the picker on a phone passes axe and has thumb-sized targets (${lang})`, async ({ browser, request }) => {
    const s = await seed(request);
    const page = await open(browser, s.grant, canvasPath(s), lang, 390, 844);
    // Phones open the canvas as a list; each sticky has its own "Cite…".
    const cite = page.locator(`#cite-${s.sticky}`);
    await cite.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('.cite-option')).toHaveCount(3);
    await expect(dialog.locator('.cite-option').first()).toContainText(XSS);
    const box = (await dialog.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    for (const el of await dialog.locator('.cite-option, button.button, #cite-search').all()) {
      const b = (await el.boundingBox())!;
      expect(b.height, await el.innerText()).toBeGreaterThanOrEqual(44);
    }
    const px = await dialog.locator('.cite-meta').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(14);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/picker-390-${lang}.png` });
    await expectAccessible(page, `the citation picker, 390×844, ${lang}`);
    await dialog.locator('.cite-option').first().click();
    await expect(dialog).toBeHidden();
    await expect(page.locator(`#list-item-${s.sticky} .sticky-chip`)).toContainText(XSS);
    await expect(cite).toBeFocused();
  });
}

test('a viewer sees the chip but no way to cite', async ({ browser, request }) => {
  const s = await seed(request);
  const headers = { Authorization: `Bearer ${s.grant.token}` };
  const e = s.grant.expedition_id;
  const res = await request.post(`/api/v1/expeditions/${e}/canvases/${s.canvas}/ops`, {
    headers,
    data: { ops: [{ id: randomUUID(), sticky: s.sticky, type: 'set_citation', citation: { kind: 'card', id: s.card } }] },
  });
  expect(res.status()).toBe(200);
  const snap = await (await request.get(`/api/v1/expeditions/${e}`, { headers })).json();
  const joined = await request.post('/api/v1/join', { data: { code: snap.join_code, display_name: 'Projector', as: 'viewer' } });
  expect(joined.status()).toBeLessThan(300);
  const viewer = await joined.json();
  expect(viewer.member.role).toBe('viewer');
  const page = await open(browser, viewer, canvasPath(s), 'en', 1280, 800);
  await expect(page.locator('.sticky .sticky-chip')).toHaveText('From the card \u2068Playful learning\u2069');
  await page.locator('#more').click();
  await expect(page.locator('#more-menu')).toBeVisible();
  await expect(page.getByText('Cite…')).toHaveCount(0);
  await expect(page.locator('dialog')).toHaveCount(0);
});
