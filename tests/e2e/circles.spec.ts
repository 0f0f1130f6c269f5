import { type Browser, type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

/** A facilitator and a participant, both on the learning circles page. */
async function twoOnTheCircles(browser: Browser, lab: string) {
  const page = await newPage(browser);
  const code = await createExpedition(page, lab);
  const other = await newPage(browser);
  await join(other, code, 'נועה', 'non-profit');
  for (const p of [page, other]) {
    await p.getByRole('link', { name: 'The three learning circles' }).click();
    await expect(p.getByRole('heading', { level: 1, name: 'Learning circles' })).toBeVisible();
  }
  return { page, other };
}

async function addLearning(page: Page, circle: string, title: string, text: string, themes = '') {
  await page.getByRole('button', { name: 'Add a learning' }).click();
  await page.getByRole('radio', { name: new RegExp(circle) }).check();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('What did you learn?').fill(text);
  if (themes) await page.getByLabel(/^Themes/).fill(themes);
  await page.getByRole('button', { name: 'Add learning' }).click();
  await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
}

/** How far a ring chip of `title` lies from the rings' centre, in the drawing's units. */
async function chipRadius(page: Page, title: string): Promise<number> {
  const chip = page.locator(`.ring-chip[aria-label^="${title}"] circle`);
  await expect(chip).toHaveCount(1);
  const [cx, cy] = await Promise.all([chip.getAttribute('cx'), chip.getAttribute('cy')]);
  return Math.hypot(Number(cx) - 230, Number(cy) - 230);
}

test('two members add learnings in different circles and each sees the other live', async ({ browser }) => {
  const { page, other } = await twoOnTheCircles(browser, 'Circles lab');
  await addLearning(page, '3rd circle', 'Makerspaces in Espoo', 'Libraries lend tools: https://example.org/espoo', 'makerspaces');
  await addLearning(other, '1st circle', 'שיעור בחצר', 'לימדתי מתמטיקה בחוץ');

  for (const p of [page, other]) {
    await expect(p.getByRole('heading', { level: 3, name: 'Makerspaces in Espoo' })).toBeVisible();
    await expect(p.getByRole('heading', { level: 3, name: 'שיעור בחצר' })).toBeVisible();
    const global = await chipRadius(p, 'Makerspaces in Espoo');
    expect(global).toBeGreaterThan(155);
    expect(global).toBeLessThan(228);
    expect(await chipRadius(p, 'שיעור בחצר')).toBeLessThan(80);
    await expect(p.getByText('1 learnings').first()).toBeVisible();
  }
  // Links in the text are links, to the address written.
  await expect(other.getByRole('link', { name: 'https://example.org/espoo' })).toHaveAttribute('href', 'https://example.org/espoo');
  // The thin circle says so.
  await expect(page.getByText("Nobody has added a colleague's lesson yet.")).toBeVisible();
  // Reactions: one per member, counted live.
  await other.getByRole('button', { name: 'I learned from this' }).first().click();
  await expect(page.getByText('1 learned from this')).toBeVisible();
});

test('a learning the facilitator hides disappears for participants and comes back', async ({ browser }) => {
  const { page, other } = await twoOnTheCircles(browser, 'Hiding lab');
  await addLearning(other, '2nd circle', 'Off topic', 'Something for another day');
  await expect(page.getByRole('heading', { level: 3, name: 'Off topic' })).toBeVisible();
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(other.getByRole('heading', { level: 3, name: 'Off topic' })).toHaveCount(0);
  await expect(page.getByText('Hidden', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Show again' }).click();
  await expect(other.getByRole('heading', { level: 3, name: 'Off topic' })).toBeVisible();
});

test('markup typed as a title, a text and a passion stays text', async ({ browser }) => {
  const { page, other } = await twoOnTheCircles(browser, 'XSS lab');
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  // Tags are short (40 characters at most): a shorter payload for themes and passions.
  const tag = '<img src=x onerror=window.__xss=3>';
  await addLearning(page, '1st circle', payload, `${payload} javascript:alert(1)`, tag);
  await expect(other.getByRole('heading', { level: 3, name: payload })).toBeVisible();
  await expect(other.locator('.learning-text').first()).toContainText('<script>');
  await expect(other.locator('.learning-list img, .learning-list script')).toHaveCount(0);
  await expect(other.getByRole('link', { name: /javascript/ })).toHaveCount(0);

  await other.getByRole('link', { name: 'My profile' }).click();
  await other.getByLabel(/^Dream/).fill('A city that teaches');
  await other.getByLabel(/^Passions/).fill(tag);
  await other.getByRole('button', { name: 'Save profile' }).click();
  await expect(other.getByText('Saved: the group sees your profile now.')).toBeVisible();
  await other.getByRole('navigation').getByRole('link', { name: 'Partners', exact: true }).click();
  await expect(other.locator('.profile-card .tag').first()).toContainText('<img');
  for (const p of [page, other]) {
    expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  }
});

test('a profile refused by its limits keeps what was typed, with the error by the field', async ({ browser }) => {
  const page = await newPage(browser);
  await createExpedition(page, 'Profile lab');
  await page.getByRole('link', { name: 'Partners and their profiles' }).click();
  await page.getByRole('link', { name: 'Write your profile' }).click();
  await page.getByLabel(/^Dream/).fill('Schools that teach each other');
  const many = Array.from({ length: 9 }, (_, i) => `passion ${i}`).join(', ');
  await page.getByLabel(/^Passions/).fill(many);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('At most 8.')).toBeVisible();
  await expect(page.getByLabel(/^Passions/)).toHaveValue(many);
  await expect(page.getByLabel(/^Passions/)).toBeFocused();
  await page.getByLabel(/^Passions/).fill('outdoor learning, Éducation');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Saved: the group sees your profile now.')).toBeVisible();
});

for (const [lang, code, dir] of [['English', 'en', 'ltr'], ['Hebrew', 'he', 'rtl']] as const) {
  test(`the partners, profile and circles pages pass axe in ${lang}`, async ({ browser }) => {
    // Created in English (the helpers' labels), then the language is switched.
    const page = await newPage(browser);
    await createExpedition(page, `Axe circles ${lang}`);
    await page.getByLabel('Language').selectOption(code);
    await expect(page.locator('html')).toHaveAttribute('dir', dir);
    const url = new URL(page.url());
    const id = url.pathname.split('/')[2];
    for (const path of ['partners', 'profile', 'circles']) {
      await page.goto(`/e/${id}/${path}`);
      await expect(page.locator('h1')).toBeVisible();
      await expectAccessible(page, `${path} in ${lang}`);
    }
  });
}
