import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

/** Builds a workshop of course challenges `picks` (option indexes) titled `title`; returns its link. */
async function workshopLink(page: Page, title: string, picks: readonly number[]): Promise<string> {
  await page.goto('/workshop/new/');
  await page.getByLabel('Workshop title').fill(title);
  const pick = page.getByLabel('Add a course challenge');
  for (const index of picks) await pick.selectOption({ index });
  await expect(
    page.getByRole('list', { name: 'Exercises in this workshop' }).getByRole('listitem'),
  ).toHaveCount(picks.length);
  await page.getByRole('button', { name: 'Create workshop link' }).click();
  return page.getByLabel('Workshop link').inputValue();
}

const challengeHeading = (page: Page) => page.getByRole('heading', { name: /^Challenge:/ });

test.describe('links inside a workshop', () => {
  test.skip(({ isMobile }) => isMobile, 'the workshop flow runs at desktop width');

  test('Share inside a workshop makes a link that opens the exercise with the learner’s policies', async ({
    page,
    browser,
  }) => {
    const link = await workshopLink(page, 'Shared from a workshop', [1, 2]);
    await page.goto(link);
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    const title = await challengeHeading(page).textContent();
    await sandbox.setPolicies('# my attempt\n');
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'opens your policies' })).toBeVisible();
    const shared = await page.getByLabel('Share link').inputValue();

    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(shared);
    const opened = new SandboxPage(other);
    await opened.ready();
    await expect(opened.editor).toContainText('# my attempt');
    await expect(challengeHeading(other)).toHaveText(title ?? '');
    await expect(other.getByRole('alert')).toHaveCount(0);
    await context.close();
  });

  test('Back returns to the previous exercise, reload keeps the exercise, and Continue leads back to it', async ({
    page,
  }) => {
    const link = await workshopLink(page, 'Back and forth', [1, 2]);
    await page.goto(link);
    await expect(challengeHeading(page)).toBeVisible();
    const first = await challengeHeading(page).textContent();
    await page.getByRole('button', { name: 'Next exercise' }).click();
    await expect(challengeHeading(page)).not.toHaveText(first ?? '');
    const second = await challengeHeading(page).textContent();

    await page.goBack();
    await expect(page.getByRole('heading', { name: 'Back and forth' })).toBeVisible();
    await expect(challengeHeading(page)).toHaveText(first ?? '');
    await page.goForward();
    await expect(challengeHeading(page)).toHaveText(second ?? '');
    await page.reload();
    await expect(challengeHeading(page)).toHaveText(second ?? '');

    await page.goto('/progress/');
    await page.getByRole('link', { name: /^Continue where you left off:/ }).click();
    await expect(page.getByRole('heading', { name: 'Back and forth' })).toBeVisible();
    await expect(challengeHeading(page)).toHaveText(second ?? '');
  });

  test('another link pasted into the address bar while the page is open is opened', async ({ page }) => {
    const one = await workshopLink(page, 'Workshop one', [1]);
    const two = await workshopLink(page, 'Workshop two', [2]);
    await page.goto(one);
    await expect(page.getByRole('heading', { name: 'Workshop one' })).toBeVisible();
    await page.evaluate((hash) => (window.location.hash = hash), new URL(two).hash);
    await expect(page.getByRole('heading', { name: 'Workshop two' })).toBeVisible();

    // The playground alike: a share link replaced by another one shows the other state.
    await page.goto('/playground/');
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    const share = async (text: string): Promise<string> => {
      await sandbox.setPolicies(text);
      await page.getByRole('button', { name: 'Share' }).click();
      await expect(page.getByLabel('Share link')).not.toHaveValue('');
      const made = await page.getByLabel('Share link').inputValue();
      return made;
    };
    const first = await share('# first link\n');
    const second = await share('# second link\n');
    expect(second).not.toBe(first);
    await page.goto(first);
    await expect(sandbox.editor).toContainText('# first link');
    await page.evaluate((hash) => (window.location.hash = hash), new URL(second).hash);
    await expect(sandbox.editor).toContainText('# second link');
  });
});
