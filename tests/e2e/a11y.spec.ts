import type { Locator, Page } from '@playwright/test';
import { test, expect, axeViolations } from './fixtures.ts';
import { builtPages } from './pages.ts';
import { SandboxPage } from './sandbox-page.ts';

// Accessibility of the hydrated islands (site.spec.ts sweeps every page before they hydrate).
const islandPages = [
  ...builtPages().filter((path) => path.startsWith('/lessons/')),
  '/playground/',
  '/builder/',
  '/progress/',
  '/workshop/new/',
];
const LESSON = '/lessons/02-default-deny/';
const ANCHOR = 'challenge-default-deny-deny-all-ingress';

/** Scrolls every island into view and waits until each hydrated and loaded its editor and graph. */
async function hydrateIslands(page: Page): Promise<void> {
  // An island element has no box of its own (display: contents), and Playwright's scroll waits for a stable
  // box, which hung once in CI; scroll to each island's content instead, as a reader scrolling down does.
  // Each island hydrates when it becomes visible, so the next scroll waits for that.
  for (const island of await page.locator('astro-island').all()) {
    await island.evaluate((element) => element.firstElementChild?.scrollIntoView({ block: 'center' }));
    await expect(island).not.toHaveAttribute('ssr', { timeout: 20_000 });
  }
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0, { timeout: 20_000 });
  // Each editor starts as a plain text area; pointing at it loads CodeMirror in its place.
  const editors = page.getByRole('textbox', { name: 'Policies (YAML)' });
  const editorCount = await editors.count();
  for (let i = 0; i < editorCount; i += 1) {
    await page.mouse.move(0, 0);
    await editors.nth(i).hover();
    await expect(editors.nth(i)).toHaveAttribute('contenteditable', 'true', { timeout: 20_000 });
  }
  // The live graph loads when the reader reaches for a drawing: hover each until it is the live one.
  const graphs = page.getByRole('img', { name: /^Graph of / });
  const count = await graphs.count();
  for (let i = 0; i < count; i += 1) {
    // From outside the page each time: a pointer already resting where the next drawing scrolls to never enters it.
    await page.mouse.move(0, 0);
    await graphs.nth(i).hover();
  }
  await expect(page.getByTestId('graph-canvas')).toHaveCount(count, { timeout: 20_000 });
}

/** Creates a two-exercise workshop in /workshop/new/ and returns its learner link. */
async function workshopLink(page: Page): Promise<string> {
  await page.goto('/workshop/new/');
  await page.getByLabel('Workshop title').fill('Friday policies');
  const pick = page.getByLabel('Add a course challenge');
  await pick.selectOption({ index: 1 });
  await pick.selectOption({ index: 2 });
  await page.getByRole('button', { name: 'Create workshop link' }).click();
  return page.getByLabel('Workshop link').inputValue();
}

/** Whether the focused element (or the editor frame around it) draws a focus ring at least 2 px wide. */
async function focusRingShown(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement)) return false;
    const ringed = active.closest<HTMLElement>('.np-editor') ?? active;
    const style = getComputedStyle(ringed);
    return (
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none'
    );
  });
}

/** Presses `key` until `target` has focus (at most `limit` times), checking each stop shows focus. */
async function tabTo(page: Page, target: Locator, key = 'Tab', limit = 40): Promise<void> {
  for (let step = 0; step < limit; step += 1) {
    // Each check is one query, so an element that swaps itself out as it takes focus (the editor's text
    // area, replaced by CodeMirror) is judged by what has focus now, not by a handle found a moment before.
    const focus = page.locator(':focus');
    if ((await target.and(focus).count()) > 0 || (await target.filter({ has: focus }).count()) > 0) return;
    // Tab indents inside the policy editor; its hint says how to leave it: Esc, then Tab or Shift+Tab.
    const inEditor = await page.evaluate(
      () => document.activeElement?.getAttribute('aria-multiline') === 'true',
    );
    if (inEditor) await page.keyboard.press('Escape');
    await page.keyboard.press(key);
    const name = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? '');
    expect(await focusRingShown(page), `focus ring on ${name}`).toBe(true);
  }
  throw new Error(`${key} did not reach the target in ${limit} presses`);
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`hydrated islands, ${theme} theme`, () => {
    test.use({ colorScheme: theme });

    for (const path of islandPages) {
      test(`${path} has no accessibility violations once its islands run`, async ({ page }) => {
        test.setTimeout(240_000); // axe over four live sandboxes is slow on a loaded 2-core machine
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await hydrateIslands(page);
        expect(await axeViolations(page)).toEqual([]);
      });
    }

    test('the workshop runner and the class view have no accessibility violations', async ({ page }) => {
      test.setTimeout(240_000);
      const link = await workshopLink(page);
      await page.goto(link);
      await expect(page.getByRole('heading', { name: 'Friday policies' })).toBeVisible();
      await hydrateIslands(page);
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(link.replace('/workshop/#', '/workshop/class/#'));
      await expect(page.getByRole('heading', { name: 'Friday policies' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}

for (const path of ['/', LESSON, '/playground/', '/workshop/new/', '/progress/']) {
  test(`every keyboard stop on ${path} shows a clear focus ring`, async ({ page, isMobile }) => {
    test.skip(isMobile, 'keyboard focus rings are checked on desktop');
    test.setTimeout(120_000);
    await page.goto(path);
    await hydrateIslands(page);
    const missing = new Set<string>();
    const seen = new Set<string>();
    // Header, sidebar, page and footer: a lesson has about 70 stops, so 90 presses cover each page once.
    for (let step = 0; step < 90; step += 1) {
      await page.keyboard.press('Tab');
      // Past the last stop focus leaves the page (the body is active) and the next press starts again at the top.
      const name = await page.evaluate(() =>
        document.activeElement === document.body
          ? ''
          : (document.activeElement?.outerHTML.slice(0, 100) ?? ''),
      );
      if (name === '') continue;
      seen.add(name);
      if (!(await focusRingShown(page))) missing.add(name);
    }
    expect(seen.size, 'the walk went past the header').toBeGreaterThan(5);
    expect([...missing]).toEqual([]);
  });
}

test.describe('the sandbox by keyboard alone', () => {
  test('edit, read the table, open an explanation and use the challenge controls without a mouse', async ({
    page,
  }) => {
    test.setTimeout(180_000); // dozens of key presses, each checked for a focus ring, on a loaded machine
    // Following the link to the challenge puts the keyboard's starting point at the sandbox.
    await page.goto(`${LESSON}#${ANCHOR}`);
    const sandbox = new SandboxPage(page, page.locator(`#${ANCHOR} .np-sandbox`));
    await sandbox.root.scrollIntoViewIfNeeded();
    await expect(sandbox.editor).toBeVisible({ timeout: 15_000 });

    // Into the editor with Tab (the full editor takes over the plain text area as it gets focus, and keeps
    // it); remove the `ingress: [{}]` rule that lets everything in.
    // Usually a few presses from the link's target; on a loaded machine Chromium has started from the top of
    // the page instead (header, sidebar and lesson text: about 66 stops), so allow the whole way.
    await tabTo(page, sandbox.editor, 'Tab', 80);
    await expect(sandbox.editor).toHaveAttribute('contenteditable', 'true');
    await expect(sandbox.editor).toBeFocused();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Backspace');

    // The verdict change is announced politely, as one sentence naming the changed flows.
    const live = sandbox.root.locator('.np-changes [aria-live]');
    await expect(live).toHaveAttribute('aria-live', 'polite');
    await expect(live).toContainText(/^Your last edit changed \d+ connections: /);
    await expect(live).toContainText('search/product-search to data/product-db on 5432/TCP is now denied');

    // Tab is not captured by the editor: Escape closes any completion list, Tab moves on.
    await page.keyboard.press('Escape');
    const tableButton = sandbox.root.getByRole('button', { name: 'Table' });
    await tabTo(page, tableButton);
    await page.keyboard.press('Enter');
    await expect(tableButton).toHaveAttribute('aria-pressed', 'true');

    // One tab stop into the table, then arrow keys between cells.
    const table = sandbox.root.getByRole('table', { name: /Who can open a connection to whom/ });
    await tabTo(page, table);
    const first = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const moved = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(moved).not.toBe(first);
    expect(moved).toMatch(/: (allowed|denied)$/);
    expect(await focusRingShown(page)).toBe(true);
    await page.keyboard.press('Enter');
    const pair = moved.replace(/: (allowed|denied)$/, '');
    await expect(
      sandbox.root.getByRole('heading', { level: 3 }).filter({ hasText: pair.split(' to ')[0] ?? '' }),
    ).toBeVisible();

    // Back up to the challenge: a hint, then the solution behind its confirmation.
    const hint = sandbox.root.getByRole('button', { name: /^Show hint 1 of/ });
    await tabTo(page, hint, 'Shift+Tab', 80);
    await page.keyboard.press('Enter');
    await expect(sandbox.root.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
    const solution = sandbox.root.getByRole('button', { name: 'Show solution' });
    await tabTo(page, solution);
    await page.keyboard.press('Enter');
    const confirm = sandbox.root.getByRole('alertdialog');
    await expect(confirm).toBeVisible();
    await tabTo(page, confirm.getByRole('button', { name: 'Yes, show the solution' }));
    await page.keyboard.press('Enter');
    await expect(sandbox.root.getByRole('status').filter({ hasText: 'Solved with help.' })).toBeVisible();
    await expect(sandbox.root.getByText(/^(\d+) of \1 checks met$/)).toBeVisible();

    // Reset is reachable too, and its undo.
    await tabTo(page, sandbox.root.getByRole('button', { name: 'Reset' }), 'Shift+Tab');
    await page.keyboard.press('Enter');
    await tabTo(page, sandbox.root.getByRole('button', { name: 'Undo' }));
  });

  test('the graph names the truth table as its text alternative', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(`${LESSON}#${ANCHOR}`);
    const sandbox = new SandboxPage(page, page.locator(`#${ANCHOR} .np-sandbox`));
    await sandbox.root.scrollIntoViewIfNeeded();
    await sandbox.ready();
    const graph = sandbox.root.getByRole('img', { name: /^Graph of The shop on 5432\/TCP/ });
    await expect(graph).toHaveAccessibleName(/The Table button shows the same as text\.$/);
    // The table it points to sits next to it in the same pane and holds every pair the graph draws.
    await sandbox.root
      .getByRole('group', { name: 'Show as' })
      .getByRole('button', { name: 'Table' })
      .press('Enter');
    const table = sandbox.root.getByRole('table', { name: /Who can open a connection to whom on 5432\/TCP/ });
    await expect(table).toBeVisible();
    await expect(graph).toHaveCount(0);
    const pods = await table.getByRole('rowheader').count();
    await expect(table.getByRole('button', { name: /: (allowed|denied)$/ })).toHaveCount(pods * (pods - 1));
  });
});
