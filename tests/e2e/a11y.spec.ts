import { type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

for (const [lang, locale, dir] of [
  ['English', 'en-US', 'ltr'],
  ['Hebrew', 'he-IL', 'rtl'],
] as const) {
  test(`every route passes axe in ${lang}`, async ({ browser }) => {
    // Create and join in English (the helpers use English labels), then switch language.
    const facilitator = await newPage(browser);
    const code = await createExpedition(facilitator, `Axe lab ${lang}`);
    const partner = await newPage(browser);
    await join(partner, code, 'Noa');
    await expect(partner.getByText('Live', { exact: true })).toBeVisible();

    for (const page of [facilitator, partner]) {
      await page.getByLabel('Language').selectOption(locale.slice(0, 2));
      await expect(page.locator('html')).toHaveAttribute('dir', dir);
    }
    await expectAccessible(facilitator, `${lang} expedition (facilitator)`);
    await expectAccessible(partner, `${lang} expedition (participant)`);

    for (const path of ['/', `/join/${code}`, '/nowhere', '/session#token=forged']) {
      await partner.goto(path);
      await expect(partner.locator('html')).toHaveAttribute('lang', locale.slice(0, 2));
      await partner.locator('main').waitFor();
      await expectAccessible(partner, `${lang} ${path}`);
    }

    // Field errors are part of the page too.
    await partner.goto('/');
    await partner.locator('form button[type=submit]').first().click();
    await expect(partner.locator('[aria-invalid=true]').first()).toBeVisible();
    await expectAccessible(partner, `${lang} landing with errors`);
  });
}

test('the language follows the browser and is remembered', async ({ browser }) => {
  const page = await newPage(browser, 'ar-EG');
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.locator('#lang-select').selectOption('es');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { name: 'Unirse a una expedición' })).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});

test('the landing page works by keyboard alone', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('Join code')).toBeVisible(); // the app has rendered
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  // Tabbing reaches the join code field before the create form.
  for (let i = 0; i < 10; i++) {
    if (await page.getByLabel('Join code').evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(page.getByLabel('Join code')).toBeFocused();
});

test('the dark theme passes axe too', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Join code').waitFor();
  await expectAccessible(page, 'dark landing');
  const facilitator = await context.newPage();
  await createExpedition(facilitator, 'Dark lab');
  await expectAccessible(facilitator, 'dark expedition');
});

test('the facilitator can run the expedition home by keyboard', async ({ page }) => {
  await createExpedition(page, 'Keyboard lab');
  // After navigating, focus starts at the main content.
  await expect(page.locator('main')).toBeFocused();
  const advance = page.getByRole('button', { name: 'Move on to stage 2: Shared learning expedition' });
  for (let i = 0; i < 20 && !(await advance.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(advance).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('[aria-current="step"]')).toContainText('Shared learning expedition');
  // Focus stays on the same button, now offering the next stage.
  const next = page.getByRole('button', { name: "Move on to stage 3: Designing the city's model" });
  await expect(next).toBeFocused();
  // The stream may bring the new stage before the answer does: the button says busy until then.
  await expect(next).not.toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Enter');
  await expect(page.locator('[aria-current="step"]')).toContainText("Designing the city's model");
  // Going back with a stage's own button (which then disappears) keeps focus in the tracker.
  const back = page.getByRole('button', { name: 'Go to stage 1: Getting to know each other' });
  await back.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[aria-current="step"]')).toContainText('Getting to know each other');
  await expect(page.getByRole('heading', { name: 'The four stages' })).toBeFocused();
});

for (const [lang, code, dir] of [
  ['English', 'en', 'ltr'],
  ['Hebrew', 'he', 'rtl'],
] as const) {
  test(`the canvas pages pass axe in ${lang}`, async ({ browser }) => {
    const page = await newPage(browser);
    await createExpedition(page, `Canvas axe ${lang}`);
    await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
    await page.getByLabel('Canvas title').fill('Axe canvas');
    await page.getByRole('button', { name: 'Create canvas' }).click();
    await expect(page.getByText('All changes saved')).toBeVisible();
    await page.getByRole('button', { name: 'Add sticky' }).click();
    await page.getByLabel('Sticky text').fill('שלום, hello');
    await page.getByLabel('Sticky text').press('Enter');
    await page.getByLabel('Language').selectOption(code);
    await expect(page.locator('html')).toHaveAttribute('dir', dir);
    await expect(page.locator('.sticky')).toHaveCount(1);
    await expectAccessible(page, `${lang} canvas`);
    // The open menus, the deleted list and the editor are part of the page too.
    await page.locator('#more').click();
    await expect(page.locator('#more-menu [role=menuitem]:visible:not([disabled])').first()).toBeFocused();
    await expectAccessible(page, `${lang} canvas with its More menu open`);
    await page.locator('#deleted-toggle').click();
    await page.locator('[aria-controls=export-menu]').click();
    await expectAccessible(page, `${lang} canvas with the export menu and deleted list open`);
    await page.keyboard.press('Escape');
    await page.locator('.sticky').dblclick();
    await expectAccessible(page, `${lang} canvas with the editor open`);
    await page.keyboard.press('Escape');
    // The same canvas as a list.
    await page.locator('.view-switch button').nth(1).click();
    await expect(page.locator('#canvas-list-view')).toBeVisible();
    await expectAccessible(page, `${lang} canvas as a list`);
    await page.goBack();
    await page.locator('main h1').waitFor();
    await expectAccessible(page, `${lang} canvas list`);
  });
}
