// Boards benchmark for `cargo xtask bench` (measurements only: nothing here passes or fails
// on a number). Seeds a board with 2,000 cards in 8 columns through the API (the import
// endpoint, 100 cards a request), then in one 1280×800 headless Chromium page:
//   1. first render: from navigation until every column shows its first cards (the board
//      renders the start of each column and more as the page scrolls; a build that renders
//      every card at once is measured until all of them are in), and the next frame;
//   2. drag frames: a card dragged by its handle across the columns while a
//      requestAnimationFrame loop records frame intervals;
//   3. filter: from typing a search word until the DOM shows only the matching cards.
// Each phase also reports where the page's main thread spent its time (Chromium's
// Performance.getMetrics over the phase: script, style, layout), the profile that says
// what to fix.
// Usage: HEVRUTA_URL=http://127.0.0.1:PORT node tests/bench/boards-bench.mjs [--cards 2000]
// Progress goes to stderr; the last line on stdout is one JSON object with the samples.
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright';

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
const COLUMNS = 8;
const PER_REQUEST = 100;
const MOVES = 60;

const base = process.env.HEVRUTA_URL;
if (!base) throw new Error('HEVRUTA_URL is not set');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CARDS = arg('cards', 2000);

async function api(method, path, token, body) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/** n keys of one width, in order (as the model's `spread_keys`). */
function keys(n) {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let width = 1;
  while (62 ** width < 2 * (n + 1)) width++;
  const space = 62 ** width;
  return Array.from({ length: n }, (_, i) => {
    let v = Math.floor(((i + 1) * space) / (n + 1));
    if (v % 62 === 0) v += 1;
    let s = '';
    for (let k = 0; k < width; k++) {
      s = digits[v % 62] + s;
      v = Math.floor(v / 62);
    }
    return s;
  });
}

const THEMES = ['makerspaces', 'libraries', 'school networks', 'personal education', 'public space'];

async function seed() {
  const grant = await api('POST', '/expeditions', null, {
    title: 'Boards bench',
    city: 'Espoo',
    challenge: 'How fast is a board of 2,000 cards?',
    display_name: 'Bench',
    sector: 'public',
  });
  const id = grant.expedition_id;
  const columns = keys(COLUMNS).map((key, i) => ({ id: randomUUID(), title: `Column ${i + 1}`, key }));
  const board = await api('POST', `/expeditions/${id}/boards`, grant.token, {
    id: randomUUID(),
    title: 'Bench board',
    columns,
  });
  const perColumn = Math.ceil(CARDS / COLUMNS);
  const cardKeys = keys(perColumn);
  const cards = Array.from({ length: CARDS }, (_, i) => ({
    id: randomUUID(),
    column_id: columns[i % COLUMNS].id,
    key: cardKeys[Math.floor(i / COLUMNS)],
    title: `Innovation ${i + 1}${i % 97 === 0 ? ' needle' : ''}`,
    summary: 'A programme from somewhere else that the lab might adapt for its own city.',
    origin_country: ['Finland', 'Israel', 'Spain', 'Italy'][i % 4],
    source: ['hundred', 'iaec', 'member', 'other'][i % 4],
    themes: [THEMES[i % THEMES.length]],
  }));
  for (let i = 0; i < cards.length; i += PER_REQUEST) {
    await api('POST', `/expeditions/${id}/boards/${board.id}/import`, grant.token, {
      cards: cards.slice(i, i + PER_REQUEST),
    });
  }
  return { grant, board, needles: cards.filter((c) => c.title.endsWith('needle')).length };
}

function pageInit() {
  window.__startFrames = () => {
    const stamps = [];
    window.__frames = stamps;
    const loop = (t) => {
      if (window.__frames !== stamps) return;
      stamps.push(t);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
  window.__stopFrames = () => {
    const stamps = window.__frames ?? [];
    window.__frames = null;
    return stamps.slice(1).map((t, i) => Math.round((t - stamps[i]) * 10) / 10);
  };
}

async function main() {
  console.error(`seeding ${CARDS} cards in ${COLUMNS} columns…`);
  const { grant, board, needles } = await seed();
  const browser = await chromium.launch(LAUNCH);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const book = JSON.stringify({
    sessions: [{ expedition_id: grant.expedition_id, token: grant.token, member: grant.member, title: 'Boards bench' }],
  });
  await context.addInitScript(({ book }) => localStorage.setItem('hevruta.sessions.v1', book), { book });
  await context.addInitScript(pageInit);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics: m } = await cdp.send('Performance.getMetrics');
    const get = (n) => m.find((x) => x.name === n)?.value ?? 0;
    return { script: get('ScriptDuration'), style: get('RecalcStyleDuration'), layout: get('LayoutDuration'), task: get('TaskDuration') };
  };
  const profile = {};
  const phase = async (name, before) => {
    const after = await metrics();
    profile[name] = Object.fromEntries(Object.keys(after).map((k) => [k, Math.round((after[k] - before[k]) * 1000)]));
  };
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  console.error('first render…');
  const m0 = await metrics();
  const started = Date.now();
  await page.goto(`${base}/e/${grant.expedition_id}/board/${board.id}`);
  // Every column there with its first cards: all of them with a "Show more" after them,
  // or, without one, every card of the column.
  await page.waitForFunction(
    ({ columns, cards }) => {
      const cols = [...document.querySelectorAll('.board-column')];
      if (cols.length !== columns) return false;
      const shown = document.querySelectorAll('.board-card').length;
      return shown >= cards || (document.querySelectorAll('.show-more').length === columns && cols.every((c) => c.querySelector('.board-card')));
    },
    { columns: COLUMNS, cards: CARDS },
    { timeout: 120_000, polling: 20 },
  );
  const rendered = Date.now() - started;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const renderedFrame = Date.now() - started;
  const renderedCards = await page.evaluate(() => document.querySelectorAll('.board-card').length);
  await phase('render', m0);

  console.error('drag frames…');
  await page.waitForTimeout(500);
  const handle = page.locator('.drag-handle').first();
  await handle.scrollIntoViewIfNeeded();
  const from = await handle.boundingBox();
  const m1 = await metrics();
  await page.evaluate(() => window.__startFrames());
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= MOVES; i++) {
    await page.mouse.move(from.x + 10 + i * 12, from.y + 20 + (i % 10) * 8);
  }
  const intervals = await page.evaluate(() => window.__stopFrames());
  await phase('drag', m1);
  await page.keyboard.press('Escape');
  await page.mouse.up();

  console.error('filter…');
  await page.waitForTimeout(1000);
  await page.locator('#board-search').focus();
  const m2 = await metrics();
  const filterMs = await page.evaluate(async (want) => {
    const input = document.getElementById('board-search');
    const t0 = performance.now();
    input.value = 'needle';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => {
      const check = () => {
        if (document.querySelectorAll('.board-card').length === want) resolve();
        else requestAnimationFrame(check);
      };
      check();
    });
    return Math.round((performance.now() - t0) * 10) / 10;
  }, needles);
  await phase('filter', m2);
  await browser.close();
  const sorted = [...intervals].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  console.error(
    `first render ${rendered} ms (next frame ${renderedFrame} ms); drag frames p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${sorted.at(-1)} ms over ${intervals.length}; filter ${filterMs} ms; errors ${errors.length}; ${renderedCards} cards rendered first; main thread (ms) ${JSON.stringify(profile)}`,
  );
  console.log(
    JSON.stringify({ boards_bench: 1, cards: CARDS, columns: COLUMNS, render_ms: rendered, render_frame_ms: renderedFrame, rendered_cards: renderedCards, profile, drag_intervals_ms: intervals, filter_ms: filterMs, page_errors: errors }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
