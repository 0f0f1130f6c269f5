// People and their devices: the facilitator moves to her phone with a sign-in link (QR and
// address), sees both devices and signs the phone out from the laptop; she makes Noa
// co-facilitator, and makes a sign-in link for Noa, who lost her device. The page is
// checked with axe in English and Hebrew, on a phone (44 px targets, nothing sideways at
// 360 px), and photographed.
import { type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage, sidewaysScroll, smallTargets } from './helpers';

const SHOTS = process.env.DEVICE_SHOTS ?? '/tmp/device-shots';

/** Whether the session this page keeps for its expedition still stands (`GET /me`). */
async function signedIn(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const book = JSON.parse(localStorage.getItem('hevruta.sessions.v1') ?? '{"sessions":[]}');
    const token = book.sessions[0]?.token;
    if (!token) return false;
    const res = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    return res.ok;
  });
}

/** Makes a new sign-in link for oneself on `page` and returns its address (not the last one's). */
async function freshLink(page: Page): Promise<string> {
  const shown = page.locator('.sign-in-link .invite-link').first();
  const before = (await shown.count()) ? await shown.textContent() : null;
  await page.getByRole('button', { name: 'Make a sign-in link' }).click();
  if (before) await expect(shown).not.toHaveText(before);
  else await expect(shown).toBeVisible();
  return (await shown.textContent())!.trim();
}

test('a sign-in link moves a member to another device; devices are listed and signed out; a facilitator hands on roles and links', async ({ browser }) => {
  const laptop = await newPage(browser);
  await laptop.setViewportSize({ width: 1280, height: 800 });
  const code = await createExpedition(laptop, 'Device lab');
  const home = laptop.url();
  await laptop.getByRole('link', { name: 'Your devices' }).click();
  await expect(laptop.getByRole('heading', { level: 1, name: 'Your devices' })).toBeVisible();
  await expect(laptop.locator('.device')).toHaveCount(1);
  await expect(laptop.locator('.device').first()).toContainText('This device');

  // A link for herself: its QR code and its address, which the phone opens.
  await laptop.getByRole('button', { name: 'Make a sign-in link' }).click();
  await expect(laptop.getByRole('img', { name: 'QR code of the sign-in link' })).toBeVisible();
  const address = (await laptop.locator('.sign-in-link .invite-link').textContent())!.trim();
  expect(address).toMatch(/\/session#link=[A-Za-z0-9_-]+$/);
  await expect(laptop.locator('.sign-in-link .hint')).toContainText('It works once');
  await expectAccessible(laptop, 'the devices page with a sign-in link');

  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await phoneContext.newPage();
  await phone.goto(address);
  await expect(phone.getByRole('heading', { level: 1, name: 'Device lab' })).toBeVisible();
  expect(await signedIn(phone)).toBe(true);
  // The link worked once: a second device gets nothing from it.
  const late = await newPage(browser);
  await late.goto(address);
  await expect(late.getByRole('heading', { level: 1, name: 'Device lab' })).toHaveCount(0);
  expect(await signedIn(late)).toBe(false);

  // The laptop now lists two devices and signs the phone out.
  await laptop.reload();
  await expect(laptop.locator('.device')).toHaveCount(2);
  const other = laptop.locator('.device').filter({ hasNotText: 'This device' });
  await other.getByRole('button', { name: 'Sign out there' }).click();
  await expect(laptop.locator('.device')).toHaveCount(1);
  await expect(laptop.getByRole('status').filter({ hasText: 'Signed out on that device.' })).toBeAttached();
  expect(await signedIn(phone)).toBe(false);

  // Noa joins; Yael makes her co-facilitator, and Noa's own page shows it live.
  const noa = await newPage(browser);
  await join(noa, code, 'Noa');
  await expect(noa.getByRole('heading', { level: 1, name: 'Device lab' })).toBeVisible();
  await noa.goto(`${new URL(home).origin}/e/${new URL(home).pathname.split('/')[2]}/devices`);
  await expect(noa.getByRole('heading', { level: 1, name: 'Your devices' })).toBeVisible();
  await expect(noa.getByRole('heading', { name: 'People and roles' })).toHaveCount(0);
  const noaRow = laptop.locator('.person').filter({ hasText: 'Noa' });
  await noaRow.getByRole('button', { name: 'Make co-facilitator' }).click();
  await expect(laptop.locator('.person').filter({ hasText: 'Noa' }).locator('.badge')).toHaveText('Facilitator');
  await expect(noa.getByRole('heading', { name: 'People and roles' })).toBeVisible();

  // Noa lost her device: Yael makes a sign-in link for her; a new browser becomes Noa.
  await laptop.locator('.person').filter({ hasText: 'Noa' }).getByRole('button', { name: 'Sign-in link' }).click();
  const forNoa = laptop.locator('.person').filter({ hasText: 'Noa' }).locator('.sign-in-link');
  await expect(forNoa.locator('.hint')).toContainText('Noa');
  const noaAddress = (await forNoa.locator('.invite-link').textContent())!.trim();
  const noaAgain = await newPage(browser);
  await noaAgain.goto(noaAddress);
  await expect(noaAgain.getByRole('heading', { level: 1, name: 'Device lab' })).toBeVisible();
  const who = await noaAgain.evaluate(async () => {
    const book = JSON.parse(localStorage.getItem('hevruta.sessions.v1')!);
    const res = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${book.sessions[0].token}` } });
    return (await res.json()).member.display_name;
  });
  expect(who).toBe('Noa');

  // On a phone: thumb-sized targets, nothing sideways, readable in Hebrew too.
  const devices = laptop.url();
  const small = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const mine = await small.newPage();
  const again = await freshLink(laptop);
  await mine.goto(again);
  await expect(mine.getByRole('heading', { level: 1, name: 'Device lab' })).toBeVisible();
  await mine.goto(devices);
  await expect(mine.getByRole('heading', { level: 1, name: 'Your devices' })).toBeVisible();
  await mine.getByRole('button', { name: 'Make a sign-in link' }).click();
  await expect(mine.getByRole('img', { name: 'QR code of the sign-in link' })).toBeVisible();
  expect(await smallTargets(mine), 'devices page: targets of at least 44×44 px').toEqual([]);
  await mine.screenshot({ path: `${SHOTS}/devices-phone-en-390x844.png`, fullPage: true });
  await mine.setViewportSize({ width: 360, height: 740 });
  expect(await sidewaysScroll(mine), 'devices page: no sideways scrolling at 360 px').toBeLessThanOrEqual(0);

  const hebrew = await newPage(browser, 'he-IL');
  await hebrew.setViewportSize({ width: 390, height: 844 });
  const forHebrew = await freshLink(laptop);
  await hebrew.goto(forHebrew);
  await expect(hebrew.getByRole('heading', { level: 1, name: 'Device lab' })).toBeVisible();
  await hebrew.goto(devices);
  await expect(hebrew.getByRole('heading', { level: 1, name: 'המכשירים שלך' })).toBeVisible();
  await expect(hebrew.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectAccessible(hebrew, 'the devices page in Hebrew');
  await hebrew.screenshot({ path: `${SHOTS}/devices-phone-he-390x844.png`, fullPage: true });
});
