import { readFileSync } from 'node:fs';
import { type Browser, type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

const SHOTS = process.env.FACIL_SHOTS ?? '/tmp/facil-shots';

/**
 * Records, inside the page, every API answer's body and every frame of the event stream, so
 * a test can say what reached this browser (not only what it shows).
 */
async function watchTraffic(page: Page) {
  const bodies: string[] = [];
  page.on('response', async (res) => {
    if (!res.url().includes('/api/v1/') || res.url().includes('/events')) return;
    try {
      bodies.push(await res.text());
    } catch {
      /* a response without a body */
    }
  });
  await page.addInitScript(() => {
    const w = window as unknown as { frames_: string[] };
    w.frames_ = [];
    const Original = window.EventSource;
    class Watched extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        for (const name of ['change', 'ops', 'board', 'round', 'presence', 'facilitation', 'view']) {
          this.addEventListener(name, (e) => w.frames_.push(`${name} ${(e as MessageEvent).data}`));
        }
      }
    }
    window.EventSource = Watched as typeof EventSource;
  });
  return {
    bodies,
    frames: () => page.evaluate(() => (window as unknown as { frames_: string[] }).frames_.slice()),
  };
}

async function addSticky(page: Page, text: string) {
  await page.getByRole('button', { name: 'Add sticky' }).click();
  const editor = page.getByLabel('Sticky text');
  await editor.fill(text);
  await editor.press('Enter');
  await expect(page.locator('.sticky', { hasText: text })).toBeVisible();
}

/** A facilitator with a canvas of three stickies, and two participants with it open. */
async function room(browser: Browser, lab: string) {
  const facilitator = await newPage(browser);
  await facilitator.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(facilitator, lab);
  await facilitator.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await facilitator.getByLabel('Canvas title').fill(`${lab} canvas`);
  await facilitator.getByRole('button', { name: 'Create canvas' }).click();
  await expect(facilitator.getByText('All changes saved')).toBeVisible();
  for (const text of ['Swim lessons', 'Night library', 'Market maths']) await addSticky(facilitator, text);
  const canvasUrl = new URL(facilitator.url()).pathname;
  const participant = async (name: string) => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    const traffic = await watchTraffic(page);
    await join(page, code, name);
    await expect(page.getByRole('heading', { level: 1, name: lab })).toBeVisible();
    await page.goto(canvasUrl);
    await expect(page.locator('.canvas-viewport')).toBeVisible();
    return { page, traffic };
  };
  return { facilitator, dana: await participant('Dana'), omer: await participant('Omer'), code, canvasUrl };
}

async function startRound(page: Page, budget: number, cap: number | null, anonymous: boolean) {
  await page.getByText('Start a dot vote').click();
  await page.getByLabel('Dots per member').fill(String(budget));
  if (cap !== null) await page.getByLabel('Most dots on one item').fill(String(cap));
  if (anonymous) await page.getByLabel('Anonymous: nobody sees who voted for what').check();
  await page.getByRole('button', { name: 'Start voting' }).click();
}

const stickyDots = (page: Page, text: string) =>
  page.locator('.sticky', { hasText: text }).locator('.item-dots');

test('a voting round stays hidden from the other participant until the reveal, then ranks and exports', async ({ browser }) => {
  test.setTimeout(120_000);
  const r = await room(browser, 'Vote lab');
  await startRound(r.facilitator, 3, 2, false);
  for (const p of [r.dana.page, r.omer.page]) {
    await expect(p.getByText('Voting is open (named). Members who have voted: 0.', { exact: false })).toBeVisible();
    await expect(p.getByText('You have 3 of 3 dots left.')).toBeVisible();
  }

  // Dana places two dots on one sticky (the cap), one on another; a third there is refused.
  const library = stickyDots(r.dana.page, 'Night library');
  await library.getByRole('button', { name: 'Add a dot' }).click();
  await expect(library).toContainText('Your dots: 1');
  await library.getByRole('button', { name: 'Add a dot' }).click();
  await expect(library).toContainText('Your dots: 2');
  await expect(library.getByRole('button', { name: 'Add a dot' })).toBeDisabled();
  const swim = stickyDots(r.dana.page, 'Swim lessons');
  await swim.getByRole('button', { name: 'Add a dot' }).click();
  await expect(r.dana.page.getByText('You have 0 of 3 dots left.')).toBeVisible();
  await expect(stickyDots(r.dana.page, 'Market maths').getByRole('button', { name: 'Add a dot' })).toBeDisabled();
  // Taking one back frees it.
  await swim.getByRole('button', { name: 'Take a dot back' }).click();
  await expect(r.dana.page.getByText('You have 1 of 3 dots left.')).toBeVisible();
  await swim.getByRole('button', { name: 'Add a dot' }).click();
  await expect(r.dana.page.getByText('You have 0 of 3 dots left.')).toBeVisible();

  // Omer and the facilitator learn that one member voted, and nothing else.
  await expect(r.omer.page.getByText('Members who have voted: 1.', { exact: false })).toBeVisible();
  await expect(r.facilitator.getByText('Members who have voted: 1.', { exact: false })).toBeVisible();
  for (const text of ['Night library', 'Swim lessons', 'Market maths']) {
    await expect(stickyDots(r.omer.page, text)).toContainText('Your dots: 0');
  }
  await expect(r.omer.page.locator('.vote-results')).toHaveCount(0);
  const frames = await r.omer.traffic.frames();
  expect(frames.filter((f) => f.startsWith('round ')).length, 'opened, and one voted').toBe(2);
  // A fresh load of the page reads the round through the API.
  await r.omer.page.reload();
  await expect(r.omer.page.getByText('Members who have voted: 1.', { exact: false })).toBeVisible();
  const before = [...r.omer.traffic.bodies, ...frames, ...(await r.omer.traffic.frames())];
  const roundAnswers = before.filter((b) => b.includes('"round"'));
  expect(roundAnswers.length).toBeGreaterThan(0);
  for (const seen of before) {
    expect(seen, 'no dots and no results reach Omer before the reveal').not.toContain('"dots"');
    expect(seen).not.toMatch(/"results":\{/);
    expect(seen).not.toMatch(/"mine":\[\{/);
  }

  // The reveal ranks, live, on every screen, with names (a named round).
  await r.facilitator.getByRole('button', { name: 'Reveal results' }).click();
  for (const p of [r.facilitator, r.dana.page, r.omer.page]) {
    const results = p.getByRole('region', { name: 'Results of the dot vote' });
    await expect(results).toBeVisible();
    const rows = results.locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('Night library');
    await expect(rows.nth(0)).toContainText('Dana · 2');
    await expect(rows.nth(1)).toContainText('Swim lessons');
    await expect(p.locator('.item-dots')).toHaveCount(0);
  }
  await r.omer.page.screenshot({ path: `${SHOTS}/vote-results-laptop.png` });

  // Exported as Markdown and as CSV.
  const results = r.facilitator.getByRole('region', { name: 'Results of the dot vote' });
  const [md] = await Promise.all([
    r.facilitator.waitForEvent('download'),
    results.getByRole('button', { name: 'Export Markdown' }).click(),
  ]);
  const mdText = readFileSync((await md.path())!, 'utf8');
  expect(mdText).toContain('| 1 | Night library | 2 | Dana (2) |');
  expect(mdText).toContain('| 2 | Swim lessons | 1 | Dana (1) |');
  const [csv] = await Promise.all([
    r.facilitator.waitForEvent('download'),
    results.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  expect(csvText.startsWith('\ufeff"Rank","Item","Dots","Voters"\r\n')).toBe(true);
  expect(csvText).toContain('"1","Night library","2","Dana (2)"');
});

test('an anonymous round on a board: dots on cards, no names in the results', async ({ browser }) => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(page, 'Board vote lab');
  await page.getByRole('link', { name: 'Open the boards, or start one' }).click();
  await page.getByLabel('Board title').fill('World finds');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'World finds' })).toBeVisible();
  const column = page.locator('.board-column').first();
  for (const title of ['Espoo makerspaces', '=HYPERLINK("x")']) {
    await column.getByRole('button', { name: /^Add a card to/ }).click();
    await column.getByLabel('Title').fill(title);
    await column.getByRole('button', { name: 'Add card' }).click();
    await expect(column.getByRole('heading', { name: title })).toBeVisible();
  }
  const other = await newPage(browser);
  await other.setViewportSize({ width: 390, height: 844 });
  await join(other, code, 'Noa');
  await other.getByRole('link', { name: 'Open the boards, or start one' }).click();
  await other.getByRole('link', { name: 'World finds' }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'World finds' })).toBeVisible();

  await startRound(page, 2, null, true);
  await expect(other.getByText('Voting is open (anonymous).', { exact: false })).toBeVisible();
  const card = other.locator('.board-card', { hasText: '=HYPERLINK("x")' }).locator('.item-dots');
  await card.getByRole('button', { name: 'Add a dot' }).click();
  await expect(card).toContainText('Your dots: 1');
  await card.getByRole('button', { name: 'Add a dot' }).click();
  await expect(other.getByText('You have 0 of 2 dots left.')).toBeVisible();
  // Targets on the phone are at least 44 px; nothing scrolls sideways.
  const small = await other.locator('.item-dots button, .vote-bar button').evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => e.getBoundingClientRect())
      .filter((b) => b.height < 44 || b.width < 44).length,
  );
  expect(small).toBe(0);
  expect(await other.evaluate(() => document.documentElement.scrollWidth > innerWidth)).toBe(false);
  await expectAccessible(other, 'board with an open round on a phone, English');
  await other.screenshot({ path: `${SHOTS}/vote-board-phone-open.png` });

  await page.getByRole('button', { name: 'Reveal results' }).click();
  const results = other.getByRole('region', { name: 'Results of the dot vote' });
  await expect(results.locator('tbody tr')).toHaveCount(1);
  await expect(results.locator('tbody tr').first()).toContainText('=HYPERLINK("x")');
  await expect(results.getByRole('columnheader', { name: 'Voters' })).toHaveCount(0);
  await expect(results).not.toContainText('Noa');
  const [csv] = await Promise.all([
    other.waitForEvent('download'),
    results.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  expect(csvText).toContain(`"1","'=HYPERLINK(""x"")","2"`);
  expect(csvText).not.toContain('Noa');
  await other.screenshot({ path: `${SHOTS}/vote-board-phone-results.png` });
});

test('voting controls are accessible in English and Hebrew, on a phone too', async ({ browser }) => {
  test.setTimeout(120_000);
  const r = await room(browser, 'Access vote lab');
  await startRound(r.facilitator, 5, null, false);
  await expectAccessible(r.facilitator, 'facilitator with an open round, English');
  const phone = r.omer.page;
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.evaluate(() => localStorage.setItem('hevruta.lang', 'he'));
  await phone.reload();
  await expect(phone.locator('html')).toHaveAttribute('lang', 'he');
  await expect(phone.getByText('ההצבעה פתוחה (גלויה).', { exact: false })).toBeVisible();
  // Below 640 px the canvas opens as a list: each sticky an item with its dots.
  const item = phone.locator('.list-sticky', { hasText: 'Night library' }).locator('.item-dots');
  await item.getByRole('button', { name: 'הוספת נקודה' }).click();
  await expect(item).toContainText('הנקודות שלך: 1');
  await expectAccessible(phone, 'participant with an open round, Hebrew, phone');
  const small = await phone.locator('.item-dots button').evaluateAll((els) =>
    els.map((e) => e.getBoundingClientRect()).filter((b) => b.height < 44 || b.width < 44).length,
  );
  expect(small).toBe(0);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth > innerWidth)).toBe(false);
  await phone.screenshot({ path: `${SHOTS}/vote-canvas-phone-he.png` });
  await r.facilitator.getByRole('button', { name: 'Reveal results' }).click();
  await expect(phone.getByRole('region', { name: 'תוצאות הצבעת הנקודות' })).toBeVisible();
  await expectAccessible(phone, 'results, Hebrew, phone');
  await phone.screenshot({ path: `${SHOTS}/vote-results-phone-he.png` });
  await expectAccessible(r.facilitator, 'results, English');
});
