// Canvas benchmarks for `cargo xtask bench` (measurements only: nothing here passes or fails
// on a number).
//
//   1. The page's own cost of a live edit (the half of edit → rendered that the server's
//      fan-out benchmark leaves out): 3 headless Chromium pages have a canvas open while 30
//      members type into their stickies — light HTTP clients (this script's fetch), each
//      posting a one-op `set_text` batch through the ops API every 100–300 ms. In each page
//      a listener of ours on the EventSource, ahead of the app's, stamps an edit's arrival;
//      a MutationObserver stamps when its text is in a `.sticky` of the DOM; then the next
//      requestAnimationFrame callback, and a message posted from it (it runs once that
//      frame's style, layout and paint are done). The app is not changed: every marker is
//      found in the text the members type (`bench-type-N …`).
//   2. Optional (`--clients 10,30`): edit → render latency with N pages open, each its own
//      Chromium renderer: a writer creates probe stickies, each page notes when its event
//      stream delivers the probe, when a `.sticky` with it enters the DOM, and the next frame.
//      Latency = that time − Date.now() just before the POST (same machine clock).
//   3. Frame times with 2,000 stickies: one 1280×800 page drags a sticky and pans the
//      background (at the fitted view, every sticky on screen; then zoomed in to ~100 %)
//      while a requestAnimationFrame loop records frame intervals.
//
// Usage: HEVRUTA_URL=http://127.0.0.1:PORT node tests/bench/canvas-bench.mjs
//          [--pages 3] [--typists 30] [--typing-seconds 20] [--clients 10,30] [--probes 20]
//          [--interval 150] [--stickies 2000]
// Progress goes to stderr; the last line on stdout is one JSON object with the raw samples
// (xtask computes the percentiles and prints the table).
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright';

/** The same Debian chromium and quiet flags as playwright.config.ts. */
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
const SESSIONS_KEY = 'hevruta.sessions.v1';
const PROBE_PREFIX = 'bench-probe-';
const TYPE_PREFIX = 'bench-type-';
/** Time between one member's batches while typing, ms (uniformly random in between). */
const TYPING_GAP_MS = [100, 300];
/** What the members type, a few characters per batch. */
const SENTENCE =
  'Every street can be a classroom: the library, the market and the port each teach ' +
  'something the school cannot, if we map who offers what. ';
/** Pages opened at once: 30 wasm start-ups together on 2 cores would only time out. */
const OPEN_BATCH = 5;
/** The server takes up to 500 ops a request, but the 64 KiB body limit fits about 400. */
const SEED_BATCH = 250;
const GESTURE_MOVES = 60;
/** Probing starts once the machine is at most this busy (all cores, 0–1) for a second. */
const SETTLED_CPU = 0.25;

function options(argv) {
  const o = {
    url: process.env.HEVRUTA_URL,
    pages: 3,
    typists: 30,
    typingSeconds: 20,
    clients: [],
    probes: 20,
    interval: 150,
    stickies: 2000,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--url') o.url = value;
    else if (flag === '--pages') o.pages = Number(value);
    else if (flag === '--typists') o.typists = Number(value);
    else if (flag === '--typing-seconds') o.typingSeconds = Number(value);
    else if (flag === '--clients') o.clients = value.split(',').map(Number).filter((n) => n > 0);
    else if (flag === '--probes') o.probes = Number(value);
    else if (flag === '--interval') o.interval = Number(value);
    else if (flag === '--stickies') o.stickies = Number(value);
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!o.url) throw new Error('set HEVRUTA_URL (or --url) to a running Hevruta server');
  o.url = o.url.replace(/\/$/, '');
  return o;
}

const log = (...parts) => console.error('   ', ...parts);

/**
 * Reads the expedition's event stream from Node and notes when each probe arrives: the
 * server's share of the latency, under the same load as the pages. Returns a stop function.
 */
async function listen(base, setup, seen, prefix = PROBE_PREFIX) {
  const abort = new AbortController();
  const token = encodeURIComponent(setup.writer.token);
  const res = await fetch(`${base}/api/v1/expeditions/${setup.id}/events?after=0&token=${token}`, {
    headers: { accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!res.ok) throw new Error(`event stream: HTTP ${res.status}`);
  const probe = new RegExp(`${prefix}(\\d+)`, 'g');
  (async () => {
    const decoder = new TextDecoder();
    let partial = '';
    for await (const chunk of res.body) {
      const now = Date.now();
      const lines = (partial + decoder.decode(chunk, { stream: true })).split('\n');
      partial = lines.pop();
      for (const line of lines) for (const m of line.matchAll(probe)) seen[m[1]] ??= now;
    }
  })().catch(() => {});
  return () => abort.abort();
}

/** Idle and total CPU time of all cores so far (ms). */
function cpuTimes() {
  return cpus().reduce(
    (t, c) => {
      const total = Object.values(c.times).reduce((a, b) => a + b, 0);
      return { idle: t.idle + c.times.idle, total: t.total + total };
    },
    { idle: 0, total: 0 },
  );
}
/** The fraction of all cores busy since `from` (a `cpuTimes()`), 0–1. */
function busySince(from) {
  const now = cpuTimes();
  const total = now.total - from.total;
  return total > 0 ? Math.round((1 - (now.idle - from.idle) / total) * 100) / 100 : null;
}

/** One call to the real HTTP API; throws with the problem body on a non-2xx answer. */
async function api(base, method, path, token, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/** An expedition with a blank canvas, its facilitator (the writer) and `members` joined readers. */
async function setUp(base, title, members) {
  const writer = await api(base, 'POST', '/expeditions', null, {
    title,
    city: 'Hadera',
    challenge: 'How fast does a sticky reach everyone?',
    display_name: 'Bench writer',
    sector: 'public',
  });
  const id = writer.expedition_id;
  const { join_code: code } = await api(base, 'GET', `/expeditions/${id}`, writer.token);
  const readers = [];
  for (let i = 1; i <= members; i++) {
    readers.push(
      await api(base, 'POST', '/join', null, {
        code,
        display_name: `Reader ${i}`,
        sector: 'business',
      }),
    );
  }
  const canvas = await api(base, 'POST', `/expeditions/${id}/canvases`, writer.token, {
    title: `${title} canvas`,
    template: 'blank',
  });
  return { id, title, writer, readers, canvas: canvas.id, code };
}

function createOp(text, x, y, color = 'yellow') {
  return { id: randomUUID(), sticky: randomUUID(), type: 'create', section: null, text, color, x, y };
}

async function postOps(base, setup, ops, token = setup.writer.token) {
  return api(base, 'POST', `/expeditions/${setup.id}/canvases/${setup.canvas}/ops`, token, { ops });
}

/**
 * Runs in every page before the app: the saved session (what joining in the UI would have
 * stored) and the observers that time what the benchmark waits for.
 */
function pageInit({ key, book, prefix, typePrefix, target }) {
  try {
    localStorage.setItem(key, book);
  } catch {
    // about:blank and other origins have no storage of ours.
  }
  const bench = {
    // Probe number → Date.now() when the page's event stream handed it over / its sticky
    // entered the DOM / at the next frame.
    msg: {},
    dom: {},
    frame: {},
    // When `target` stickies were in the DOM, and the frame after.
    loaded: null,
    loadedFrame: null,
    frames: null,
    // Typing marker → performance.now() when our EventSource listener got it (arrive), when
    // its text was in a sticky (dom), at the next animation frame's callback (frame) and once
    // that frame's rendering was done (done); Date.now() at arrival and in the DOM (arriveWall,
    // domWall) for latencies measured from the writer's clock.
    typed: { arrive: {}, dom: {}, frame: {}, done: {}, arriveWall: {}, domWall: {} },
  };
  window.__bench = bench;
  const typed = bench.typed;
  const typeMark = new RegExp(`${typePrefix}(\\d+)`, 'g');
  // Markers in the DOM since the last frame: one animation frame callback stamps them all,
  // and one message posted from it stamps them once the frame's style, layout and paint ran.
  let waiting = null;
  const stampNextFrame = (n) => {
    if (waiting) {
      waiting.push(n);
      return;
    }
    waiting = [n];
    requestAnimationFrame(() => {
      const frame = performance.now();
      const these = waiting;
      waiting = null;
      for (const m of these) typed.frame[m] = frame;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const done = performance.now();
        for (const m of these) typed.done[m] = done;
        channel.port1.close();
      };
      channel.port2.postMessage(null);
    });
  };
  const stickies = document.getElementsByClassName('sticky');
  const probe = new RegExp(`${prefix}(\\d+)`, 'g');
  const seen = (text, now, t) => {
    for (const m of text.matchAll(typeMark)) {
      const n = m[1];
      if (typed.dom[n] === undefined) {
        typed.dom[n] = t;
        typed.domWall[n] = now;
        stampNextFrame(n);
      }
    }
    for (const m of text.matchAll(probe)) {
      const n = m[1];
      if (bench.dom[n] === undefined) {
        bench.dom[n] = now;
        requestAnimationFrame(() => {
          bench.frame[n] = Date.now();
        });
      }
    }
  };
  const scan = (node, now, t) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.parentElement?.closest('.sticky')) seen(node.data, now, t);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const inside = node.closest('.sticky') ? [node] : node.querySelectorAll('.sticky');
      for (const el of inside) seen(el.textContent, now, t);
    }
  };
  // A listener of ours ahead of the app's on each EventSource event type: the time the
  // stream delivers a probe to the page, which splits server + stream from apply + render.
  const ours = new WeakMap();
  const add = EventTarget.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (type, listener, opts) {
    const types = ours.get(this) ?? new Set();
    ours.set(this, types);
    if (!types.has(type)) {
      types.add(type);
      add.call(this, type, (e) => {
        if (typeof e.data !== 'string') return;
        const now = Date.now();
        const t = performance.now();
        for (const m of e.data.matchAll(probe)) bench.msg[m[1]] ??= now;
        for (const m of e.data.matchAll(typeMark)) {
          typed.arrive[m[1]] ??= t;
          typed.arriveWall[m[1]] ??= now;
        }
      });
    }
    return add.call(this, type, listener, opts);
  };
  new MutationObserver((records) => {
    const now = Date.now();
    const t = performance.now();
    if (target > 0 && bench.loaded === null && stickies.length >= target) {
      bench.loaded = now;
      requestAnimationFrame(() => {
        bench.loadedFrame = Date.now();
      });
    }
    for (const r of records) {
      if (r.type === 'characterData') scan(r.target, now, t);
      for (const node of r.addedNodes) scan(node, now, t);
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });

  // Frame intervals (ms) between `startFrames()` and `stopFrames()`.
  window.__startFrames = () => {
    const stamps = [];
    bench.frames = stamps;
    const loop = (t) => {
      if (bench.frames !== stamps) return;
      stamps.push(t);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
  window.__stopFrames = () => {
    const stamps = bench.frames ?? [];
    bench.frames = null;
    // Tenths of a millisecond: rAF times are coarsened anyway, and the JSON stays short.
    return stamps.slice(1).map((t, i) => Math.round((t - stamps[i]) * 10) / 10);
  };
}

/** A browser context whose page is signed in as `grant` and opened on the canvas. */
async function openCanvas(browser, base, setup, grant, { viewport, target = 0 } = {}) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const book = JSON.stringify({
    sessions: [
      {
        expedition_id: grant.expedition_id,
        token: grant.token,
        member: grant.member,
        title: setup.title,
      },
    ],
  });
  await context.addInitScript(pageInit, {
    key: SESSIONS_KEY,
    book,
    prefix: PROBE_PREFIX,
    typePrefix: TYPE_PREFIX,
    target,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const started = Date.now();
  await page.goto(`${base}/e/${setup.id}/canvas/${setup.canvas}`);
  return { context, page, errors, started };
}

/** Waits until the canvas is on screen and says everything is saved. */
async function waitReady(page, timeout) {
  await page.locator('#canvas-viewport').waitFor({ state: 'visible', timeout });
  await page.getByText('All changes saved').waitFor({ state: 'visible', timeout });
}

async function seenProbes(pages) {
  return Promise.all(
    pages.map((p) =>
      p.page.evaluate(() => ({ msg: window.__bench.msg, dom: window.__bench.dom, frame: window.__bench.frame })),
    ),
  );
}

/** Edit → render latency with `clients` pages open. */
async function latency(browser, o, clients) {
  log(`edit → render, ${clients} clients: setting up through the API`);
  const setup = await setUp(o.url, `Latency ${clients}`, clients);
  const pages = [];
  const openStarted = Date.now();
  try {
    for (let i = 0; i < clients; i += OPEN_BATCH) {
      const batch = setup.readers.slice(i, i + OPEN_BATCH);
      const opened = await Promise.all(batch.map((g) => openCanvas(browser, o.url, setup, g)));
      pages.push(...opened);
      await Promise.all(opened.map((p) => waitReady(p.page, 120_000)));
    }
    // Every page's event stream is live once every page sees all readers present (presence
    // travels over the same stream as the ops).
    const present = async () => Promise.all(pages.map((p) => p.page.locator('.avatar').count()));
    const deadline = Date.now() + 60_000;
    let counts = await present();
    while (counts.some((c) => c < clients) && Date.now() < deadline) {
      await sleep(250);
      counts = await present();
    }
    if (counts.some((c) => c < clients)) {
      throw new Error(`after 60 s the pages show ${counts.join(',')} present members, not ${clients} each`);
    }
    log(`${clients} pages open and live in ${((Date.now() - openStarted) / 1000).toFixed(1)} s`);

    // Probe 0 warms every page's render path and is not counted.
    const sent = {};
    const atNode = {};
    const stopListening = await listen(o.url, setup, atNode);
    const send = async (n) => {
      const op = createOp(`${PROBE_PREFIX}${n}`, 100 + (n % 8) * 260, 100 + Math.floor(n / 8) * 180);
      sent[n] = Date.now();
      await postOps(o.url, setup, [op]);
    };
    const allSeen = async (numbers, ms) => {
      const end = Date.now() + ms;
      for (;;) {
        const seen = await seenProbes(pages);
        const done = seen.every((s) => numbers.every((n) => s.dom[n] !== undefined && s.frame[n] !== undefined));
        if (done || Date.now() > end) return seen;
        await sleep(200);
      }
    };
    // Fresh pages keep the cores busy for a while (wasm tier-up, first layouts): measure
    // the steady state, waiting up to a minute for a quiet second.
    const { busy: idleBusy, ms: settleMs } = await settle(60_000);
    log(`${clients} pages settled in ${(settleMs / 1000).toFixed(0)} s (CPU busy ${idleBusy})`);
    await send(0);
    await allSeen([0], 30_000);
    const probeFrom = cpuTimes();
    for (let n = 1; n <= o.probes; n++) {
      const due = Date.now() + o.interval;
      await send(n);
      await sleep(Math.max(0, due - Date.now()));
    }
    const probeBusy = busySince(probeFrom);
    const nodeMs = [];
    const numbers = Array.from({ length: o.probes }, (_, i) => i + 1);
    const seen = await allSeen(numbers, 30_000);
    stopListening();
    for (const n of numbers) if (atNode[n] !== undefined) nodeMs.push(atNode[n] - sent[n]);
    const msg = [];
    const dom = [];
    const frame = [];
    for (const s of seen) {
      for (const n of numbers) {
        if (s.msg[n] !== undefined) msg.push(s.msg[n] - sent[n]);
        if (s.dom[n] !== undefined) dom.push(s.dom[n] - sent[n]);
        if (s.frame[n] !== undefined) frame.push(s.frame[n] - sent[n]);
      }
    }
    const errors = pages.flatMap((p) => p.errors);
    log(
      `${clients} clients: ${dom.length} of ${clients * o.probes} renders observed, ${errors.length} page errors; ` +
        `CPU busy ${probeBusy} while probing`,
    );
    return {
      clients,
      probes: o.probes,
      expected: clients * o.probes,
      observed: dom.length,
      settle_ms: settleMs,
      cpu_busy_idle: idleBusy,
      cpu_busy_probing: probeBusy,
      node_ms: nodeMs,
      msg_ms: msg,
      dom_ms: dom,
      frame_ms: frame,
      page_errors: errors.slice(0, 5),
    };
  } finally {
    await Promise.all(pages.map((p) => p.context.close()));
  }
}

/** Waits (up to `limitMs`) for a second in which at most SETTLED_CPU of all cores are busy. */
async function settle(limitMs) {
  const from = Date.now();
  let busy = null;
  do {
    const t = cpuTimes();
    await sleep(1000);
    busy = busySince(t);
  } while (busy > SETTLED_CPU && Date.now() - from < limitMs);
  return { busy, ms: Date.now() - from };
}

const randomGap = () => TYPING_GAP_MS[0] + Math.random() * (TYPING_GAP_MS[1] - TYPING_GAP_MS[0]);

/**
 * The page's own cost of live edits: `o.pages` pages watch while `o.typists` members type.
 * Every sample is one edit in one page.
 */
async function typing(browser, o) {
  log(`typing: ${o.typists} members, ${o.pages} pages: setting up through the API`);
  const setup = await setUp(o.url, 'Typing', o.pages);
  const typists = [];
  for (let i = 0; i < o.typists; i++) {
    const grant = await api(o.url, 'POST', '/join', null, {
      code: setup.code,
      display_name: `Member ${i + 1}`,
      sector: 'non-profit',
    });
    const op = createOp('', 100 + (i % 6) * 260, 100 + Math.floor(i / 6) * 180, 'yellow');
    await postOps(o.url, setup, [op], grant.token);
    typists.push({ grant, sticky: op.sticky });
  }
  const viewport = { width: 1280, height: 800 };
  const pages = [];
  try {
    for (const reader of setup.readers) {
      pages.push(await openCanvas(browser, o.url, setup, reader, { viewport, target: o.typists }));
    }
    await Promise.all(pages.map((p) => waitReady(p.page, 120_000)));
    await Promise.all(
      pages.map((p) => p.page.waitForFunction(() => window.__bench.loaded !== null, null, { timeout: 60_000 })),
    );
    const settled = await settle(20_000);
    log(`${o.pages} pages open with ${o.typists} stickies; settled in ${(settled.ms / 1000).toFixed(0)} s (CPU busy ${settled.busy})`);

    const sent = {};
    const atNode = {};
    const stopListening = await listen(o.url, setup, atNode, TYPE_PREFIX);
    let counter = 0;
    const errors = [];
    const until = Date.now() + o.typingSeconds * 1000;
    const chars = [...SENTENCE];
    const member = async ({ grant, sticky }) => {
      let len = 0;
      for (;;) {
        await sleep(randomGap());
        if (Date.now() >= until) return;
        len = (len + 1 + Math.floor(Math.random() * 3)) % chars.length;
        const n = ++counter;
        const op = { id: randomUUID(), sticky, type: 'set_text', text: `${TYPE_PREFIX}${n} ${chars.slice(0, len).join('')}` };
        sent[n] = Date.now();
        try {
          await postOps(o.url, setup, [op], grant.token);
        } catch (e) {
          delete sent[n];
          if (errors.length < 5) errors.push(String(e));
        }
      }
    };
    const typingFrom = cpuTimes();
    await Promise.all(typists.map(member));
    const typingBusy = busySince(typingFrom);
    const numbers = Object.keys(sent);
    // Let the last edits arrive and render.
    const end = Date.now() + 15_000;
    let seen;
    for (;;) {
      seen = await Promise.all(pages.map((p) => p.page.evaluate(() => window.__bench.typed)));
      const done = seen.every((s) => numbers.every((n) => s.done[n] !== undefined));
      if (done || Date.now() > end) break;
      await sleep(250);
    }
    stopListening();
    const samples = {
      node_ms: [],
      msg_ms: [],
      dom_ms: [],
      arrival_dom_ms: [],
      arrival_frame_ms: [],
      arrival_done_ms: [],
    };
    const round = (v) => Math.round(v * 100) / 100;
    for (const n of numbers) if (atNode[n] !== undefined) samples.node_ms.push(atNode[n] - sent[n]);
    for (const s of seen) {
      for (const n of numbers) {
        const arrive = s.arrive[n];
        if (s.arriveWall[n] !== undefined) samples.msg_ms.push(s.arriveWall[n] - sent[n]);
        if (s.domWall[n] !== undefined) samples.dom_ms.push(s.domWall[n] - sent[n]);
        if (arrive === undefined) continue;
        if (s.dom[n] !== undefined) samples.arrival_dom_ms.push(round(s.dom[n] - arrive));
        if (s.frame[n] !== undefined) samples.arrival_frame_ms.push(round(s.frame[n] - arrive));
        if (s.done[n] !== undefined) samples.arrival_done_ms.push(round(s.done[n] - arrive));
      }
    }
    const pageErrors = pages.flatMap((p) => p.errors);
    log(
      `typing: ${numbers.length} edits in ${o.typingSeconds} s, ${samples.arrival_done_ms.length} of ` +
        `${numbers.length * o.pages} rendered in the pages; CPU busy ${typingBusy}; ` +
        `${errors.length} failed posts, ${pageErrors.length} page errors`,
    );
    return {
      pages: o.pages,
      typists: o.typists,
      seconds: o.typingSeconds,
      gap_ms: TYPING_GAP_MS,
      edits: numbers.length,
      expected: numbers.length * o.pages,
      cpu_busy_idle: settled.busy,
      cpu_busy_typing: typingBusy,
      ...samples,
      post_errors: errors,
      page_errors: pageErrors.slice(0, 5),
    };
  } finally {
    await Promise.all(pages.map((p) => p.context.close()));
  }
}

/** A point on the page (viewport pixels) for a drag: a sticky near the middle of the view. */
function stickyPoint() {
  const view = document.getElementById('canvas-viewport').getBoundingClientRect();
  const cx = view.left + view.width / 2;
  const cy = view.top + view.height / 2;
  let best = null;
  for (const el of document.getElementsByClassName('sticky')) {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const d = Math.hypot(x - cx, y - cy);
    if (document.elementFromPoint(x, y)?.closest('.sticky') === el && (!best || d < best.d)) {
      best = { d, x, y, id: el.id, width: r.width };
    }
  }
  return best;
}

/** A point of the view with no sticky under it, as near a corner as there is one. */
function backgroundPoint() {
  const view = document.getElementById('canvas-viewport').getBoundingClientRect();
  const viewport = document.getElementById('canvas-viewport');
  for (let inset = 8; inset < Math.min(view.width, view.height) / 2; inset += 8) {
    for (const [x, y] of [
      [view.right - inset, view.bottom - inset],
      [view.left + inset, view.bottom - inset],
      [view.right - inset, view.top + inset],
      [view.left + inset, view.top + inset],
    ]) {
      const el = document.elementFromPoint(x, y);
      if (el && viewport.contains(el) && !el.closest('.sticky')) return { x, y };
    }
  }
  return null;
}

/** Presses at (x, y), moves by (dx, dy) per step for GESTURE_MOVES steps, releases; frame intervals. */
async function gesture(page, at, dx, dy) {
  await page.mouse.move(at.x, at.y);
  await page.evaluate(() => window.__startFrames());
  await page.mouse.down();
  for (let i = 1; i <= GESTURE_MOVES; i++) {
    await page.mouse.move(at.x + dx * i, at.y + dy * i);
  }
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => window.__stopFrames());
}

/** Frame times while dragging and panning on a canvas of `o.stickies` stickies. */
async function frames(browser, o) {
  log(`frames: seeding ${o.stickies} stickies through the API`);
  const setup = await setUp(o.url, 'Frames', 0);
  const colors = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'];
  const cols = Math.ceil(Math.sqrt(o.stickies * 1.6));
  const ops = Array.from({ length: o.stickies }, (_, i) =>
    createOp(`Sticky ${i + 1}: an idea for the city`, (i % cols) * 200, Math.floor(i / cols) * 140, colors[i % 6]),
  );
  for (let i = 0; i < ops.length; i += SEED_BATCH) await postOps(o.url, setup, ops.slice(i, i + SEED_BATCH));

  const viewport = { width: 1280, height: 800 };
  const p = await openCanvas(browser, o.url, setup, setup.writer, { viewport, target: o.stickies });
  try {
    await p.page.waitForFunction(() => window.__bench.loadedFrame !== null, null, { timeout: 120_000 });
    const { loaded, loadedFrame } = await p.page.evaluate(() => window.__bench);
    await waitReady(p.page, 60_000);
    const count = await p.page.locator('.sticky').count();
    log(`${count} stickies rendered ${loaded - p.started} ms after navigation`);
    // Let the first fit and the initial work settle before measuring gestures.
    await sleep(1000);

    const sticky = await p.page.evaluate(stickyPoint);
    if (!sticky) throw new Error('no sticky could be grabbed in the view');
    const styleOf = (id) => p.page.evaluate((i) => document.getElementById(i).getAttribute('style'), id);
    const before = await styleOf(sticky.id);
    const drag = await gesture(p.page, sticky, 3, 2);
    const dragged = (await styleOf(sticky.id)) !== before;
    await p.page.getByText('All changes saved').waitFor({ timeout: 30_000 });

    const empty = await p.page.evaluate(backgroundPoint);
    if (!empty) throw new Error('no empty background point in the view to pan from');
    const worldStyle = () => p.page.evaluate(() => document.querySelector('.canvas-world').getAttribute('style'));
    const worldBefore = await worldStyle();
    const pan = await gesture(p.page, empty, -4, -3);
    const panned = (await worldStyle()) !== worldBefore;
    const scaleOf = async () => Number(/scale\(([^)]+)\)/.exec(await worldStyle())?.[1]);
    const scale = await scaleOf();
    log(`drag moved the sticky: ${dragged}; pan moved the view: ${panned}; scale ${scale}`);

    // The same pan zoomed in to about 100 % (the + key zooms by 1.25 around the middle),
    // where only a few dozen of the stickies are on screen.
    await p.page.locator('#canvas-viewport').focus();
    for (let i = 0; i < 20 && (await scaleOf()) < 0.9; i++) await p.page.keyboard.press('+');
    await sleep(500);
    const zoomedScale = await scaleOf();
    const zoomedAt = await p.page.evaluate(backgroundPoint);
    if (!zoomedAt) throw new Error('no empty background point in the zoomed view to pan from');
    const zoomedBefore = await worldStyle();
    const zoomed = await gesture(p.page, zoomedAt, -4, -3);
    const zoomedPanned = (await worldStyle()) !== zoomedBefore;
    const onScreen = await p.page.evaluate(() => {
      const view = document.getElementById('canvas-viewport').getBoundingClientRect();
      return [...document.getElementsByClassName('sticky')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.right > view.left && r.left < view.right && r.bottom > view.top && r.top < view.bottom;
      }).length;
    });
    log(`zoomed pan at scale ${zoomedScale.toFixed(2)} (${onScreen} stickies on screen) moved the view: ${zoomedPanned}`);
    return {
      stickies: o.stickies,
      rendered: count,
      load_ms: loaded - p.started,
      load_frame_ms: loadedFrame - p.started,
      scale: Number.isFinite(scale) ? scale : null,
      sticky_px: Math.round(sticky.width),
      drag: { moved: dragged, moves: GESTURE_MOVES, intervals_ms: drag },
      pan: { moved: panned, moves: GESTURE_MOVES, intervals_ms: pan },
      pan_zoomed: {
        moved: zoomedPanned,
        moves: GESTURE_MOVES,
        scale: zoomedScale,
        on_screen: onScreen,
        intervals_ms: zoomed,
      },
      page_errors: p.errors.slice(0, 5),
    };
  } finally {
    await p.context.close();
  }
}

async function main() {
  const o = options(process.argv.slice(2));
  const browser = await chromium.launch(LAUNCH);
  const result = { canvas_bench: 2, typing: null, edit_render: [], frames: null };
  try {
    if (o.pages > 0 && o.typists > 0) result.typing = await typing(browser, o);
    for (const n of o.clients) result.edit_render.push(await latency(browser, o, n));
    if (o.stickies > 0) result.frames = await frames(browser, o);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
