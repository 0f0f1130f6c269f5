import { expect, test, createExpedition, serviceWorkerInstalled } from './helpers';

// The service worker (public/sw.js): installed on the first visit, it precaches every page
// bundle, so a repeat visit loads no wasm over the network and the app opens offline.
test.use({ serviceWorkers: 'allow', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('a repeat visit loads no wasm over the network, and the app opens offline', async ({ page, context }) => {
  test.setTimeout(60_000);
  await createExpedition(page, 'Offline lab');
  const home = page.url();
  await serviceWorkerInstalled(page);

  const fromNetwork: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm') && !r.fromServiceWorker()) fromNetwork.push(r.url());
  });
  for (const path of ['', '/canvases', '/circles', '/boards']) {
    await page.goto(home + path);
    await expect(page.locator('h1')).toBeVisible();
  }
  expect(fromNetwork, 'wasm fetched over the network on repeat visits').toEqual([]);

  // Offline, every page still opens as the app (not the browser's error page), and the API is
  // never answered from the cache: the app says it cannot reach the server.
  await context.setOffline(true);
  for (const path of ['', '/canvases', '/circles', '/boards']) {
    await page.goto(home + path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('main')).toBeVisible();
    await expect(page.getByRole('alert').or(page.getByRole('status')).first()).toBeVisible();
  }
  await context.setOffline(false);
  await page.goto(home);
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
});

test('a new deployment is picked up on the next visit, and the old one is let go', async ({ page, context }) => {
  test.setTimeout(60_000);
  await createExpedition(page, 'Deploy lab');
  const home = page.url();
  await serviceWorkerInstalled(page);
  // Make the worker's copy an older deployment's: its app page, and a wasm only it names.
  const old = '/hevruta-0123456789abcdef_bg.wasm';
  await page.evaluate(async (old) => {
    const cache = await caches.open('hevruta-app-v1');
    const html = `<!doctype html><html lang="en"><body><p id="old">The old deployment</p><script src="${old}"></script></body></html>`;
    await cache.put('/index.html', new Response(html, { headers: { 'content-type': 'text/html' } }));
    await cache.put(old, new Response(new Uint8Array([0, 97, 115, 109]), { headers: { 'content-type': 'application/wasm' } }));
  }, old);

  // Online, the next visit gets the deployment the server has now, not the kept copy.
  await page.goto(home);
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  await expect(page.locator('#old')).toHaveCount(0);
  // The worker keeps the new page and lets the old deployment's wasm go.
  const cached = (path: string) =>
    page.evaluate(async (path) => !!(await (await caches.open('hevruta-app-v1')).match(path)), path);
  await expect.poll(() => cached(old), { message: "the old deployment's wasm is dropped" }).toBe(false);
  await expect
    .poll(() => page.evaluate(async () => (await (await (await caches.open('hevruta-app-v1')).match('/index.html'))!.text()).includes('id="old"')))
    .toBe(false);
  // And offline it is the new deployment that opens.
  await context.setOffline(true);
  await page.goto(home);
  await expect(page.locator('#old')).toHaveCount(0);
  await expect(page.locator('main')).toBeVisible();
  await context.setOffline(false);
});

test('the manifest makes the app installable with real icons', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(href!)).json();
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/');
  const sizes = manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes} ${i.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.ok(), icon.src).toBe(true);
    expect(res.headers()['content-type']).toBe(icon.type);
  }
});
