import { type Browser, type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

const SHOTS = process.env.FACIL_SHOTS ?? '/tmp/facil-shots';

/** A facilitator (laptop) with a canvas open, a participant with it open, and the ids. */
async function room(browser: Browser, lab: string, participantLang = 'en') {
  const facilitator = await newPage(browser);
  await facilitator.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(facilitator, lab);
  await facilitator.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await facilitator.getByLabel('Canvas title').fill(`${lab} canvas`);
  await facilitator.getByRole('button', { name: 'Create canvas' }).click();
  await expect(facilitator.getByText('All changes saved')).toBeVisible();
  const [, , expedition, , canvas] = new URL(facilitator.url()).pathname.split('/');
  const participant = await newPage(browser);
  await participant.setViewportSize({ width: 1280, height: 800 });
  await join(participant, code, 'Dana');
  await expect(participant.getByRole('heading', { level: 1, name: lab })).toBeVisible();
  await participant.evaluate((lang) => localStorage.setItem('hevruta.lang', lang), participantLang);
  await participant.goto(`/e/${expedition}/canvas/${canvas}`);
  await expect(participant.locator('.canvas-viewport')).toBeVisible();
  return { facilitator, participant, code, expedition, canvas };
}

/** A projector on a viewer session of its own, as "Open the projector" makes it. */
async function projector(browser: Browser, r: { code: string; expedition: string; canvas: string }, size: { width: number; height: number }, locale = 'en-US') {
  const page = await newPage(browser, locale);
  await page.setViewportSize(size);
  const grant = await (
    await page.request.post('/api/v1/join', { data: { code: r.code, display_name: 'Projector', as: 'viewer' } })
  ).json();
  await page.goto(`/e/${r.expedition}/project/${r.canvas}#token=${encodeURIComponent(grant.token)}&code=${r.code}`);
  await expect(page.locator('.projector .canvas-viewport')).toBeVisible();
  return page;
}

async function openPanel(page: Page) {
  const button = page.getByRole('button', { name: 'Facilitate' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('region', { name: 'Facilitate' });
}

/** Records, in the page, when `.canvas-world` moves (epoch ms, one clock for all pages). */
async function watchWorld(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { moves: number[] };
    w.moves = [];
    const world = document.querySelector('.canvas-world')!;
    new MutationObserver(() => w.moves.push(performance.timeOrigin + performance.now())).observe(world, {
      attributes: true,
      attributeFilter: ['style'],
    });
  });
}

const moves = (page: Page) => page.evaluate(() => (window as unknown as { moves: number[] }).moves.slice());

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

test('the projector follows the facilitator and every page shows the same timer', async ({ browser }) => {
  const r = await room(browser, 'Wall lab');
  const wall = await projector(browser, r, { width: 1920, height: 1080 });
  await expect(wall.getByText(r.code)).toBeVisible();
  await expect(wall.getByRole('img', { name: 'QR code of the invite link' })).toBeVisible();
  await expect(wall.getByText('Waiting for the facilitator to present…')).toBeVisible();

  // A few stickies to read on the wall.
  for (const text of ['Every park a classroom', 'Mentors from the port', 'Libraries open at night']) {
    await r.facilitator.getByRole('button', { name: 'Add sticky' }).click();
    const editor = r.facilitator.getByLabel('Sticky text');
    await editor.fill(text);
    await editor.press('Enter');
    await expect(wall.locator('.sticky', { hasText: text })).toBeVisible();
  }

  // The facilitator presents; the wall starts following.
  const panel = await openPanel(r.facilitator);
  await panel.getByRole('button', { name: 'Present my view' }).click();
  await expect(panel.getByRole('button', { name: 'Stop presenting' })).toHaveAttribute('aria-pressed', 'true');
  await r.facilitator.locator('#canvas-viewport').focus();
  await r.facilitator.keyboard.press('ArrowLeft');
  await expect(wall.getByText('Waiting for the facilitator to present…')).toHaveCount(0);

  // Follow latency: each pan of the facilitator until the wall moves.
  await watchWorld(r.facilitator);
  await watchWorld(wall);
  const latencies: number[] = [];
  for (let i = 0; i < 20; i++) {
    const [fBefore, wBefore] = [(await moves(r.facilitator)).length, (await moves(wall)).length];
    await r.facilitator.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowUp');
    await expect.poll(async () => (await moves(wall)).length).toBeGreaterThan(wBefore);
    const f = (await moves(r.facilitator))[fBefore];
    const w = (await moves(wall))[wBefore];
    latencies.push(w - f);
    await r.facilitator.waitForTimeout(120);
  }
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  console.log(`follow latency (facilitator pan → projector moved), ms: p50 ${p50.toFixed(1)}, p95 ${p95.toFixed(1)}, n ${latencies.length}`);
  expect(latencies.every((l) => l >= 0)).toBe(true);

  // The same area on the wall, larger: its centre is the facilitator's.
  const centre = (page: Page) =>
    page.evaluate(() => {
      const vp = document.querySelector('.canvas-viewport')!.getBoundingClientRect();
      const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(
        (document.querySelector('.canvas-world') as HTMLElement).style.transform,
      )!;
      const [x, y, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return { x: (vp.width / 2 - x) / s, y: (vp.height / 2 - y) / s, s };
    });
  await r.facilitator.waitForTimeout(300);
  const [fc, wc] = [await centre(r.facilitator), await centre(wall)];
  expect(Math.abs(fc.x - wc.x)).toBeLessThan(2);
  expect(Math.abs(fc.y - wc.y)).toBeLessThan(2);
  expect(wc.s).toBeGreaterThan(fc.s);

  // A participant may follow too, sees whom, and stops.
  await r.participant.getByRole('button', { name: 'Follow \u2068Yael\u2069' }).click();
  await expect(r.participant.getByText('Following Yael')).toBeVisible();
  await r.participant.getByRole('button', { name: 'Stop following' }).click();
  await expect(r.participant.getByRole('button', { name: 'Follow \u2068Yael\u2069' })).toBeVisible();

  // The timer: started by the facilitator, the same deadline on every page.
  await panel.getByLabel('Minutes').fill('5');
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  const pages = [r.facilitator, r.participant, wall];
  const ends: number[] = [];
  for (const p of pages) {
    const t = p.locator('.facil-timer[data-ends-local]');
    await expect(t).toBeVisible();
    ends.push(Number(await t.getAttribute('data-ends-local')));
  }
  const spread = Math.max(...ends) - Math.min(...ends);
  console.log(`timer spread across 3 pages (when each reaches zero, on one clock), ms: ${spread}`);
  expect(spread).toBeLessThan(250);
  const shown = await Promise.all(pages.map((p) => p.locator('.facil-clock').textContent()));
  expect(new Set(shown.map((s) => s!.slice(0, 3))).size).toBe(1);
  await expect(wall.getByRole('timer')).toHaveAccessibleName(/^Timer: [45]:\d\d left$/);

  // Pause holds everywhere; a late joiner gets the timer as it is.
  await panel.getByRole('button', { name: 'Pause' }).click();
  await expect(r.participant.getByText('Paused')).toBeVisible();
  const late = await projector(browser, r, { width: 1280, height: 720 });
  await expect(late.getByText('Paused')).toBeVisible();
  await expect(late.locator('.facil-clock')).toHaveText(await r.facilitator.locator('.facil-clock').textContent() ?? '');
  // Back to a readable section of the canvas, then the wall as the room sees it.
  await r.facilitator.locator('#canvas-viewport').focus();
  await r.facilitator.locator('#section-jump').selectOption('0');
  await r.facilitator.waitForTimeout(500);
  await wall.screenshot({ path: `${SHOTS}/projector-1920-en.png` });
  await late.screenshot({ path: `${SHOTS}/projector-1280-en.png` });
});

test('hands and done: counts for everyone, names for the facilitator', async ({ browser }) => {
  const r = await room(browser, 'Hands lab');
  await r.participant.getByRole('button', { name: 'Raise hand' }).click();
  await expect(r.participant.getByRole('button', { name: 'Lower hand' })).toHaveAttribute('aria-pressed', 'true');
  await r.participant.getByRole('button', { name: "I'm done" }).click();
  const panel = await openPanel(r.facilitator);
  await expect(panel.getByRole('heading', { name: 'Hands up: 1' })).toBeVisible();
  await expect(panel.locator('.facil-who').first()).toContainText('Dana');
  await expect(panel.getByRole('heading', { name: 'Done: 1' })).toBeVisible();
  await panel.getByRole('button', { name: 'Clear hands and done' }).click();
  await expect(panel.getByRole('heading', { name: 'Hands up: 0' })).toBeVisible();
  await expect(r.participant.getByRole('button', { name: 'Raise hand' })).toBeVisible();
});

test('the facilitator moves the expedition on a stage from the panel, and every page hears it', async ({ browser }) => {
  const r = await room(browser, 'Stage lab');
  // The participant's home in a second tab (same device, same session).
  const home = await r.participant.context().newPage();
  await home.goto(`/e/${r.expedition}`);
  await expect(home.locator('.stage[aria-current="step"]')).toContainText('Getting to know each other');

  const panel = await openPanel(r.facilitator);
  await expect(panel.getByText('Stage 1: Getting to know each other (current stage)')).toBeVisible();
  await panel.getByRole('button', { name: 'Move on to stage 2: Shared learning expedition' }).click();
  await expect(panel.getByText('Stage 2: Shared learning expedition (current stage)')).toBeVisible();
  await expect(r.facilitator.locator('[aria-live]').filter({ hasText: 'moved to stage 2' })).toHaveCount(1);
  await expect(home.locator('.stage[aria-current="step"]')).toContainText('Shared learning expedition');
  // Participants have no such control.
  await expect(r.participant.getByRole('button', { name: /Move on to stage/ })).toHaveCount(0);
});

test('a locked canvas refuses a participant edit with a clear message, and keeps the text', async ({ browser }) => {
  const r = await room(browser, 'Lock lab');
  const panel = await openPanel(r.facilitator);
  await panel.getByRole('button', { name: 'Lock canvas' }).click();
  await expect(panel.getByRole('button', { name: 'Unlock canvas' })).toHaveAttribute('aria-pressed', 'true');
  await expect(r.participant.getByText('Locked by the facilitator: you can read, not edit.')).toBeVisible();

  await r.participant.getByRole('button', { name: 'Add sticky' }).click();
  const editor = r.participant.getByLabel('Sticky text');
  // The whole text goes in one op (typed at once), which the server refuses.
  await editor.fill('An idea typed while locked');
  const drafts = r.participant.getByRole('region', { name: 'Drafts' });
  await expect(drafts).toContainText('An idea typed while locked');
  await expect(r.facilitator.locator('.sticky', { hasText: 'An idea typed while locked' })).toHaveCount(0);
  await r.participant.screenshot({ path: `${SHOTS}/locked-participant.png` });

  // The facilitator still writes; unlocked, the participant writes again.
  await panel.getByRole('button', { name: 'Unlock canvas' }).click();
  await expect(r.participant.getByText('Locked by the facilitator: you can read, not edit.')).toHaveCount(0);
});

test('projector and controls are accessible in English and Hebrew, on a phone too', async ({ browser }) => {
  const r = await room(browser, 'Access lab', 'he');
  for (const [locale, lang] of [['en-US', 'en'], ['he-IL', 'he']] as const) {
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
      const wall = await projector(browser, r, size, locale);
      await expect(wall.locator('html')).toHaveAttribute('lang', lang);
      await expectAccessible(wall, `projector ${lang} ${size.width}`);
      // The join code is large enough to read from the back of the room.
      const px = await wall.locator('.projector-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(px).toBeGreaterThanOrEqual(28);
      await wall.screenshot({ path: `${SHOTS}/projector-${size.width}-${lang}-idle.png` });
      await wall.context().close();
    }
  }
  // The participant's strip in Hebrew, and the facilitator's controls on a phone.
  await expectAccessible(r.participant, 'participant strip, Hebrew');
  await r.facilitator.setViewportSize({ width: 390, height: 844 });
  const panel = await openPanel(r.facilitator);
  await expect(panel).toBeVisible();
  await expectAccessible(r.facilitator, 'facilitator controls on a phone');
  const small = await panel.locator('button, input').evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => e.getBoundingClientRect())
      .filter((b) => b.height < 44 || b.width < 44).length,
  );
  expect(small).toBe(0);
  const scrolls = await r.facilitator.evaluate(() => document.documentElement.scrollWidth > innerWidth);
  expect(scrolls).toBe(false);
  await r.facilitator.screenshot({ path: `${SHOTS}/controls-phone-en.png` });
});
