import { expect, test, createExpedition, join, newPage } from './helpers';

test('a second member appears live and stage changes reach everyone', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator);

  const partner = await newPage(browser);
  await join(partner, code, 'Dana from the bakery');
  await expect(partner.getByRole('heading', { level: 1, name: 'Hadera learning lab' })).toBeVisible();
  await expect(partner.getByText('Live', { exact: true })).toBeVisible();

  // The facilitator sees the new partner without reloading, and hears about it.
  await expect(facilitator.getByText('Dana from the bakery', { exact: true })).toBeVisible();
  await expect(facilitator.getByRole('status')).toContainText('Dana from the bakery joined.');
  await expect(facilitator.getByText('2 of 6 sectors present')).toBeVisible();

  // Only the facilitator has stage controls.
  await expect(partner.getByRole('button', { name: /Move on to stage/ })).toHaveCount(0);
  await facilitator.getByRole('button', { name: 'Move on to stage 2: Shared learning expedition' }).click();
  await expect(facilitator.locator('[aria-current="step"]')).toContainText('Shared learning expedition');
  await expect(partner.locator('[aria-current="step"]')).toContainText('Shared learning expedition');
  await expect(partner.getByRole('status')).toContainText('moved to stage 2');

  // A reload keeps the session and the state.
  await partner.reload();
  await expect(partner.locator('[aria-current="step"]')).toContainText('Shared learning expedition');
  await expect(partner.getByText('Yael', { exact: true })).toBeVisible();
});

test('the facilitator edits the challenge and partners see it live', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Netanya lab');
  const partner = await newPage(browser);
  await join(partner, code, 'Amir', 'non-profit');
  await expect(partner.getByRole('heading', { level: 1, name: 'Netanya lab' })).toBeVisible();

  await facilitator.getByRole('button', { name: 'Edit title and challenge' }).click();
  await facilitator.getByLabel('Challenge question').fill('What can every school teach the others?');
  await facilitator.getByRole('button', { name: 'Save' }).click();
  await expect(partner.getByText('What can every school teach the others?')).toBeVisible();
});

test('wrong and malformed join codes get clear errors and keep what was typed', async ({ page }) => {
  await page.goto('/');
  const form = page.getByRole('region', { name: 'Join an expedition' });
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(form.getByText('This field is required.')).toBeVisible();
  await expect(form.getByText('Please choose one.')).toBeVisible();
  await expect(form.getByLabel('Join code')).toBeFocused();

  // A wrong code is checked as soon as it is whole, and said at the code field.
  await form.getByLabel('Join code').fill('ZZZZ-ZZZZ-ZZZZ');
  await expect(form.locator('#join-code-error')).toContainText('No expedition has this code');
  await form.getByLabel('Your name').fill('Noa');
  await form.getByLabel('Your sector').selectOption('learner');
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(form.getByLabel('Join code')).toBeFocused();
  await expect(form.getByLabel('Your name')).toHaveValue('Noa');

  await form.getByLabel('Join code').fill('12');
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(form.getByText('A join code has 12 letters and digits')).toBeVisible();
});

test('user text is shown as text, never as markup', async ({ browser }) => {
  const facilitator = await newPage(browser);
  await createExpedition(facilitator, '<img src=x onerror=alert(1)> lab');
  await expect(facilitator.getByRole('heading', { level: 1 })).toHaveText('<img src=x onerror=alert(1)> lab');
  await expect(facilitator.locator('main img')).toHaveCount(0);
});

test('unknown addresses and foreign expeditions explain themselves', async ({ page }) => {
  await page.goto('/nowhere/at/all');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.goto('/e/0199aaaa-0000-7000-8000-000000000000');
  await expect(page.getByText('You are not in this expedition on this device')).toBeVisible();
  await page.goto('/e/not-an-id');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.goto('/session#token=forged');
  await expect(page.getByText('This link does not hold a valid session')).toBeVisible();
});

test('a projector screen joins read-only', async ({ browser }) => {
  const facilitator = await newPage(browser);
  const code = await createExpedition(facilitator, 'Projector lab');
  const screen = await newPage(browser);
  await screen.goto(`/join/${code}`);
  const form = screen.getByRole('region', { name: 'Join an expedition' });
  await expect(form.getByLabel('Join code')).toHaveValue(code);
  await form.getByLabel('Your name').fill('Hall projector');
  await form.getByLabel('This is a projector screen (read-only)').check();
  await expect(form.getByLabel('Your sector')).toHaveCount(0);
  await form.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(screen.getByText('Projector view: read-only.')).toBeVisible();
  await expect(screen.getByRole('button', { name: /stage/ })).toHaveCount(0);
  await expect(facilitator.getByRole('heading', { name: 'Screens' })).toBeVisible();
  await expect(facilitator.getByText('(1 partner)')).toBeVisible();
});
