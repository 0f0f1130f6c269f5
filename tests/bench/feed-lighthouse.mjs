// Lighthouse on the expedition home (the feed, the first thing a member sees on a phone) for
// `cargo xtask bench`: measurements only, nothing passes or fails on a number. Lighthouse's
// mobile profile (a mid-range phone, simulated slow 4G) in Debian's Chromium, driven through
// puppeteer-core (Lighthouse's own dependency):
//   cold: a first visit with empty storage and cache, through the session link the demo's
//         facilitator gets (`/session#token=…`), which opens the expedition home;
//   warm: the home again, with the service worker, cache and session the cold visit left.
// Each reports the performance score, LCP, TBT, CLS, the bytes transferred and the wasm
// bytes that came over the network (DESIGN and issue 13: LCP ≤ 2.5 s, stretch 1.8 s,
// CLS ≤ 0.1, warm 0 wasm bytes).
// Usage: HEVRUTA_URL=http://127.0.0.1:PORT node tests/bench/feed-lighthouse.mjs
// Progress goes to stderr; the last line on stdout is one JSON object.
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const base = process.env.HEVRUTA_URL;
if (!base) throw new Error('HEVRUTA_URL is not set');

async function api(path, body, token) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

// An expedition with a little history, as a member would find it.
const grant = await api('/expeditions', {
  title: 'Hadera learning lab',
  city: 'Hadera',
  challenge: 'How can the whole city become one big school?',
  display_name: 'Yael',
  sector: 'public',
});
const id = grant.expedition_id;
const canvas = await api(`/expeditions/${id}/canvases`, { title: 'City education model', template: 'blank' }, grant.token);
console.error(`expedition ${id}, canvas ${canvas.id}`);

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
});

function figures(lhr) {
  const audit = (k) => lhr.audits[k]?.numericValue ?? null;
  const requests = lhr.audits['network-requests']?.details?.items ?? [];
  const wasm = requests
    .filter((r) => r.url.endsWith('.wasm'))
    .reduce((n, r) => n + (r.transferSize ?? 0), 0);
  return {
    score: lhr.categories.performance.score,
    lcp_ms: audit('largest-contentful-paint'),
    fcp_ms: audit('first-contentful-paint'),
    tbt_ms: audit('total-blocking-time'),
    cls: audit('cumulative-layout-shift'),
    bytes: audit('total-byte-weight'),
    wasm_bytes: wasm,
    requests: requests.length,
    runtime_error: lhr.runtimeError?.message ?? null,
  };
}

const port = Number(new URL(browser.wsEndpoint()).port);
const flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] };
const link = `${base}/session#token=${encodeURIComponent(grant.token)}`;
console.error('lighthouse: cold visit (empty storage and cache)');
const cold = figures((await lighthouse(link, flags)).lhr);
console.error(JSON.stringify(cold));
// Let the service worker the cold visit registered finish precaching.
const page = await browser.newPage();
await page.goto(`${base}/e/${id}`, { waitUntil: 'load' });
await page.evaluate(async () => {
  await navigator.serviceWorker?.ready;
  await new Promise((r) => setTimeout(r, 1500));
});
await page.close();
console.error('lighthouse: warm visit (service worker, cache and session kept)');
const warm = figures((await lighthouse(`${base}/e/${id}`, { ...flags, disableStorageReset: true })).lhr);
console.error(JSON.stringify(warm));
await browser.close();
console.log(JSON.stringify({ feed_lighthouse: 1, profile: 'mobile', cold, warm }));
