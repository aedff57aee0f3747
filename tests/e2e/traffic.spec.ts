import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { parse } from 'yaml';
import { test, expect, axeViolations } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';
import type { Page } from '@playwright/test';

const LESSON = '/lessons/08-traffic-to-policy/';
const LOG = 'content/traffic/bakery-day.jsonl';
const CHALLENGES = ['debug-connection', 'dns-for-everyone', 'night-job'] as const;
const solution = (id: string): string =>
  (parse(readFileSync(`content/challenges/traffic-to-policy/${id}.yaml`, 'utf8')) as { solution: string })
    .solution;
const shots = process.env['SHOTS'] === '1';

async function openPlayground(page: Page): Promise<SandboxPage> {
  await page.goto('/playground/?scenario=bakery');
  const sandbox = new SandboxPage(page);
  await sandbox.ready();
  return sandbox;
}

test.describe('Traffic panel in the playground', () => {
  test('load a flow log, check it, generate from it: every observed connection allowed, then a denied one explained', async ({
    page,
    problems,
  }, info) => {
    // Many steps and an axe run over the whole playground: more than the default 30 s on a loaded machine.
    test.setTimeout(90_000);
    const sandbox = await openPlayground(page);
    const panel = page.getByRole('region', { name: 'Traffic' });
    await panel.getByLabel('Upload a flow log (JSON)').setInputFiles(LOG);
    await expect(
      panel.getByRole('status').filter({ hasText: 'Read 202 flows from bakery-day.jsonl' }),
    ).toContainText('14 observed connections');
    const observed = panel.getByRole('list', { name: 'Observed connections' });
    await expect(observed.getByRole('listitem')).toHaveCount(14);
    await expect(
      observed.getByRole('listitem').filter({ hasText: 'bakery/debug → bakery/db on 5432/TCP' }),
    ).toContainText('seen 1×');

    await panel.getByRole('button', { name: 'Check against traffic' }).click();
    await expect(
      panel
        .getByRole('status')
        .filter({ hasText: 'All 14 observed connections are allowed by the current policies.' }),
    ).toBeVisible();

    await panel.getByRole('button', { name: 'Generate from traffic' }).click();
    await expect(sandbox.editor).toContainText('name: db-observed');
    await expect(sandbox.root.getByRole('heading', { name: /Policies \(5 loaded\)/ })).toBeVisible();
    await expect(
      panel.getByRole('status').filter({ hasText: /^Generated 5 policies from bakery-day\.jsonl/ }),
    ).toBeVisible();
    await expect(
      panel.getByText('All 14 observed connections are allowed by the current policies.'),
    ).toBeVisible();
    await panel.getByText('All observed connections (14)').click();
    const all = panel.getByRole('list', { name: 'Observed connections and their verdicts' });
    await expect(all.getByText('allowed', { exact: true })).toHaveCount(14);
    if (shots)
      await page.screenshot({
        path: `screenshots/traffic-panel-generated-${info.project.name}.png`,
        fullPage: true,
      });

    // The check follows the editor: the tightened policies deny the debug pod's connection.
    await sandbox.setPolicies(solution('debug-connection'));
    await expect(
      panel.getByText('1 of 14 observed connections would be denied by the current policies.'),
    ).toBeVisible();
    const denied = panel.getByRole('list', { name: 'Observed connections the policies would deny' });
    await expect(denied.getByRole('listitem')).toHaveCount(1);
    await denied.getByRole('button', { name: 'why? bakery/debug → bakery/db on 5432/TCP' }).click();
    const why = panel.getByRole('region', { name: 'Why: bakery/debug → bakery/db on 5432/TCP' }).first();
    await expect(why).toContainText('Entering bakery/db (ingress)');
    await expect(why).toContainText('db-observed');
    if (shots)
      await page.screenshot({
        path: `screenshots/traffic-panel-why-${info.project.name}.png`,
        fullPage: true,
      });
    expect(problems.errors).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('pasted flows with bad lines: each shown as `line N: message` with a count, the good lines still read', async ({
    page,
  }) => {
    await openPlayground(page);
    const panel = page.getByRole('region', { name: 'Traffic' });
    const lines = readFileSync(LOG, 'utf8').split('\n');
    await panel.getByText('Paste flows').click();
    await panel
      .getByRole('textbox', { name: 'Hubble flows (JSON)' })
      .fill([lines[12], '{"flow": {', 'hello', lines[13]].join('\n'));
    await panel.getByRole('button', { name: 'Read these flows' }).click();
    const bad = panel.getByRole('alert');
    await expect(bad).toContainText('2 lines of pasted flows could not be read');
    await expect(bad.getByRole('listitem')).toHaveCount(2);
    await expect(bad.getByRole('listitem').first()).toContainText(/^line 2: /);
    await expect(bad.getByRole('listitem').nth(1)).toContainText(/^line 3: /);
    await expect(
      panel.getByRole('status').filter({ hasText: 'Read 2 flows from pasted flows' }),
    ).toContainText('1 observed connection');

    await panel.getByRole('textbox', { name: 'Hubble flows (JSON)' }).fill('not a flow log');
    await panel.getByRole('button', { name: 'Read these flows' }).click();
    await expect(panel.getByText('No flow could be read from pasted flows: 1 bad line.')).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Check against traffic' })).toHaveCount(0);
  });
});

test.describe('From traffic to policy lesson', () => {
  test('comes after HTTP-aware policies and before the capstone', async ({ page }) => {
    await page.goto('/lessons/08-http-aware-policies/');
    const names = await page.getByRole('navigation', { name: 'Main' }).locator('a').allTextContents();
    const at = names.findIndex((n) => n.includes('8b. HTTP-aware policies'));
    expect(names[at + 1]).toContain('8c. From traffic to policy');
    expect(names[at + 2]).toContain('9. Capstone');
    await page.getByRole('main').getByRole('link', { name: 'From traffic to policy', exact: true }).click();
    await expect(page).toHaveURL(LESSON);
  });

  test("the lesson's sandbox loads its flow log with one button, and generating fills the editor", async ({
    page,
    problems,
  }, info) => {
    await page.goto(LESSON);
    const first = page.locator('.np-wide').first();
    const sandbox = new SandboxPage(page, first.locator('.np-sandbox'));
    await sandbox.root.scrollIntoViewIfNeeded();
    await sandbox.ready();
    const panel = sandbox.root.getByRole('region', { name: 'Traffic' });
    await panel.getByRole('button', { name: "Load the lesson's flow log" }).click();
    await expect(panel.getByRole('list', { name: 'Observed connections' }).getByRole('listitem')).toHaveCount(
      14,
    );
    await panel.getByRole('button', { name: 'Generate from traffic' }).click();
    await expect(sandbox.editor).toContainText(
      '# Least-privilege NetworkPolicies generated from observed traffic (bakery-day.jsonl)',
    );
    await expect(
      panel.getByText('All 14 observed connections are allowed by the current policies.'),
    ).toBeVisible();
    if (shots)
      await page.screenshot({ path: `screenshots/traffic-lesson-${info.project.name}.png`, fullPage: true });
    expect(problems.errors).toEqual([]);
  });

  for (const id of CHALLENGES) {
    test(`challenge ${id} is solved by typing its solution`, async ({ page }) => {
      const anchor = `challenge-traffic-to-policy-${id}`;
      await page.goto(`${LESSON}#${anchor}`);
      const sandbox = new SandboxPage(page, page.locator(`#${anchor} .np-sandbox`));
      await sandbox.root.scrollIntoViewIfNeeded();
      await sandbox.ready();
      const challenge = sandbox.root.getByRole('region', { name: /^Challenge: / });
      await expect(challenge.getByRole('status').filter({ hasText: 'Solved!' })).toHaveCount(0);
      await sandbox.setPolicies(solution(id));
      await expect(challenge.getByRole('status').filter({ hasText: 'Solved!' })).toBeVisible();
    });
  }
});

const DB_FROM_ORDERS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-orders
  namespace: bakery
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: orders
      ports:
        - port: 5432
`;

test.describe('Observed traffic on the graph', () => {
  test('a loaded flow log is drawn on the graph and listed; a denied observed connection is flagged; the toggle hides it', async ({
    page,
    problems,
  }, info) => {
    test.setTimeout(90_000);
    const sandbox = await openPlayground(page);
    const panel = page.getByRole('region', { name: 'Traffic' });
    await panel.getByLabel('Upload a flow log (JSON)').setInputFiles(LOG);
    const observed = sandbox.root.getByRole('group', { name: 'Observed traffic' });
    const show = observed.getByRole('checkbox', { name: 'Show observed traffic' });
    await expect(show).toBeChecked();
    await expect(observed.getByRole('status')).toContainText('14 observed connections, 0 denied');
    const graph = sandbox.root.getByRole('img', { name: /Observed traffic from the flow log is drawn/ });
    await expect(graph).toHaveAccessibleName(/0 of \d+ observed pairs are denied/);
    await observed.getByText(/^Observed traffic on the graph/).click();
    const list = observed.getByRole('list', { name: 'Observed traffic on the graph' });
    await expect(list.getByRole('listitem').filter({ hasText: 'bakery/debug → bakery/db' })).toContainText(
      '5432/TCP seen 1×',
    );

    // Only orders may reach the database now: the debug pod's observed connection is denied, and said so.
    await sandbox.setPolicies(DB_FROM_ORDERS);
    await expect(observed.getByRole('status')).toContainText(/14 observed connections, [1-9]\d* denied/);
    await expect(observed.getByText(/^Observed but denied: .*bakery\/debug → bakery\/db\./)).toBeVisible();
    await expect(
      list
        .getByRole('listitem')
        .filter({ hasText: 'bakery/debug → bakery/db' })
        .getByText('denied', { exact: true }),
    ).toBeVisible();
    await expect(graph).toHaveAccessibleName(/[1-9]\d* of \d+ observed pairs are denied/);
    expect(await axeViolations(page)).toEqual([]);
    if (shots)
      await sandbox.root
        .getByRole('heading', { name: /Who can connect/ })
        .locator('xpath=ancestor::div[contains(@class,"np-pane-result")]')
        .screenshot({ path: `screenshots/traffic-observed-graph-${info.project.name}.png` });
    if (shots && info.project.name === 'desktop') {
      // The live graph (Cytoscape) draws the same once the pointer reaches for it.
      await sandbox.root.getByRole('group', { name: 'Graph drawing' }).hover();
      await expect(sandbox.root.getByTestId('graph-canvas')).toBeVisible();
      await page.waitForTimeout(500);
      await sandbox.root
        .getByRole('group', { name: 'Graph drawing' })
        .screenshot({ path: 'screenshots/traffic-observed-live-graph-desktop.png' });
    }

    // The same list is there with the table view.
    await sandbox.showTable();
    await expect(observed.getByRole('status')).toContainText('14 observed connections');

    await show.uncheck();
    await expect(observed.getByRole('status')).toHaveCount(0);
    await sandbox.root.getByRole('button', { name: 'Graph' }).click();
    await expect(sandbox.root.getByRole('img', { name: /Observed traffic from the flow log/ })).toHaveCount(
      0,
    );
    expect(problems.errors).toEqual([]);
  });
});

test.describe('The loaded flow log is kept with the work', () => {
  test('a reload brings the log back, drawn on the graph again', async ({ page, problems }) => {
    test.setTimeout(60_000);
    await openPlayground(page);
    const panel = page.getByRole('region', { name: 'Traffic' });
    await panel.getByLabel('Upload a flow log (JSON)').setInputFiles(LOG);
    await expect(
      panel.getByRole('status').filter({ hasText: 'Read 202 flows from bakery-day.jsonl' }),
    ).toBeVisible();
    await page.reload();
    const again = new SandboxPage(page);
    await again.ready();
    await expect(
      page
        .getByRole('region', { name: 'Traffic' })
        .getByRole('status')
        .filter({ hasText: 'Read 202 flows from bakery-day.jsonl' }),
    ).toBeVisible();
    await expect(
      again.root.getByRole('group', { name: 'Observed traffic' }).getByRole('status'),
    ).toContainText('14 observed connections');
    expect(problems.errors).toEqual([]);
  });
});

test.describe('Traffic panel before the island runs', () => {
  test("its controls are disabled until the sandbox runs; then the lesson's log loads with one click", async ({
    page,
  }) => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/Sandbox\.[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(LESSON);
    const root = page.locator('.np-wide').first();
    await root.scrollIntoViewIfNeeded();
    const panel = root.getByRole('region', { name: 'Traffic' });
    const load = panel.getByRole('button', { name: "Load the lesson's flow log" });
    await expect(load).toBeDisabled();
    await expect(panel.getByLabel('Upload a flow log (JSON)')).toBeDisabled();
    release();
    await load.click();
    await expect(panel.getByRole('list', { name: 'Observed connections' }).getByRole('listitem')).toHaveCount(
      14,
    );
  });
});

test.describe('The flow log in a share link', () => {
  test('a link carries the loaded log; one too large for a link is left out, and the link says so', async ({
    page,
    browser,
    problems,
  }) => {
    test.setTimeout(90_000);
    const sandbox = await openPlayground(page);
    const panel = page.getByRole('region', { name: 'Traffic' });
    await panel.getByLabel('Upload a flow log (JSON)').setInputFiles(LOG);
    await expect(
      panel.getByRole('status').filter({ hasText: 'Read 202 flows from bakery-day.jsonl' }),
    ).toBeVisible();
    await sandbox.root.getByRole('button', { name: 'Share' }).click();
    const link = await sandbox.root.getByLabel('Share link').inputValue();
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(link);
    const opened = new SandboxPage(other);
    await opened.ready();
    await expect(
      other
        .getByRole('region', { name: 'Traffic' })
        .getByRole('status')
        .filter({ hasText: 'Read 202 flows from bakery-day.jsonl' }),
    ).toBeVisible();
    await context.close();

    // Twice the day's flows: over the 300 KB a link carries.
    const twice = readFileSync(LOG, 'utf8').repeat(2);
    await panel.getByLabel('Upload a flow log (JSON)').setInputFiles({
      name: 'two-days.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(twice),
    });
    await expect(panel.getByRole('status').filter({ hasText: 'from two-days.jsonl' })).toBeVisible();
    await sandbox.root.getByRole('button', { name: 'Share' }).click();
    await expect(
      sandbox.root.getByRole('status').filter({ hasText: 'The flow log two-days.jsonl is not in the link' }),
    ).toBeVisible();
    expect(problems.errors).toEqual([]);
  });
});
