import type { Page } from '@playwright/test';
import { encodeProgress, encodeWorkshop } from '../../src/engine/index.ts';
import { test, expect } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

// The UI rows of docs/reliability.md: hostile input where the behaviour lives in the page.

const STORAGE_NOTICE =
  'Your browser is not letting this site save, so your work is kept only until you leave the page.';

const DENY_DB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: lock-db
  namespace: data
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

/** Makes every localStorage read and/or write throw, as blocked storage and a full quota do. */
async function breakStorage(page: Page, failing: { read: boolean; write: boolean }): Promise<void> {
  await page.addInitScript((fail) => {
    type Method = (this: Storage, ...args: string[]) => string | null;
    const original = (name: string): Method =>
      Object.getOwnPropertyDescriptor(Storage.prototype, name)?.value as Method;
    const readItem = original('getItem');
    const writeItem = original('setItem');
    Storage.prototype.getItem = function blockedRead(this: Storage, key: string): string | null {
      if (fail.read && key.startsWith('netpol-lab:')) throw new DOMException('blocked', 'SecurityError');
      return readItem.call(this, key);
    };
    Storage.prototype.setItem = function fullWrite(this: Storage, key: string, value: string): void {
      if (fail.write && key.startsWith('netpol-lab:')) throw new DOMException('full', 'QuotaExceededError');
      writeItem.call(this, key, value);
    };
  }, failing);
}

/** The text autosave keeps for the playground, all keys joined. */
async function autosaved(page: Page): Promise<string> {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('netpol-lab:sandbox:playground:'))
      .map((key) => localStorage.getItem(key) ?? '')
      .join('\n'),
  );
}

/** Waits for the full editor; generous, because CodeMirror loads late and these pages are busy. */
async function openSandbox(page: Page): Promise<SandboxPage> {
  const sandbox = new SandboxPage(page);
  await sandbox.ready(60_000);
  return sandbox;
}

test.describe('hostile input in the browser', () => {
  test.describe.configure({ timeout: 120_000 });

  test('hostile: localStorage that throws on read keeps the edit in memory and says so', async ({
    page,
    problems,
  }) => {
    await breakStorage(page, { read: true, write: true });
    await page.goto('/playground/');
    const sandbox = await openSandbox(page);
    await expect(sandbox.root.getByRole('status').filter({ hasText: STORAGE_NOTICE })).toBeVisible();
    await sandbox.setPolicies(DENY_DB);
    await expect(sandbox.root.getByRole('heading', { name: /Policies \(1 loaded\)/ })).toBeVisible();
    await page.waitForTimeout(600); // past the autosave debounce: the failing write must not lose the text
    await expect(sandbox.editor).toContainText('name: lock-db');
    expect(problems.errors).toEqual([]);
  });

  test('hostile: localStorage that throws on write keeps the edit in memory and says so', async ({
    page,
    problems,
  }) => {
    await breakStorage(page, { read: false, write: true });
    await page.goto('/playground/');
    const sandbox = await openSandbox(page);
    await sandbox.setPolicies(DENY_DB);
    await expect(sandbox.root.getByRole('status').filter({ hasText: STORAGE_NOTICE })).toBeVisible();
    await expect(sandbox.editor).toContainText('name: lock-db');
    await expect(sandbox.root.getByRole('heading', { name: /Policies \(1 loaded\)/ })).toBeVisible();
    expect(problems.errors).toEqual([]);
  });

  for (const [what, hash, message] of [
    ['a damaged share link', 'v1.AAAA', 'The share link is damaged'],
    [
      'a truncated share link',
      'v1.NU_LagMxDPwVo_Pm0duia-8l0JKTL8JWN2IVydimISz778UNvYxgRq',
      'The share link is damaged',
    ],
    ['a future-version share link', 'v9.AAAA', 'made by a newer version of NetPol Lab'],
    ['an oversized share link', `v1.${'A'.repeat(120_004)}`, 'too large to open safely'],
  ] as const) {
    test(`hostile: ${what} in the URL shows a message and keeps the autosaved work`, async ({
      page,
      problems,
    }) => {
      await page.goto('/playground/');
      const sandbox = await openSandbox(page);
      await sandbox.setPolicies(DENY_DB);
      await expect.poll(() => autosaved(page)).toContain('lock-db');

      await page.goto('about:blank');
      await page.goto(`/playground/#${hash}`);
      await sandbox.ready(60_000);
      await expect(sandbox.root.getByRole('alert')).toContainText(message);
      await expect(sandbox.editor).toContainText('name: lock-db');
      expect(problems.errors).toEqual([]);
    });
  }

  test('hostile: a 1 MB paste into the playground gives a size message and keeps the text', async ({
    page,
    problems,
  }) => {
    await page.goto('/playground/');
    const sandbox = await openSandbox(page);
    const paste = `${DENY_DB}---\n`.repeat(Math.ceil(1_000_000 / (DENY_DB.length + 4)));
    // A real paste event (as Ctrl+V delivers it), not a megabyte of simulated typing.
    await sandbox.editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await sandbox.editor.evaluate((element, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      element.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, paste);
    const problemsList = sandbox.root.getByRole('list', { name: 'Problems' });
    await expect(problemsList).toContainText(
      `input is ${paste.length.toLocaleString('en')} characters, more than the limit of 300,000`,
    );
    await expect(problemsList).toContainText('Fix: Split the manifests into smaller files');
    await expect(sandbox.root.getByRole('heading', { name: /Policies \(0 loaded\)/ })).toBeVisible();
    expect(await sandbox.editor.evaluate((el) => (el.textContent ?? '').length)).toBeGreaterThan(0);
    expect(problems.errors).toEqual([]);
  });

  test('hostile: HTML and script in names and titles stay text', async ({ page, problems }) => {
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await page.goto('/playground/');
    const sandbox = await openSandbox(page);
    await page.getByRole('textbox', { name: /^Cluster YAML/ }).fill(`apiVersion: netpol-lab/v1
kind: Scenario
metadata: {name: s}
spec: {title: "<img src=x onerror=alert(1)>", description: "<script>alert(2)</script>"}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: demo, labels: {app: web}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
`);
    await page.getByRole('button', { name: 'Use this cluster' }).click();
    await sandbox.setPolicies(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: "<script>alert(3)</script>", namespace: demo}
spec: {podSelector: {matchLabels: {app: "<img src=x onerror=alert(4)>"}}}
`);
    const problemsList = sandbox.root.getByRole('list', { name: 'Problems' });
    await expect(problemsList).toContainText('metadata.name: Invalid value: "<script>alert(3)</script>"');
    await expect(problemsList).toContainText('Invalid value: "<img src=x onerror=alert(4)>"');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator('.np-sandbox script')).toHaveCount(0);
    expect(dialogs).toBe(0);
    expect(problems.errors).toEqual([]);
  });

  test('hostile: a future-version workshop link says a newer version made it', async ({ page }) => {
    await page.goto('/workshop/#w9.AAAA');
    await expect(page.getByRole('alert')).toContainText('made by a newer version of NetPol Lab');
  });

  test('hostile: damaged, future-version and script-laden progress codes in the class view', async ({
    page,
    problems,
  }) => {
    const workshop = await encodeWorkshop({
      title: 'Hostile class',
      exercises: [{ ref: 'ingress/allow-frontend' }],
    });
    if (!workshop.ok) throw new Error(workshop.message);
    await page.goto(`/workshop/class/#${workshop.payload}`);
    await expect(page.getByRole('heading', { name: 'Hostile class' })).toBeVisible();
    const good = await encodeProgress({
      workshop: workshop.id,
      learner: '<img src=x onerror=alert(1)>',
      statuses: ['solved'],
    });
    await page
      .getByLabel('Progress codes, one per line')
      .fill(`${good}\np9.AAAA\np1.AAAA\n${good.slice(0, 20)}`);
    await page.getByRole('button', { name: 'Import codes' }).click();
    const table = page.getByRole('table', { name: /Who solved what/ });
    await expect(table.getByRole('row', { name: /<img src=x onerror=alert\(1\)>/ })).toBeVisible();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Line 2');
    await expect(alert).toContainText('made by a newer version');
    await expect(alert).toContainText('Line 4');
    await expect(page.getByText(/^Progress codes are self-reported/)).toBeVisible();
    expect(problems.errors).toEqual([]);
  });

  test('hostile: 200,000 junk tokens in the class view: 1,000 read, five problems listed, the rest behind a disclosure and counted', async ({
    page,
    problems,
  }) => {
    const workshop = await encodeWorkshop({
      title: 'Junk class',
      exercises: [{ ref: 'ingress/allow-frontend' }],
    });
    if (!workshop.ok) throw new Error(workshop.message);
    await page.goto(`/workshop/class/#${workshop.payload}`);
    await expect(page.getByRole('heading', { name: 'Junk class' })).toBeVisible();
    // Twenty files of 10,000 junk lines each (a paste this large stalls Playwright's fill, not the page).
    const file = Buffer.from(Array.from({ length: 10_000 }, () => 'p1.junk').join('\n'));
    await page.getByLabel('Or upload progress files').setInputFiles(
      Array.from({ length: 20 }, (_, i) => ({
        name: `junk-${i}.txt`,
        mimeType: 'text/plain',
        buffer: file,
      })),
    );
    const listed = page.getByRole('alert').filter({ hasText: 'could not be imported' });
    await expect(listed).toContainText('1,000 codes could not be imported; the first 5 are:');
    await expect(listed.getByRole('listitem')).toHaveCount(5);
    await expect(
      page.getByRole('alert').filter({ hasText: 'Only the first 1,000 codes were read' }),
    ).toContainText('199,000 more were left out');
    await listed.getByText('995 more', { exact: true }).click();
    await expect(listed.getByRole('listitem')).toHaveCount(20);
    await expect(listed).toContainText('and 980 more, not listed one by one');
    expect(problems.errors).toEqual([]);
  });
});
