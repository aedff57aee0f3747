import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { test, expect, axeViolations } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

const LESSON = '/lessons/08-http-aware-policies/';
const ANCHOR = 'challenge-http-aware-policies-dock-only';
const solution = (
  parse(readFileSync('content/challenges/http-aware-policies/dock-only.yaml', 'utf8')) as { solution: string }
).solution;

async function openChallenge(page: import('@playwright/test').Page): Promise<SandboxPage> {
  await page.goto(`${LESSON}#${ANCHOR}`);
  const sandbox = new SandboxPage(page, page.locator(`#${ANCHOR} .np-sandbox`));
  await sandbox.root.scrollIntoViewIfNeeded();
  await sandbox.ready();
  return sandbox;
}

test.describe('HTTP-aware policies lesson', () => {
  test('comes right after DNS-aware egress in the course, and the earlier lesson links to it', async ({
    page,
  }) => {
    await page.goto('/lessons/08-dns-aware-egress/');
    const course = page.getByRole('navigation', { name: 'Main' });
    // Text content, not inner text: on a phone the course list sits in the closed menu.
    const names = await course.locator('a').allTextContents();
    const at = names.findIndex((n) => n.includes('8. DNS-aware egress'));
    expect(names[at + 1]).toContain('8b. HTTP-aware policies (L7)');
    expect(names[at + 2]).toContain('8c. From traffic to policy');
    expect(names[at + 3]).toContain('9. Capstone');
    await page.getByRole('main').getByRole('link', { name: 'HTTP-aware policies', exact: true }).click();
    await expect(page).toHaveURL(LESSON);
    await expect(page.getByRole('heading', { level: 1, name: 'HTTP-aware policies' })).toBeVisible();
  });

  test('goals name their requests, the solution meets them, and the Why pane explains a refused request', async ({
    page,
    problems,
  }) => {
    const sandbox = await openChallenge(page);
    const challenge = sandbox.root.getByRole('region', { name: /Challenge: Vessels may only ask to dock/ });
    await expect(challenge.getByText('fleet/ferry → harbor/berths:8080/TCP POST /v1/dock')).toBeVisible();
    await expect(
      challenge.getByText('fleet/ferry → harbor/berths:8080/TCP DELETE /v1/berths/3'),
    ).toBeVisible();
    await sandbox.setPolicies(solution);
    await expect(challenge.getByRole('status').filter({ hasText: 'Solved!' })).toBeVisible();
    await challenge
      .getByRole('button', { name: 'why? fleet/ferry → harbor/berths:8080/TCP DELETE /v1/berths/3' })
      .click();
    const why = sandbox.root.getByRole('heading', {
      name: 'fleet/ferry → harbor/berths on 8080/TCP: DELETE /v1/berths/3',
    });
    await expect(why).toBeVisible();
    await expect(sandbox.root.locator('.np-explain')).toContainText('request refused: HTTP 403 Forbidden');
    await expect(sandbox.root.locator('.np-explain')).toContainText(
      'ingress[0].toPorts[0].rules.http[0] (method POST, path /v1/dock): method DELETE does not match POST',
    );
    expect(problems.errors).toEqual([]);
  });

  test('the graph marks L7-filtered arrows with a legend entry, the table names them', async ({ page }) => {
    const sandbox = await openChallenge(page);
    await sandbox.setPolicies(solution);
    await expect(
      sandbox.root.getByRole('img', {
        name: /dotted arrows marked HTTP are allowed with each request filtered/,
      }),
    ).toBeVisible();
    await expect(sandbox.root.getByText('allowed, HTTP rules filter each request')).toBeVisible();
    await sandbox.showTable();
    await expect(
      sandbox.root.getByRole('button', {
        name: 'fleet/ferry to harbor/berths: allowed, HTTP rules filter each request',
      }),
    ).toBeVisible();
    await sandbox.expectCell('harbor/harbormaster', 'harbor/berths', 'allowed');
    await sandbox.expectCell('monitoring/uptime', 'harbor/berths', 'denied');
  });

  test('has no accessibility violations', async ({ page }) => {
    await openChallenge(page);
    expect(await axeViolations(page)).toEqual([]);
  });
});
