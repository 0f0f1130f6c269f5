import { type Browser, type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

const SHOTS = process.env.FACIL_SHOTS ?? '/tmp/pointer-shots';

/** A facilitator and two participants with one canvas open, all at `size`. */
async function room(browser: Browser, lab: string, size = { width: 1280, height: 800 }) {
  const facilitator = await newPage(browser);
  await facilitator.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(facilitator, lab);
  await facilitator.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await facilitator.getByLabel('Canvas title').fill(`${lab} canvas`);
  await facilitator.getByRole('button', { name: 'Create canvas' }).click();
  await expect(facilitator.getByText('All changes saved')).toBeVisible();
  const [, , expedition, , canvas] = new URL(facilitator.url()).pathname.split('/');
  const members: Page[] = [];
  for (const name of ['Dana', 'Omer']) {
    const page = await newPage(browser);
    await page.setViewportSize(size);
    await join(page, code, name);
    await expect(page.getByRole('heading', { level: 1, name: lab })).toBeVisible();
    await page.goto(`/e/${expedition}/canvas/${canvas}`);
    await expect(page.locator('.canvas-viewport')).toBeVisible();
    members.push(page);
  }
  return { facilitator, dana: members[0], omer: members[1], code, expedition, canvas };
}

/** A projector on a viewer session of its own, as "Open the projector" makes it. */
async function projector(browser: Browser, r: { code: string; expedition: string; canvas: string }, locale = 'en-US') {
  const page = await newPage(browser, locale);
  await page.setViewportSize({ width: 1920, height: 1080 });
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

/** A point inside the canvas surface, as a fraction of it. */
async function at(page: Page, fx: number, fy: number) {
  const box = (await page.locator('#canvas-viewport').boundingBox())!;
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** The world's transform: screen = canvas × s + (x, y). */
const world = (page: Page) =>
  page.evaluate(() => {
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(
      (document.querySelector('.canvas-world') as HTMLElement).style.transform,
    )!;
    const vp = document.querySelector('#canvas-viewport')!.getBoundingClientRect();
    return { x: Number(m[1]), y: Number(m[2]), s: Number(m[3]), left: vp.left, top: vp.top };
  });

/** Where an element of the overlay is drawn, in the surface's pixels. */
const drawnAt = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec((document.querySelector(sel) as HTMLElement).style.transform)!;
    return { x: Number(m[1]), y: Number(m[2]) };
  }, selector);

/** Counts the pointer requests a page sends, by method. */
function watchPointerRequests(page: Page) {
  const sent = { PUT: 0, DELETE: 0 };
  page.on('request', (req) => {
    if (req.url().includes('/pointer')) sent[req.method() as 'PUT' | 'DELETE'] += 1;
  });
  return sent;
}

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

test('two participants see each other\'s cursors by name, and switching off hides them and stops sending', async ({ browser }) => {
  test.setTimeout(150_000);
  const r = await room(browser, 'Cursor lab');
  const danaSent = watchPointerRequests(r.dana);

  // Omer's cursor on Dana's screen, with his name.
  const p = await at(r.omer, 0.4, 0.5);
  await r.omer.mouse.move(p.x, p.y);
  const omerOnDana = r.dana.locator('.cursor', { hasText: 'Omer' });
  await expect(omerOnDana).toBeVisible();
  await expect(r.dana.locator('.cursor')).toHaveCount(1);
  // Dana's on Omer's, as she moves.
  const q = await at(r.dana, 0.6, 0.4);
  await r.dana.mouse.move(q.x, q.y);
  await expect(r.omer.locator('.cursor', { hasText: 'Dana' })).toBeVisible();
  expect(danaSent.PUT).toBeGreaterThan(0);

  // In canvas units: where Omer points is where Dana draws it, though she zoomed in.
  await r.dana.locator('#canvas-viewport').focus();
  await r.dana.keyboard.press('+');
  await r.dana.waitForTimeout(200);
  const p2 = await at(r.omer, 0.3, 0.3);
  await r.omer.mouse.move(p2.x, p2.y);
  const ow = await world(r.omer);
  const canvasPoint = { x: (p2.x - ow.left - ow.x) / ow.s, y: (p2.y - ow.top - ow.y) / ow.s };
  const dw = await world(r.dana);
  await expect
    .poll(async () => {
      const d = await drawnAt(r.dana, '.cursor');
      return Math.hypot(d.x - (canvasPoint.x * dw.s + dw.x), d.y - (canvasPoint.y * dw.s + dw.y));
    })
    .toBeLessThan(1.5);
  expect(dw.s).not.toBeCloseTo(ow.s, 2);

  // Latency: Omer's pointer move → Dana's page drew it (one clock for all pages).
  await r.omer.evaluate(() => {
    const w = window as unknown as { moved: number[] };
    w.moved = [];
    document.getElementById('canvas-viewport')!.addEventListener('pointermove', () => w.moved.push(performance.timeOrigin + performance.now()), { capture: true });
  });
  await r.dana.evaluate(() => {
    const w = window as unknown as { drawn: number[] };
    w.drawn = [];
    new MutationObserver(() => requestAnimationFrame(() => w.drawn.push(performance.timeOrigin + performance.now()))).observe(
      document.querySelector('.canvas-pointers')!,
      { attributes: true, attributeFilter: ['style'], subtree: true },
    );
  });
  const latencies: number[] = [];
  for (let i = 0; i < 30; i++) {
    const count = (page: Page, key: string) => page.evaluate((k) => (window as unknown as Record<string, number[]>)[k].length, key);
    const [before, drawnBefore] = [await count(r.omer, 'moved'), await count(r.dana, 'drawn')];
    const m = await at(r.omer, 0.2 + (i % 10) * 0.05, 0.3 + (i % 3) * 0.1);
    await r.omer.mouse.move(m.x, m.y);
    await expect.poll(() => count(r.dana, 'drawn')).toBeGreaterThan(drawnBefore);
    const sent = await r.omer.evaluate((n) => (window as unknown as { moved: number[] }).moved[n], before);
    const drawn = await r.dana.evaluate((n) => (window as unknown as { drawn: number[] }).drawn[n], drawnBefore);
    latencies.push(drawn - sent);
    await r.omer.waitForTimeout(100);
  }
  console.log(
    `cursor latency (sender pointermove → other page drawn), ms: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, n ${latencies.length}`,
  );
  expect(latencies.every((l) => l >= 0)).toBe(true);

  await r.dana.setViewportSize({ width: 1280, height: 800 });
  await r.dana.screenshot({ path: `${SHOTS}/cursors-1280.png` });

  // Dana switches cursors off: Omer's disappears, hers is hidden and no longer sent.
  const toggle = r.dana.getByRole('button', { name: 'Show cursors' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(r.dana.locator('.cursor')).toHaveCount(0);
  await expect(r.omer.locator('.cursor', { hasText: 'Dana' })).toHaveCount(0);
  await expect.poll(() => danaSent.DELETE).toBe(1);
  const putsBefore = danaSent.PUT;
  for (let i = 0; i < 10; i++) {
    const m = await at(r.dana, 0.3 + i * 0.03, 0.5);
    await r.dana.mouse.move(m.x, m.y);
    await r.dana.waitForTimeout(40);
  }
  const m = await at(r.omer, 0.5, 0.5);
  await r.omer.mouse.move(m.x, m.y);
  await r.dana.waitForTimeout(500);
  expect(danaSent.PUT, 'nothing sent while off').toBe(putsBefore);
  await expect(r.dana.locator('.cursor')).toHaveCount(0);

  // The choice is kept on this device.
  await r.dana.reload();
  await expect(r.dana.getByRole('button', { name: 'Show cursors' })).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  const again = await at(r.omer, 0.45, 0.55);
  await r.omer.mouse.move(again.x, again.y);
  await expect(r.dana.locator('.cursor', { hasText: 'Omer' })).toBeVisible();
  await expectAccessible(r.dana, 'a canvas with cursors');

  // On a phone: the toggle fits, the names stay readable.
  const phone = await newPage(browser);
  await phone.setViewportSize({ width: 390, height: 844 });
  await join(phone, r.code, 'Noa');
  await expect(phone.getByRole('heading', { level: 1, name: 'Cursor lab' })).toBeVisible();
  await phone.goto(`/e/${r.expedition}/canvas/${r.canvas}`);
  await phone.getByRole('button', { name: 'Board', exact: true }).click();
  await expect(phone.locator('#canvas-viewport')).toBeVisible();
  const toggleBox = (await phone.getByRole('button', { name: 'Show cursors' }).boundingBox())!;
  expect(toggleBox.height).toBeGreaterThanOrEqual(44);
  const o = await at(r.omer, 0.5, 0.45);
  await r.omer.mouse.move(o.x, o.y);
  await r.omer.mouse.move(o.x + 5, o.y + 5);
  await expect(phone.locator('.cursor', { hasText: 'Omer' })).toBeAttached();
  await phone.screenshot({ path: `${SHOTS}/cursors-phone.png` });
});

test('the projector shows the facilitator\'s laser and the spotlit section; only the facilitator has the laser', async ({ browser }) => {
  test.setTimeout(150_000);
  const r = await room(browser, 'Laser lab');
  const wall = await projector(browser, r);
  const panel = await openPanel(r.facilitator);
  await panel.getByRole('button', { name: 'Present my view' }).click();
  await expect(r.dana.getByRole('button', { name: 'Laser pointer' })).toHaveCount(0);
  const laser = panel.getByRole('button', { name: 'Laser pointer' });
  await laser.click();
  await expect(laser).toHaveAttribute('aria-pressed', 'true');

  // The dot moves with the facilitator's pointer, with a trail behind it.
  const dot = wall.locator('.laser-dot');
  const places: { x: number; y: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const m = await at(r.facilitator, 0.2 + i * 0.05, 0.6);
    await r.facilitator.mouse.move(m.x, m.y);
    await expect(dot).toBeVisible();
    await r.facilitator.waitForTimeout(90);
    places.push(await drawnAt(wall, '.laser-dot'));
  }
  expect(places.at(-1)!.x).toBeGreaterThan(places[0].x + 50);
  await expect(wall.locator('.laser-trail').first()).toBeAttached();
  // Dana does not follow: no laser on her screen; Omer follows and sees it.
  await expect(r.dana.locator('.laser-dot')).toHaveCount(0);
  await r.omer.getByRole('button', { name: /^Follow / }).click();
  const last = await at(r.facilitator, 0.4, 0.5);
  await r.facilitator.mouse.move(last.x, last.y);
  await expect(r.omer.locator('.laser-dot')).toBeVisible();
  // Reduced motion: the dot, no trail.
  await wall.emulateMedia({ reducedMotion: 'reduce' });
  const next = await at(r.facilitator, 0.35, 0.55);
  await r.facilitator.mouse.move(next.x, next.y);
  await r.facilitator.mouse.move(next.x + 20, next.y);
  await expect(wall.locator('.laser-trail').first()).toBeHidden();
  await expect(dot).toBeVisible();
  await wall.emulateMedia({ reducedMotion: 'no-preference' });

  // Spotlight a section: the wall dims the rest and says so.
  await panel.getByLabel('Section').selectOption({ index: 1 });
  const sectionName = (await panel.getByLabel('Section').locator('option:checked').textContent())!.trim();
  await panel.getByRole('button', { name: 'Spotlight this section' }).click();
  const mask = wall.locator('.spotlight-mask');
  await expect(mask).toBeVisible();
  await expect(mask).toContainText(`Spotlight on: ${sectionName}`);
  await expect(wall.getByRole('status').filter({ hasText: `Spotlight on: ${sectionName}` })).toBeAttached();
  // On the section itself, wherever the wall's view put it.
  await wall.waitForTimeout(400);
  const [maskBox, sectionBox] = [
    (await mask.boundingBox())!,
    (await wall.locator('.canvas-section', { hasText: sectionName }).first().boundingBox())!,
  ];
  expect(Math.abs(maskBox.x - sectionBox.x)).toBeLessThan(2);
  expect(Math.abs(maskBox.width - sectionBox.width)).toBeLessThan(2);
  const dimmed = await mask.evaluate((el) => getComputedStyle(el).boxShadow);
  expect(dimmed).toMatch(/rgba\(0, 0, 0, 0\.62\)/);
  await expect(r.omer.locator('.spotlight-mask')).toBeVisible();
  await expect(r.dana.locator('.spotlight-mask'), 'not following: not moved').toHaveCount(0);
  const laserOn = await at(r.facilitator, 0.3, 0.5);
  await r.facilitator.mouse.move(laserOn.x, laserOn.y);
  await r.facilitator.mouse.move(laserOn.x + 10, laserOn.y + 6);
  await expect(dot).toBeVisible();
  await wall.screenshot({ path: `${SHOTS}/projector-laser-spotlight-1920.png` });
  await expectAccessible(wall, 'the projector with laser and spotlight');
  await expectAccessible(r.facilitator, 'the facilitator panel with the spotlight controls');
  await r.facilitator.screenshot({ path: `${SHOTS}/facilitator-panel-1280.png` });

  // The same wall in Hebrew.
  const hebrew = await projector(browser, r, 'he-IL');
  await expect(hebrew.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(hebrew.locator('.spotlight-mask')).toBeVisible();
  await hebrew.waitForTimeout(300);
  await expectAccessible(hebrew, 'the projector in Hebrew');
  await hebrew.screenshot({ path: `${SHOTS}/projector-spotlight-he-1920.png` });

  // Cleared: the mask goes, and that is said too.
  await panel.getByRole('button', { name: 'Clear spotlight' }).click();
  await expect(mask).toHaveCount(0);
  await expect(wall.getByRole('status').filter({ hasText: 'Spotlight cleared' })).toBeAttached();

  // Laser off: the facilitator's pointer is a cursor again, which the wall does not show.
  await laser.click();
  await expect(laser).toHaveAttribute('aria-pressed', 'false');
  const c = await at(r.facilitator, 0.35, 0.35);
  await r.facilitator.mouse.move(c.x, c.y);
  await expect(r.dana.locator('.cursor', { hasText: 'Yael' })).toBeVisible();
  await expect(wall.locator('.cursor')).toHaveCount(0);
  await expect(dot).toHaveCount(0);

  // Facilitator's panel on a phone, in Hebrew.
  const phone = await newPage(browser, 'he-IL');
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto('/');
  await phone.evaluate(() => localStorage.clear());
  await r.facilitator.context().storageState().then(async (state) => {
    const origin = state.origins[0];
    await phone.evaluate((items) => {
      for (const { name, value } of items) if (name !== 'hevruta.lang') localStorage.setItem(name, value);
    }, origin?.localStorage ?? []);
  });
  await phone.goto(`/e/${r.expedition}/canvas/${r.canvas}`);
  await phone.getByRole('button', { name: 'הנחיה' }).click();
  const phonePanel = phone.getByRole('region', { name: 'הנחיה' });
  await expect(phonePanel.getByRole('button', { name: 'זרקור על האזור' })).toBeVisible();
  await expectAccessible(phone, 'the facilitator panel on a phone, in Hebrew');
  await phone.screenshot({ path: `${SHOTS}/facilitator-panel-phone-he.png`, fullPage: false });
});
