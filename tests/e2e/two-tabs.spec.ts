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

/** Every value this site keeps in the browser's storage, joined (the autosave of the lesson among them). */
async function saved(page: import('@playwright/test').Page): Promise<string> {
  return page.evaluate(() => Object.values(localStorage).join('\n'));
}

/** The learner switches away from the tab: the page becomes hidden, as the browser tells it. */
async function hide(page: import('@playwright/test').Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

test.describe('two tabs on one challenge', () => {
  // Two sandboxes hydrating side by side: on a loaded 2-core machine a test takes 15-33 s.
  test.slow();

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
    // One clock for both tabs (it is the context's): paused, no debounced save runs until the test says so,
    // so the second tab holds unsaved typing for exactly as long as the test needs.
    await context.clock.install();
    const first = await open(page);
    const secondPage = await context.newPage();
    const second = await open(secondPage);
    await second.setPolicies('');
    await expect(first.editor).not.toContainText('kind: NetworkPolicy');
    await first.root.getByRole('status').getByRole('button', { name: 'OK' }).click();

    await context.clock.pauseAt((await secondPage.evaluate(() => Date.now())) + 1_000);
    await second.setPolicies('# second tab\n');
    await expect(second.editor).toContainText('# second tab');
    expect(await saved(page)).not.toContain('# second tab');

    // The first tab saves at once when the learner leaves it (pagehide / visibilitychange flush).
    await first.setPolicies('# first tab\n');
    await hide(page);
    await expect.poll(() => saved(page)).toContain('# first tab');
    const conflict = second.root.getByRole('alert').filter({ hasText: 'also changed in another tab' });
    await expect(conflict).toBeVisible();
    await expect(second.editor).toContainText('# second tab');

    // The second tab's pending save comes due: it must not write over the first tab's work.
    await context.clock.runFor(2_000);
    expect(await saved(page)).toContain('# first tab');
    expect(await saved(page)).not.toContain('# second tab');
    await expect(first.editor).toContainText('# first tab');

    await context.clock.resume();
    await conflict.getByRole('button', { name: 'Keep this tab’s version' }).click();
    await expect(conflict).toHaveCount(0);
    await expect.poll(() => saved(page)).toContain('# second tab');
    await expect(first.editor).toContainText('# second tab');
    await expect(first.root.getByRole('status').filter({ hasText: 'changed in another tab' })).toBeVisible();
  });
});
