import { parseAllDocuments } from 'yaml';
import { test, expect, axeViolations } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

// Every pod of the conformance model isolated both ways: nothing is allowed.
const DENY_ALL = ['x', 'y', 'z']
  .map(
    (ns) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
  )
  .join('---\n');

async function openModel(sandbox: SandboxPage): Promise<void> {
  await sandbox.page.goto('/playground/?scenario=model');
  await sandbox.ready();
  await sandbox.setPolicies(DENY_ALL);
  await sandbox.showTable();
  await expect(allowedCells(sandbox)).toHaveCount(0);
}

const allowedCells = (sandbox: SandboxPage) =>
  sandbox.root.getByRole('button', { name: /^[a-z]\/[a-z] to [a-z]\/[a-z]: allowed$/ });
const status = (sandbox: SandboxPage) =>
  sandbox.root.getByRole('status').filter({ hasText: /newly|Could not|Converted/ });

/** The editor's text, read from the page (CodeMirror renders only what is in view; this one is short). */
async function editorText(sandbox: SandboxPage): Promise<string> {
  return (await sandbox.editor.locator('.cm-line').allInnerTexts()).join('\n');
}

test.describe('authoring from the picture', () => {
  test('allow one connection by clicking it: exactly one more allowed, valid YAML; undo', async ({
    page,
  }) => {
    const sandbox = new SandboxPage(page);
    await openModel(sandbox);
    await sandbox.cell('x/a', 'y/b').click();
    const why = sandbox.root.getByRole('group', { name: 'Why?' });
    await why.getByRole('button', { name: 'Allow this connection' }).click();
    await expect(status(sandbox)).toHaveText('1 connection newly allowed.');
    await expect(allowedCells(sandbox)).toHaveCount(1);
    await sandbox.expectCell('x/a', 'y/b', 'allowed');
    const text = await editorText(sandbox);
    const docs = parseAllDocuments(text);
    expect(docs.flatMap((d) => d.errors)).toEqual([]);
    expect(docs).toHaveLength(5);
    expect(text).toContain('kubernetes.io/metadata.name: x');
    // The Why pane now offers the opposite edit.
    await expect(why.getByRole('button', { name: 'Block this connection' })).toBeVisible();
    await sandbox.root.getByRole('button', { name: 'Undo' }).click();
    await expect(allowedCells(sandbox)).toHaveCount(0);
    await expect(sandbox.editor).not.toContainText('allow-ingress-to-b');
  });

  test('from the keyboard: pick a cell with the arrow keys and allow it; a refusal is said', async ({
    page,
  }) => {
    const sandbox = new SandboxPage(page);
    await openModel(sandbox);
    await sandbox.cell('x/a', 'x/b').focus();
    await page.keyboard.press('ArrowRight');
    await expect(sandbox.cell('x/a', 'x/c')).toBeFocused();
    await page.keyboard.press('Enter');
    const allow = sandbox.root.getByRole('button', { name: 'Allow this connection' });
    await allow.focus();
    await page.keyboard.press('Enter');
    await expect(status(sandbox)).toHaveText('1 connection newly allowed.');
    await sandbox.expectCell('x/a', 'x/c', 'allowed');

    // A Kubernetes NetworkPolicy cannot deny what nothing isolates: the refusal says so.
    await sandbox.setPolicies('');
    await sandbox.cell('x/a', 'x/b').click();
    await sandbox.root.getByRole('button', { name: 'Block this connection' }).press('Enter');
    await expect(status(sandbox)).toContainText('A Kubernetes NetworkPolicy cannot deny');
  });

  test('isolate a pod from its details', async ({ page }) => {
    test.setTimeout(90_000);
    const sandbox = new SandboxPage(page);
    await page.goto('/playground/?scenario=model');
    await sandbox.ready();
    await sandbox.setPolicies('');
    await sandbox.showTable();
    const exposure = sandbox.root.getByRole('region', { name: 'Exposure summary' });
    await exposure.getByText('No ingress isolation').click();
    await exposure.getByRole('button', { name: 'Show pod y/c' }).click();
    const details = sandbox.root.getByRole('region', { name: 'Details of y/c' });
    await details.getByRole('combobox', { name: 'Directions' }).selectOption('ingress');
    await details.getByRole('button', { name: 'Isolate this pod' }).click();
    await expect(status(sandbox)).toHaveText('48 connections newly denied, over 6 ports.');
    await expect(sandbox.editor).toContainText('default-deny-ingress-c');
    await expect(exposure).toContainText('No ingress isolation 8 pods');
    // The actions, the live region and an open exposure item pass axe.
    await exposure.getByText('No egress isolation').click();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the format switch says which side is on, and why neither is before any policy', async ({ page }) => {
    const sandbox = new SandboxPage(page);
    await page.goto('/playground/?scenario=model');
    await sandbox.ready();
    const format = sandbox.root.getByRole('group', { name: 'Policy format' });
    // The starter holds only a comment: no side is pressed, and the page says so in words.
    await expect(format.getByRole('button', { name: 'Kubernetes', exact: true })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await expect(format.getByRole('button', { name: 'Cilium', exact: true })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await expect(sandbox.root.getByText('no policies yet')).toBeVisible();
    await sandbox.setPolicies(DENY_ALL);
    await expect(format.getByRole('button', { name: 'Kubernetes', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(sandbox.root.getByText('no policies yet')).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('convert to Cilium: every verdict unchanged, the exposure summary follows', async ({ page }) => {
    const sandbox = new SandboxPage(page);
    await openModel(sandbox);
    await sandbox.cell('x/a', 'y/b').click();
    await sandbox.root.getByRole('button', { name: 'Allow this connection' }).click();
    await expect(allowedCells(sandbox)).toHaveCount(1);
    const exposure = sandbox.root.getByRole('region', { name: 'Exposure summary' });
    await expect(exposure).toContainText('Pod pairs allowed 1 of 72');
    await expect(exposure).toContainText('No ingress isolation 0 pods');

    const format = sandbox.root.getByRole('group', { name: 'Policy format' });
    await expect(format.getByRole('button', { name: 'Kubernetes' })).toHaveAttribute('aria-pressed', 'true');
    await format.getByRole('button', { name: 'Cilium' }).click();
    await expect(status(sandbox)).toHaveText(
      'Converted 5 policies to CiliumNetworkPolicy: every verdict is unchanged (checked on 6 ports).',
    );
    await expect(format.getByRole('button', { name: 'Cilium' })).toHaveAttribute('aria-pressed', 'true');
    await expect(sandbox.editor).toContainText('kind: CiliumNetworkPolicy');
    await expect(sandbox.editor).not.toContainText('kind: NetworkPolicy');
    await expect(allowedCells(sandbox)).toHaveCount(1);
    await sandbox.expectCell('x/a', 'y/b', 'allowed');
    await expect(exposure).toContainText('Pod pairs allowed 1 of 72');

    // In the Cilium format Block writes a deny rule.
    await sandbox.root.getByRole('button', { name: 'Block this connection' }).click();
    await expect(status(sandbox)).toHaveText('1 connection newly denied.');
    await expect(allowedCells(sandbox)).toHaveCount(0);
  });
});
