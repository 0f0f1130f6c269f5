// The app served from one origin calls its API on another, as the README's deployment has
// it: the built pages' `hevruta-api` meta names the API, whose server allows the app's
// origin (`--allowed-origins`, CORS). `cargo xtask test` serves a copy of dist/ edited that
// way from a second server and passes its URL in HEVRUTA_CROSS_ORIGIN_URL; HEVRUTA_URL is
// the API.
import { type Page } from '@playwright/test';
import { expect, test, createExpedition, join, newPage } from './helpers';

const appUrl = process.env.HEVRUTA_CROSS_ORIGIN_URL;
const apiOrigin = new URL(process.env.HEVRUTA_URL!).origin;

test.skip(!appUrl, 'HEVRUTA_CROSS_ORIGIN_URL is not set: run it through `cargo xtask test`');
test.use({ baseURL: appUrl });

/** The URLs of every API request the page makes from now on, wherever they go. */
function apiRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) urls.push(request.url());
  });
  return urls;
}

test('from another origin, a live session reaches the API and its event stream', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const facilitatorCalls = apiRequests(facilitator);
  const code = await createExpedition(facilitator, 'Cross-origin lab');
  const appOrigin = new URL(facilitator.url()).origin;
  expect(appOrigin).not.toBe(apiOrigin);

  const partner = await newPage(browser);
  const partnerCalls = apiRequests(partner);
  await join(partner, code, 'Dana from the bakery');
  await expect(partner.getByRole('heading', { level: 1, name: 'Cross-origin lab' })).toBeVisible();
  await expect(partner.getByText('Live', { exact: true })).toBeVisible();

  // The facilitator's open home hears of the new member through the stream.
  await expect(facilitator.getByText('Dana from the bakery', { exact: true })).toBeVisible();
  await expect(facilitator.getByRole('status')).toContainText('Dana from the bakery joined.');

  // The canvas bundle is a page of its own: its meta points at the API too.
  await facilitator.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Model canvases' })).toBeVisible();
  expect(new URL(facilitator.url()).origin).toBe(appOrigin);

  // Every call went to the API's origin, none to the app's own server. An EventSource cannot
  // send headers, so each stream carried a single-use ticket in its query, never the token.
  const calls = [...facilitatorCalls, ...partnerCalls];
  expect(calls.filter((url) => new URL(url).origin !== apiOrigin)).toEqual([]);
  const streams = calls.filter((url) => new URL(url).pathname.endsWith('/events'));
  expect(streams.length).toBeGreaterThanOrEqual(2);
  for (const url of streams) {
    expect(new URL(url).searchParams.get('ticket')).toBeTruthy();
    expect(new URL(url).searchParams.get('token')).toBeNull();
  }
});
