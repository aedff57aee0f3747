import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { test, expect } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

const LESSON = '/lessons/02-default-deny/';
const CHALLENGE = 'default-deny/deny-all-ingress';
const ANCHOR = '#challenge-default-deny-deny-all-ingress';
const solution = (parse(readFileSync(`content/challenges/${CHALLENGE}.yaml`, 'utf8')) as { solution: string })
  .solution;

/** Every course challenge id (`lesson/file`), read from content/challenges as the site builds them. */
function courseChallengeIds(): string[] {
  const root = join('content', 'challenges');
  return readdirSync(root).flatMap((lesson) =>
    readdirSync(join(root, lesson))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `${lesson}/${f.replace(/\.yaml$/, '')}`),
  );
}

async function openChallenge(page: import('@playwright/test').Page): Promise<SandboxPage> {
  await page.goto(`${LESSON}${ANCHOR}`);
  const sandbox = new SandboxPage(page, page.locator(ANCHOR));
  await sandbox.root.scrollIntoViewIfNeeded();
  await sandbox.ready();
  return sandbox;
}

/**
 * Runs in the page before its own scripts: adds up every layout shift (and says what moved), and notes
 * whether the challenge's goals ever showed "not yet" while its box was not hidden for restoring.
 */
function recordShifts(): void {
  const w = window as unknown as { __shifts: string[]; __cls: number; __sawNotYet: boolean };
  w.__shifts = [];
  w.__cls = 0;
  w.__sawNotYet = false;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
      sources?: { node?: Node | null }[];
    })[]) {
      if (entry.hadRecentInput) continue;
      w.__cls += entry.value;
      // What moved, so a failure says where to look.
      const moved = (entry.sources ?? []).map((source) => {
        const node = source.node;
        return node instanceof Element ? `${node.tagName.toLowerCase()}.${node.className}` : 'text';
      });
      w.__shifts.push(`${entry.value.toFixed(4)} at ${Math.round(entry.startTime)} ms: ${moved.join(', ')}`);
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const watch = (): void => {
    const box = document.querySelector('#challenge-default-deny-deny-all-ingress');
    // The page marks the script just before a sandbox it hides while restoring (src/mdx/Sandbox.astro).
    const hidden = box?.previousElementSibling?.hasAttribute('data-restoring') ?? false;
    if (box && !hidden && /\bnot yet\b/.test(box.textContent ?? '')) w.__sawNotYet = true;
  };
  new MutationObserver(watch).observe(document, { subtree: true, childList: true, attributes: true });
}

/** What recordShifts saw so far. */
async function shiftsSeen(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __shifts: string[]; __cls: number; __sawNotYet: boolean };
    return { cls: w.__cls, shifts: w.__shifts, sawNotYet: w.__sawNotYet };
  });
}

test.describe('a learner coming back', () => {
  test('a solved challenge renders solved from the first paint after reload, with no layout shift', async ({
    page,
    problems,
  }) => {
    const sandbox = await openChallenge(page);
    await sandbox.setPolicies(solution);
    await expect(sandbox.root.getByText('Solved!')).toBeVisible();
    await page.waitForTimeout(600); // past the autosave delay, whatever it is

    // From the first byte of the reloaded page: every layout shift, and whether the goals ever showed
    // "not yet" (the starter's state) before the saved work came back.
    await page.addInitScript(recordShifts);
    await page.reload();
    const again = new SandboxPage(page, page.locator(ANCHOR));
    await expect(again.root.getByText('Solved!')).toBeVisible();
    await again.ready();
    await page.waitForTimeout(1000); // late islands (graph, editor) have loaded by now
    const seen = await shiftsSeen(page);
    expect(seen.sawNotYet, 'the starter\'s "not yet" showed before the saved work').toBe(false);
    expect(seen.cls, `layout shifts:\n${seen.shifts.join('\n')}`).toBe(0);
    expect(problems.errors).toEqual([]);
  });

  test('a first visit to a lesson with a sandbox has no layout shift', async ({ page, problems }) => {
    await page.addInitScript(recordShifts);
    const sandbox = await openChallenge(page);
    // The live graph loads once its drawing is on screen: nothing moves when it takes over either.
    await sandbox.root.getByRole('group', { name: 'Graph drawing' }).scrollIntoViewIfNeeded();
    await expect(sandbox.root.getByTestId('graph-canvas')).toBeVisible({ timeout: 15_000 });
    await page.waitForTimeout(500);
    const seen = await shiftsSeen(page);
    expect(seen.cls, `layout shifts:\n${seen.shifts.join('\n')}`).toBe(0);
    expect(problems.errors).toEqual([]);
  });

  test('a reload 100 ms after a keystroke keeps the keystroke', async ({ page, problems }) => {
    const sandbox = await openChallenge(page);
    await sandbox.setPolicies('# my notes\n');
    await page.waitForTimeout(600);
    await sandbox.editor.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('Q');
    await page.waitForTimeout(100);
    await page.reload();
    const again = new SandboxPage(page, page.locator(ANCHOR));
    await again.ready();
    await expect(again.editor).toContainText('# my notes');
    await expect(again.editor).toContainText('Q');
    expect(problems.errors).toEqual([]);
  });

  test('the progress page at full completion says the course is complete', async ({ page, problems }) => {
    const ids = courseChallengeIds();
    expect(ids.length).toBeGreaterThan(0);
    await page.addInitScript((all: string[]) => {
      localStorage.setItem(
        'netpol-lab:progress',
        JSON.stringify({
          challenges: Object.fromEntries(all.map((id) => [id, 'solved'])),
          last: { path: '/lessons/11-cluster-wide-guardrails/', title: 'Cluster-wide guardrails' },
        }),
      );
    }, ids);
    await page.goto('/progress/');
    await expect(page.getByText(`${ids.length} of ${ids.length}`, { exact: true })).toBeVisible();
    const done = page.getByRole('status').filter({ hasText: 'You have completed the course' });
    await expect(done).toBeVisible();
    await expect(done.getByRole('link', { name: 'playground' })).toHaveAttribute('href', '/playground/');
    await expect(done.getByRole('link', { name: 'workshop' })).toHaveAttribute('href', '/workshop/new/');
    await expect(page.getByRole('link', { name: /^Continue where you left off/ })).toHaveCount(0);

    // One challenge short: the link back is there again, and no claim of completion.
    await page.addInitScript((all: string[]) => {
      localStorage.setItem(
        'netpol-lab:progress',
        JSON.stringify({
          challenges: Object.fromEntries(all.slice(1).map((id) => [id, 'solved'])),
          last: { path: '/lessons/11-cluster-wide-guardrails/', title: 'Cluster-wide guardrails' },
        }),
      );
    }, ids);
    await page.reload();
    await expect(page.getByRole('link', { name: /^Continue where you left off/ })).toBeVisible();
    await expect(page.getByText('You have completed the course')).toHaveCount(0);
    expect(problems.errors).toEqual([]);
  });
});
