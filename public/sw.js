// Hevruta's service worker: the app opens offline, and a repeat visit loads no byte of wasm
// over the network.
//
// - Pages (navigations) go to the network first, so a new deployment is picked up on the
//   next visit; each page that arrives is kept, and offline the last one kept is served.
// - Hashed assets (trunk puts a content hash in their names, so a name never changes its
//   bytes) come from the cache first; installing precaches those of every page bundle.
// - Nothing else is touched: never the API (its answers are never served from a cache as if
//   fresh), never the event stream, never another origin, never a non-GET request.

const CACHE = 'hevruta-app-v1';

// The entry page of every bundle. Which page renders which route is the model's
// `Route::bundle` (crates/model/src/route.rs); `pageFor` follows it.
const PAGES = ['/index.html', '/canvas.html', '/circles.html', '/boards.html', '/projector.html', '/devices.html'];
// Unhashed files of the shell: from the network while online, kept for offline.
const SHELL = ['/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png', '/icon-maskable-512.png'];

/** The entry page that renders an app path, as `Route::bundle` decides. */
function pageFor(path) {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'e' && parts.length >= 3) {
    switch (parts[2]) {
      case 'canvases':
      case 'canvas':
        return '/canvas.html';
      case 'partners':
      case 'profile':
      case 'circles':
        return '/circles.html';
      case 'devices':
        return '/devices.html';
      case 'boards':
      case 'board':
        return '/boards.html';
      case 'project':
        return '/projector.html';
    }
  }
  return '/index.html';
}

/**
 * `hevruta-1a2b3c4d5e6f7a8b_bg.wasm`: a file name with trunk's content hash (16 hex digits,
 * fewer when the hash starts with zeros), as the server's `is_hashed` reads it; or a file under
 * wasm-bindgen's `snippets/hevruta-448c830f5e87528a/`.
 */
function isHashed(path) {
  // wasm-bindgen's JS snippets live in a directory named by crate and hash.
  if (/^\/snippets\/[^/]+-[0-9a-f]{10,16}\//i.test(path)) return true;
  const name = path.split('/').pop() || '';
  const dot = name.indexOf('.');
  // Only a file name counts: a page path's uuid has hex runs too.
  if (dot < 0) return false;
  return name.slice(0, dot).split(/[-_]/).slice(1).some((part) => /^[0-9a-f]{10,16}$/i.test(part));
}

/** The same-origin hashed assets a page's HTML names (scripts, wasm, styles). */
function assetsOf(html) {
  const found = new Set();
  for (const match of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
    const url = new URL(match[1], self.location.origin);
    if (url.origin === self.location.origin && isHashed(url.pathname)) found.add(url.pathname);
  }
  return [...found];
}

/** Keeps `page` and fetches the hashed assets it names that the cache lacks. */
async function keepPage(cache, page, response) {
  const html = await response.clone().text();
  await cache.put(page, response);
  for (const asset of assetsOf(html)) {
    if (!(await cache.match(asset))) {
      const fetched = await fetch(asset);
      if (fetched.ok) await cache.put(asset, fetched);
    }
  }
}

/** Drops the hashed assets that no kept page names any more (an older deployment's). */
async function prune(cache) {
  const named = new Set();
  for (const page of PAGES) {
    const kept = await cache.match(page);
    if (kept) for (const asset of assetsOf(await kept.text())) named.add(asset);
  }
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (isHashed(path) && !named.has(path)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const page of PAGES) {
        const response = await fetch(page, { cache: 'no-cache' });
        // A deployment without one of the tool pages still installs.
        if (response.ok) await keepPage(cache, page, response);
      }
      await cache.addAll(SHELL).catch(() => {});
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** Network first; offline, the entry page kept for the path. */
async function navigate(event) {
  const page = pageFor(new URL(event.request.url).pathname);
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    if (response.ok) {
      // Keep the page and its assets without holding the answer back.
      event.waitUntil(keepPage(cache, page, response.clone()).then(() => prune(cache)).catch(() => {}));
    }
    return response;
  } catch (offline) {
    const kept = await cache.match(page);
    if (kept) return kept;
    throw offline;
  }
}

/** A shell file: fresh from the network, or as last kept when offline. */
async function shell(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw offline;
  }
}

/** A hashed asset: its name fixes its bytes, so the cache answers first. */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else if (isHashed(url.pathname)) {
    event.respondWith(asset(request));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(shell(request));
  }
});
