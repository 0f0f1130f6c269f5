import { type Browser, type Page } from '@playwright/test';
import { expect, test, createExpedition, expectAccessible, join, newPage } from './helpers';

/** An expedition with a new canvas open on `page`, and `name` on a laptop with it open. */
async function twoOnACanvas(browser: Browser, lab: string, name: string) {
  const page = await newPage(browser);
  const code = await createExpedition(page, lab);
  await page.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await page.getByLabel('Canvas title').fill(`${lab} canvas`);
  await page.getByRole('button', { name: 'Create canvas' }).click();
  await expect(page.getByText('All changes saved')).toBeVisible();
  const other = await newPage(browser);
  await other.setViewportSize({ width: 1280, height: 800 });
  await join(other, code, name);
  await other.getByRole('link', { name: 'Open the canvases, or start one' }).click();
  await other.getByRole('link', { name: `${lab} canvas` }).click();
  await expect(other.getByText('All changes saved')).toBeVisible();
  return { page, other };
}

/** Counts the distinct ops this page posts from now on (a retried batch counts once). */
function countOps(page: Page): () => number {
  const ids = new Set<string>();
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/ops')) {
      for (const op of r.postDataJSON().ops) ids.add(op.id);
    }
  });
  return () => ids.size;
}

test('others see text as it is typed, and who is typing it', async ({ browser }) => {
  const { page, other } = await twoOnACanvas(browser, 'Live lab', 'שירה');
  // Typing, not yet Enter: the other page shows the text and "Yael is typing…".
  const ops = countOps(page);
  await page.getByRole('button', { name: 'Add sticky' }).click();
  const editor = page.getByLabel('Sticky text');
  await expect(editor).toBeFocused();
  const typed = 'Parks as classrooms';
  const started = Date.now();
  await editor.pressSequentially(typed, { delay: 20 });
  const elapsed = Date.now() - started;
  const theirs = other.locator('.sticky');
  await expect(theirs).toHaveCount(1);
  await expect(theirs.locator('.sticky-text')).toHaveText(typed);
  // Names are isolated for bidirectional text (U+2068 … U+2069).
  await expect(theirs.locator('.typing-mark')).toHaveText('\u2068Yael\u2069 is typing…');
  // Throttled: at most one op per 100 ms of typing (plus the sticky's making and the last).
  expect(ops()).toBeGreaterThan(2);
  expect(ops()).toBeLessThan(typed.length);
  expect(ops()).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);

  // The other opens the same sticky: each sees the other in it.
  await theirs.dblclick();
  await expect(other.getByLabel('Sticky text')).toBeFocused();
  await expect(other.locator('[role=status] .typing-mark')).toHaveText(/^\u2068Yael\u2069 is editing this sticky too\./);
  await expect(page.locator('[role=status] .typing-mark')).toHaveText(/^\u2068שירה\u2069 is editing this sticky too\./);
  await expectAccessible(page, 'a sticky being edited by two');

  // She leaves without a change; he finishes: the mark goes, the text stays, one undo step.
  await other.keyboard.press('Escape');
  await expect(page.locator('.typing-mark')).toHaveCount(0);
  await editor.press('Enter');
  await expect(theirs.locator('.typing-mark')).toHaveCount(0);
  await expect(theirs.locator('.sticky-text')).toHaveText(typed);
  // Making the sticky and typing its first text is one step: one undo takes it away.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(theirs).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('Escape puts back the text a sticky had; a new sticky emptied goes', async ({ browser }) => {
  const { page, other } = await twoOnACanvas(browser, 'Escape lab', 'Amir');
  await page.getByRole('button', { name: 'Add sticky' }).click();
  await page.getByLabel('Sticky text').fill('Libraries');
  await page.getByLabel('Sticky text').press('Enter');
  const theirs = other.locator('.sticky');
  await expect(theirs.locator('.sticky-text')).toHaveText('Libraries');

  // Edited live, then Escape: the others see the edit come and go.
  await page.locator('.sticky').dblclick();
  await page.getByLabel('Sticky text').fill('Libraries at night');
  await expect(theirs.locator('.sticky-text')).toHaveText('Libraries at night');
  await page.getByLabel('Sticky text').press('Escape');
  await expect(page.locator('.sticky .sticky-text')).toHaveText('Libraries');
  await expect(theirs.locator('.sticky-text')).toHaveText('Libraries');

  // A new sticky typed into, then emptied and left: gone everywhere, and not in undo.
  await page.getByRole('button', { name: 'Add sticky' }).click();
  await page.getByLabel('Sticky text').pressSequentially('Oops', { delay: 30 });
  await expect(theirs).toHaveCount(2);
  await page.getByLabel('Sticky text').fill('');
  await page.getByLabel('Sticky text').press('Enter');
  await expect(page.locator('.sticky')).toHaveCount(1);
  await expect(theirs).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.sticky')).toHaveCount(0, { timeout: 5000 });
});

test('a participant restores what she deleted; what others deleted says who may', async ({ browser }) => {
  const { page, other } = await twoOnACanvas(browser, 'Trash lab', 'Dana');
  for (const text of ['Hers to delete', 'His to delete']) {
    await page.getByRole('button', { name: 'Add sticky' }).click();
    await page.getByLabel('Sticky text').fill(text);
    await page.getByLabel('Sticky text').press('Enter');
  }
  await expect(other.locator('.sticky')).toHaveCount(2);
  await other.locator('.sticky', { hasText: 'Hers to delete' }).click();
  await other.keyboard.press('Delete');
  await page.locator('.sticky', { hasText: 'His to delete' }).click();
  await page.keyboard.press('Delete');
  await expect(other.locator('.sticky')).toHaveCount(0);

  await other.getByRole('button', { name: 'More' }).click();
  await other.getByRole('menuitem', { name: /Deleted stickies/ }).click();
  const list = other.locator('#deleted-list');
  const his = list.locator('li', { hasText: 'His to delete' });
  await expect(his.getByRole('button', { name: 'Restore' })).toBeDisabled();
  await expect(his.getByRole('button', { name: 'Restore' })).toHaveAccessibleDescription(
    'Only the facilitator or whoever deleted it can restore it.',
  );
  await expectAccessible(other, 'the deleted stickies, one not hers');
  await list.locator('li', { hasText: 'Hers to delete' }).getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('.sticky', { hasText: 'Hers to delete' })).toBeVisible();
  await expect(other.locator('.sticky', { hasText: 'Hers to delete' })).toBeVisible();
});

test('an open canvas follows its rename, archive and restore, and says when it is deleted', async ({ browser }) => {
  const { page, other } = await twoOnACanvas(browser, 'Changing lab', 'Dana');
  await page.getByRole('link', { name: 'All canvases' }).click();
  const card = page.locator('.canvas-card');

  await page.getByRole('button', { name: 'Rename: Changing lab canvas' }).click();
  await page.getByLabel('New title').fill('Renamed model');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'Renamed model' })).toBeVisible();
  await expect(other).toHaveTitle(/^Renamed model · Hevruta/);

  await page.getByRole('button', { name: 'Archive: Renamed model' }).click();
  await expect(other.getByRole('button', { name: 'Add sticky' })).toHaveCount(0);
  await expect(other.getByText('View only')).toBeVisible();
  await page.getByRole('button', { name: /Archived canvases/ }).click();
  await page.getByRole('button', { name: 'Restore: Renamed model' }).click();
  await expect(other.getByRole('button', { name: 'Add sticky' })).toBeVisible();

  // Offline, she writes a sticky; meanwhile the canvas is deleted. Back online, she is
  // told, and her text is there to copy.
  await other.context().setOffline(true);
  await other.getByRole('button', { name: 'Add sticky' }).click();
  await other.getByLabel('Sticky text').fill('Written on the train');
  await other.getByLabel('Sticky text').press('Enter');
  await expect(card).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete: Renamed model' }).click();
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(card).toHaveCount(0);
  await other.context().setOffline(false);
  const gone = other.getByRole('alert').filter({ hasText: 'This canvas was deleted by the facilitator.' });
  await expect(gone).toBeVisible({ timeout: 15000 });
  await expect(gone.locator('blockquote')).toHaveText('Written on the train');
  await expectAccessible(other, 'a canvas deleted while open');
  await gone.getByRole('link', { name: 'All canvases' }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'Model canvases' })).toBeVisible();
});
