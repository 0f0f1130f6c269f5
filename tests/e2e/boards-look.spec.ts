import { type Browser, type APIRequestContext } from '@playwright/test';
import { expect, test } from './helpers';
import { randomUUID } from 'node:crypto';

/** Where screenshots go when SHOTS is set (to look at them), else nowhere. */
const SHOTS = process.env.SHOTS;

const CARDS = [
  ['Bat Yam\u2019s programme for personal education', 'Bat Yam', 'Israel', 'member', ['personal education']],
  ['Netanya\u2019s network of schools with their own uniqueness', 'Netanya', 'Israel', 'member', ['school networks']],
  ['Makerspaces at the Espoo city libraries', 'Espoo', 'Finland', 'iaec', ['makerspaces', 'libraries']],
  ['תוכנית בת ים לחינוך אישי', 'בת ים', 'ישראל', 'member', ['חינוך אישי']],
  ['The city of children (La città dei bambini)', 'Fano', 'Italy', 'other', ['public space']],
] as const;

/** An expedition with a board of a few cards, made over the API; returns how to open it. */
async function seed(request: APIRequestContext) {
  const grant = await (
    await request.post('/api/v1/expeditions', {
      data: { title: 'Look lab', city: 'Bat Yam', challenge: 'How does the board read?', display_name: 'Yael', sector: 'public' },
    })
  ).json();
  const auth = { Authorization: `Bearer ${grant.token}` };
  const columns = ['Discovered', 'Exploring', 'Adapting for our city', 'Piloting'].map((title, i) => ({
    id: randomUUID(),
    title,
    key: 'FVks'[i],
  }));
  const board = await (
    await request.post(`/api/v1/expeditions/${grant.expedition_id}/boards`, {
      headers: auth,
      data: { id: randomUUID(), title: 'Global innovations for Bat Yam', columns },
    })
  ).json();
  const cards = CARDS.map(([title, city, country, source, themes], i) => ({
    id: randomUUID(),
    column_id: columns[i % 4].id,
    key: `V${i + 1}`,
    title,
    summary: 'Teachers trained in a humanistic approach to personal and social skills, in almost every classroom of the city.',
    origin_city: city,
    origin_country: country,
    source,
    themes,
    sectors: ['public'],
  }));
  const res = await request.post(`/api/v1/expeditions/${grant.expedition_id}/boards/${board.id}/import`, {
    headers: auth,
    data: { cards },
  });
  expect(res.status()).toBe(200);
  return { grant, path: `/e/${grant.expedition_id}/board/${board.id}` };
}

async function open(browser: Browser, seeded: Awaited<ReturnType<typeof seed>>, lang: string, width: number, height: number) {
  const context = await browser.newContext({ viewport: { width, height }, isMobile: width < 500, hasTouch: width < 500 });
  const book = JSON.stringify({
    sessions: [{ expedition_id: seeded.grant.expedition_id, token: seeded.grant.token, member: seeded.grant.member, title: 'Look lab' }],
  });
  await context.addInitScript(
    ({ book, lang }) => {
      localStorage.setItem('hevruta.sessions.v1', book);
      localStorage.setItem('hevruta.lang', lang);
    },
    { book, lang },
  );
  const page = await context.newPage();
  await page.goto(seeded.path);
  await expect(page.locator('.board-card')).toHaveCount(CARDS.length);
  return page;
}

for (const lang of ['en', 'he']) {
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
    [1920, 1080],
    [360, 740],
  ]) {
    test(`the board reads at ${width}×${height} in ${lang}`, async ({ browser, request }) => {
      const seeded = await seed(request);
      const page = await open(browser, seeded, lang, width, height);
      await expect(page.locator('html')).toHaveAttribute('dir', lang === 'he' ? 'rtl' : 'ltr');
      // Readable: every card's text is at least 14 px.
      const smallest = await page.evaluate(() =>
        Math.min(
          ...[...document.querySelectorAll('.board-card *')]
            .filter((e) => e.childNodes.length && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()))
            .map((e) => parseFloat(getComputedStyle(e).fontSize)),
        ),
      );
      expect(smallest).toBeGreaterThanOrEqual(14);
      // No sideways scrolling of the page (the columns scroll in their own box).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      if (width < 500) {
        // Phone targets: every button, link, select and input of the board at least 44 px high.
        const small = await page.evaluate(() =>
          [...document.querySelectorAll('main button, main a, main select, main input, main summary')]
            // Links inside a sentence are exempt (WCAG 2.5.8); every other control counts.
            // Controls in a closed <details> are not shown (Chromium keeps their boxes).
            .filter((e) => (e as HTMLElement).checkVisibility() && !e.closest('.card-provenance, .comment-text'))
            .map((e) => ({ what: (e as HTMLElement).innerText || e.getAttribute('aria-label') || e.tagName, r: e.getBoundingClientRect() }))
            .filter(({ r }) => r.height < 44 || r.width < 44)
            .map(({ what, r }) => `${what} ${Math.round(r.width)}×${Math.round(r.height)}`),
        );
        expect(small).toEqual([]);
      }
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/board-${lang}-${width}.png`, fullPage: width < 500 });
    });
  }
}
