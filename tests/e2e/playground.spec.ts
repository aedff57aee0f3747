import { encodeShareState } from '../../src/engine/index.ts';
import { test, expect, axeViolations } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

const DENY_DB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: lock-db
  namespace: data
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

// A link made by v1 of the share format. Never change it: old links must keep opening.
const V1_LINK =
  'v1.NU_LagMxDPwVo_Pm0duia-8l0JKTL8JWN2IVydimISz778UNvYxgRqPRbNASG1VxwA1WsQwIkmEagNBuXmCfoLhKEm6AQEWuXJu4YTDuD6-r2HJc53YUP_28RRtXMHy8tMtwPqPduVOmThgtBKM7Y8hszwOp_jOtUGIMIzNaK5z-dovnT1ZO3SuGbY8GE6QbqbItPJ61pXJrJ1L1x-G7unW2UaB47aPUa87n-TxBqd49uQLC1_sF9v0X';

test.describe('playground', () => {
  test('a share link opened in a fresh browser restores the state exactly', async ({ page, browser }) => {
    await page.goto('/playground/?scenario=shop');
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    await sandbox.setPolicies(DENY_DB);
    await sandbox.choosePort('5432/TCP');
    await sandbox.root.getByRole('button', { name: 'Share' }).click();
    const field = sandbox.root.getByRole('textbox', { name: 'Share link' });
    await expect(field).toHaveValue(/\/playground\/#v1\./);
    const link = await field.inputValue();

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(link);
    const restored = new SandboxPage(other);
    await restored.ready();
    await expect(restored.editor).toContainText('name: lock-db');
    await expect(restored.root.getByRole('combobox', { name: 'Port' })).toHaveValue('5432/TCP');
    await expect(restored.root.getByRole('combobox', { name: 'Scenario' })).toHaveValue('shop');
    await restored.showTable();
    await restored.expectCell('storefront/frontend', 'data/product-db', 'denied');
    await fresh.close();
  });

  test('a shipped v1 link still opens, with its challenge', async ({ page }) => {
    await page.goto(`/playground/#${V1_LINK}`);
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    // The fixture names a challenge id from before the course existed: the page says so and stays usable.
    await expect(
      sandbox.root.getByRole('alert').or(sandbox.root.getByRole('region', { name: /^Challenge:/ })),
    ).toBeVisible();
  });

  test('a damaged link shows a clear message and the default playground', async ({ page, problems }) => {
    await page.goto('/playground/#v1.this-is-not-a-real-link');
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    await expect(sandbox.root.getByRole('alert')).toContainText('The share link is damaged');
    await expect(sandbox.root.getByRole('combobox', { name: 'Scenario' })).toBeVisible();
    expect(problems.errors).toEqual([]);
  });

  test('a pasted cluster gets a grid layout and live verdicts', async ({ page }) => {
    await page.goto('/playground/');
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    await page.getByRole('textbox', { name: /^Cluster YAML/ }).fill(`apiVersion: v1
kind: Pod
metadata: {name: web, namespace: demo, labels: {app: web}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: demo, labels: {app: client}}
spec: {containers: [{name: client, image: busybox}]}
`);
    await page.getByRole('button', { name: 'Use this cluster' }).click();
    await expect(sandbox.root.getByRole('combobox', { name: 'Scenario' })).toHaveValue('custom');
    await sandbox.showTable();
    await sandbox.expectCell('demo/client', 'demo/web', 'allowed');
    await sandbox.setPolicies(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: demo}
spec: {podSelector: {}, policyTypes: [Ingress]}
`);
    await sandbox.expectCell('demo/client', 'demo/web', 'denied');
  });

  test('policies download as a YAML file', async ({ page, isMobile }) => {
    test.skip(isMobile, 'downloads are checked at desktop width');
    await page.goto('/playground/?scenario=shop');
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    await sandbox.setPolicies(DENY_DB);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download policies (YAML)' }).click();
    expect((await download).suggestedFilename()).toBe('policies.yaml');
  });

  test('typing into the editor before the page script has run is kept', async ({ page, problems }) => {
    // Hold the playground's script back, as a slow phone does, while the learner already types.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/Playground\.[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/playground/');
    const sandbox = new SandboxPage(page);
    await sandbox.editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(DENY_DB);
    release();
    await expect(sandbox.root.getByRole('heading', { name: /Policies \(1 loaded\)/ })).toBeVisible({
      timeout: 15_000,
    });
    // It had the focus, so the full editor took over with the text.
    await expect(sandbox.editor).toHaveAttribute('contenteditable', 'true');
    await expect(sandbox.editor).toContainText('name: lock-db');
    expect(problems.errors).toEqual([]);
  });

  test('the full editor takes over the plain text area without losing a keystroke', async ({ page }) => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/PolicyEditor\.[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/playground/?scenario=shop');
    const sandbox = new SandboxPage(page);
    await expect(sandbox.root.getByRole('combobox', { name: 'Scenario' })).toHaveValue('shop');
    await expect(sandbox.root.getByRole('heading', { name: /Policies \(0 loaded\)/ })).toBeVisible();
    // The page starts with a plain text area: the learner can type at once, and the verdicts follow.
    await sandbox.editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(DENY_DB);
    await expect(sandbox.editor).toHaveValue(/name: lock-db/);
    await expect(sandbox.root.getByRole('heading', { name: /Policies \(1 loaded\)/ })).toBeVisible();
    // CodeMirror arrives while the caret is at the end; typing goes on in it, in the same place.
    release();
    await expect(sandbox.editor).toHaveAttribute('contenteditable', 'true', { timeout: 15_000 });
    await expect(sandbox.editor).toBeFocused();
    await page.keyboard.type('# typed in the full editor');
    await expect(sandbox.editor).toContainText(/policyTypes: \[Ingress\]\s*# typed in the full editor/);
    await sandbox.choosePort('5432/TCP');
    await sandbox.showTable();
    await sandbox.expectCell('storefront/frontend', 'data/product-db', 'denied');
  });

  test('a challenge opened by its id loads from the course list, and a missing one says so', async ({
    page,
    problems,
  }) => {
    await page.goto('/playground/?challenge=default-deny/deny-all-ingress');
    const sandbox = new SandboxPage(page);
    await expect(sandbox.root.getByRole('region', { name: /^Challenge:/ })).toBeVisible({ timeout: 15_000 });
    await page.goto('/playground/?challenge=default-deny/no-such-challenge');
    await expect(sandbox.root.getByRole('alert')).toContainText('This site has no challenge');
    problems.allow(/status of 503/, 'the test makes the challenge list fail to load');
    await page.route(/\/playground\/challenges\.json$/, (route) => route.fulfill({ status: 503 }));
    await page.goto('/playground/?challenge=default-deny/deny-all-ingress');
    await expect(sandbox.root.getByRole('alert')).toContainText(
      'The course challenges could not be loaded (the server answered 503)',
    );
    await expect(sandbox.root.getByRole('combobox', { name: 'Scenario' })).toBeVisible();
    await expect(sandbox.root.getByRole('region', { name: /^Challenge:/ })).toHaveCount(0);
  });

  test('the playground has no accessibility violations', async ({ page }) => {
    await page.goto('/playground/?scenario=shop');
    await new SandboxPage(page).ready();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('edits to a state opened from a share link are saved with that link and survive a reload', async ({
    page,
  }) => {
    const link = await encodeShareState({ scenario: { kind: 'id', id: 'shop' }, policies: DENY_DB });
    await page.goto(`/playground/#${link}`);
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    await expect(sandbox.editor).toContainText('name: lock-db');
    await sandbox.setPolicies(`${DENY_DB}# my own change\n`);
    await expect
      .poll(() => page.evaluate(() => Object.values(localStorage).join('\n')))
      .toContain('# my own change');
    await page.reload();
    await sandbox.ready();
    await expect(sandbox.editor).toContainText('# my own change');
    await expect(sandbox.root.getByText(/Your edits are saved in this browser with this link/)).toBeVisible();
  });

  test('a pasted cluster survives a reload, with the policies written for it', async ({ page }) => {
    await page.goto('/playground/');
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    await page.getByRole('textbox', { name: /^Cluster YAML/ }).fill(`apiVersion: v1
kind: Pod
metadata: {name: web, namespace: demo, labels: {app: web}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: demo, labels: {app: client}}
spec: {containers: [{name: client, image: busybox}]}
`);
    await page.getByRole('button', { name: 'Use this cluster' }).click();
    await sandbox.setPolicies(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: demo}
spec: {podSelector: {}, policyTypes: [Ingress]}
`);
    await expect
      .poll(() => page.evaluate(() => Object.values(localStorage).join('\n')))
      .toContain('name: client');
    await page.reload();
    await sandbox.ready();
    await expect(sandbox.root.getByRole('combobox', { name: 'Scenario' })).toHaveValue('custom');
    await sandbox.showTable();
    await sandbox.expectCell('demo/client', 'demo/web', 'denied');
  });
});
