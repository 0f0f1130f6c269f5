import { type Browser } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, serviceWorkerInstalled } from './helpers';
import { readFileSync } from 'node:fs';

// The updates feed on the expedition home, as a follower on a phone reads it.
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function phonePage(browser: Browser) {
  return (await browser.newContext({ ...phone, locale: 'en-US' })).newPage();
}

test('a follower sees an announcement arrive live, reacts, marks it read and adds it to the calendar', async ({
  browser,
}) => {
  const facilitator = await (await browser.newContext({ locale: 'en-US' })).newPage();
  const code = await createExpedition(facilitator, 'Feed lab');
  const follower = await phonePage(browser);
  await join(follower, code, 'Dana');
  await expect(follower.getByRole('heading', { level: 2, name: 'Updates' })).toBeVisible();
  await expect(follower.getByText('No announcements yet.')).toBeVisible();
  await expect(follower.getByText('Live', { exact: true })).toBeVisible();

  // The facilitator posts; a bad link is refused and nothing typed is lost.
  await facilitator.locator('.post-form > summary').click();
  await facilitator.getByLabel("What's new").fill('Learning trip to the Espoo library makerspace https://example.org/espoo');
  await facilitator.getByLabel('Date (optional)').fill('2099-05-14');
  await facilitator.getByLabel('Time (optional)').fill('09:30');
  await facilitator.getByLabel('Time zone').fill('Europe/Helsinki');
  await facilitator.getByLabel('Place (optional)').fill('Meet at the station');
  await facilitator.getByLabel('Link (optional)').fill('javascript:alert(1)');
  await facilitator.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(facilitator.locator('#post-link-error')).not.toBeEmpty();
  await expect(facilitator.getByLabel("What's new")).toHaveValue(/Espoo library makerspace/);
  await facilitator.getByLabel('Link (optional)').fill('https://example.org/trip');
  await facilitator.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(facilitator.getByLabel("What's new")).toHaveValue('');

  // Live on the phone, unread, with the text's address as a safe link.
  const item = follower.locator('.feed-item').first();
  await expect(item).toContainText('Learning trip to the Espoo library makerspace');
  await expect(item.getByText('New', { exact: true })).toBeVisible();
  await expect(follower.getByText('New: 1')).toBeVisible();
  await expect(item.getByRole('link', { name: 'https://example.org/espoo' })).toHaveAttribute('rel', /noopener/);
  await expect(follower.getByRole('status')).toContainText('New update');

  // Reactions: a toggle, large enough for a thumb.
  const going = item.getByRole('button', { name: /I'll be there/ });
  const box = (await going.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  await going.click();
  await expect(going).toHaveAttribute('aria-pressed', 'true');
  await expect(going).toContainText('1');

  // A reply reaches the facilitator live.
  await item.getByLabel('Your reply').fill("I'll bring the school's camera");
  await item.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(facilitator.locator('.feed-item').first().getByText('Replies: 1')).toBeVisible();
  await facilitator.locator('.feed-item').first().getByText('Replies: 1').click();
  const said = facilitator.locator('.feed-item').first().locator('.feed-reply');
  await expect(said.locator('.reply-author')).toHaveText('Dana');
  await expect(said).toContainText("I'll bring the school's camera");

  // Mark all read: the marker is the server's, so a reload keeps it.
  await follower.getByRole('button', { name: 'Mark all read' }).click();
  await expect(follower.getByText('New: 1')).toHaveCount(0);
  await follower.reload();
  await expect(follower.locator('.feed-item').first()).toContainText('Espoo');
  await expect(follower.locator('.feed-item.is-unread')).toHaveCount(0);

  // Coming up, with an .ics made in the browser: CRLF lines, the time in UTC.
  const upcoming = follower.getByRole('region', { name: 'Coming up' });
  await expect(upcoming).toContainText('2099-05-14 09:30 (Europe/Helsinki)');
  const [download] = await Promise.all([
    follower.waitForEvent('download'),
    upcoming.getByRole('button', { name: 'Add to calendar' }).click(),
  ]);
  const ics = readFileSync((await download.path())!, 'utf8');
  expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(ics).toContain('DTSTART:20990514T063000Z\r\n');
  expect(ics).toContain('LOCATION:Meet at the station\r\n');
  expect(ics.replace(/\r\n/g, '')).not.toContain('\n');

  // No horizontal scroll at 360 px.
  await follower.setViewportSize({ width: 360, height: 740 });
  const overflow = await follower.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the feed passes axe in English and Arabic and reads in every script', async ({ browser }) => {
  const facilitator = await (await browser.newContext({ locale: 'en-US' })).newPage();
  const code = await createExpedition(facilitator, 'Feed look');
  await facilitator.locator('.post-form > summary').click();
  await facilitator.getByLabel("What's new").fill('Stage 2 starts: learning walks in every neighbourhood');
  await facilitator.getByLabel('Date (optional)').fill('2099-06-01');
  await facilitator.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(facilitator.getByLabel("What's new")).toHaveValue('');

  const follower = await phonePage(browser);
  await join(follower, code, 'נועה');
  await expect(follower.locator('.feed-item')).toHaveCount(1);
  await expectAccessible(follower, 'feed in English');
  await follower.screenshot({ path: 'test-results/feed-en.png', fullPage: true });
  for (const lang of ['he', 'ar']) {
    await follower.getByLabel(/Language|שפה|اللغة/).selectOption(lang);
    await expect(follower.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(follower.locator('.feed-item')).toHaveCount(1);
    if (lang === 'ar') await expectAccessible(follower, 'feed in Arabic');
    await follower.screenshot({ path: `test-results/feed-${lang}.png`, fullPage: true });
  }
});

test.describe('offline', () => {
  // The service worker keeps the app; IndexedDB keeps the last-seen feed.
  test.use({ serviceWorkers: 'allow', ...phone });

  test('the last-seen feed reads offline with a banner and catches up back online', async ({ browser, page, context }) => {
    test.setTimeout(90_000);
    const facilitator = await (await browser.newContext({ locale: 'en-US' })).newPage();
    const code = await createExpedition(facilitator, 'Offline feed');
    await facilitator.locator('.post-form > summary').click();
    await facilitator.getByLabel("What's new").fill('Bring a water bottle to the trip');
    await facilitator.getByRole('button', { name: 'Post', exact: true }).click();
    await expect(facilitator.getByLabel("What's new")).toHaveValue('');

    await join(page, code, 'Dana');
    await expect(page.locator('.feed-item').first()).toContainText('water bottle');
    await serviceWorkerInstalled(page);

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Offline feed' })).toBeVisible();
    await expect(page.locator('.feed-item').first()).toContainText('water bottle');
    await expect(page.getByRole('status').filter({ hasText: 'You are offline. Updates as of' })).toBeVisible();
    await page.screenshot({ path: 'test-results/feed-offline-en.png', fullPage: true });
    for (const lang of ['he', 'ar']) {
      await page.getByLabel(/Language|שפה|اللغة/).selectOption(lang);
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await page.screenshot({ path: `test-results/feed-offline-${lang}.png`, fullPage: true });
    }
    await page.getByLabel(/Language|שפה|اللغة/).selectOption('en');

    // While the follower is away, a new announcement; back online, it is there.
    await facilitator.getByLabel("What's new").fill('The bus leaves at 8:15');
    await facilitator.getByRole('button', { name: 'Post', exact: true }).click();
    await expect(facilitator.getByLabel("What's new")).toHaveValue('');
    await context.setOffline(false);
    await expect(page.locator('.feed-item').first()).toContainText('The bus leaves at 8:15', { timeout: 20_000 });
    await expect(page.getByText('You are offline', { exact: false })).toHaveCount(0);
  });
});
