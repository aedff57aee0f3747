import { test, expect } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

const LESSON = '/lessons/02-default-deny/#challenge-default-deny-deny-all-ingress';

async function open(page: import('@playwright/test').Page): Promise<SandboxPage> {
  await page.goto(LESSON);
  const sandbox = new SandboxPage(page, page.locator('#challenge-default-deny-deny-all-ingress .np-sandbox'));
  await sandbox.root.scrollIntoViewIfNeeded();
  await sandbox.ready();
  return sandbox;
}

test.describe('two tabs on one challenge', () => {
  test.skip(({ isMobile }) => isMobile, 'tabs behave alike at every width');

  test('a tab with nothing unsaved shows the other tab’s newer work, says so, and can go back', async ({
    context,
    page,
  }) => {
    const first = await open(page);
    const second = await open(await context.newPage());
    await first.setPolicies('# written in the first tab\n');
    const note = second.root.getByRole('status').filter({ hasText: 'changed in another tab' });
    await expect(note).toBeVisible();
    await expect(second.editor).toContainText('# written in the first tab');

    // Going back saves the second tab's version, and the first tab hears of it in turn.
    await note.getByRole('button', { name: 'Go back to this tab’s earlier version' }).click();
    await expect(second.editor).not.toContainText('# written in the first tab');
    await expect(first.root.getByRole('status').filter({ hasText: 'changed in another tab' })).toBeVisible();
    await expect(first.editor).not.toContainText('# written in the first tab');
  });

  test('edits in both tabs at once: neither overwrites the other until the learner picks one', async ({
    context,
    page,
  }) => {
    const first = await open(page);
    const secondPage = await context.newPage();
    const second = await open(secondPage);
    await second.setPolicies('');
    await expect(first.editor).not.toContainText('kind: NetworkPolicy');
    await first.root.getByRole('status').getByRole('button', { name: 'OK' }).click();

    // The second tab keeps typing (its save waits 400 ms after the last key) while the first one saves.
    await second.editor.click();
    await Promise.all([
      secondPage.keyboard.type('# second tab', { delay: 120 }),
      (async () => {
        await page.waitForTimeout(300);
        await first.setPolicies('# first tab\n');
      })(),
    ]);
    const conflict = second.root.getByRole('alert').filter({ hasText: 'also changed in another tab' });
    await expect(conflict).toBeVisible();
    await expect(second.editor).toContainText('# second tab');
    // Nothing was saved over the first tab's work meanwhile.
    await secondPage.waitForTimeout(800);
    await expect(first.editor).toContainText('# first tab');

    await conflict.getByRole('button', { name: 'Keep this tab’s version' }).click();
    await expect(conflict).toHaveCount(0);
    await expect(first.editor).toContainText('# second tab');
    await expect(first.root.getByRole('status').filter({ hasText: 'changed in another tab' })).toBeVisible();
  });
});
