import { test, expect } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

const LESSON = '/lessons/02-default-deny/';
const ANCHOR = '#challenge-default-deny-deny-all-ingress';

async function openChallenge(page: import('@playwright/test').Page): Promise<SandboxPage> {
  await page.goto(`${LESSON}${ANCHOR}`);
  const sandbox = new SandboxPage(page, page.locator(`${ANCHOR} .np-sandbox`));
  await sandbox.root.scrollIntoViewIfNeeded();
  await sandbox.ready();
  return sandbox;
}

const HEAD = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ports-only
  namespace: data
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:`;

/** The editor's text as its lines show it (CodeMirror draws one element per line). */
async function editorLines(sandbox: SandboxPage): Promise<string[]> {
  return (await sandbox.editor.innerText()).split('\n');
}

test.describe('typing YAML in the policy editor', () => {
  test('Enter after a complete value is a new line, and each new line is indented for YAML', async ({
    page,
  }) => {
    const sandbox = await openChallenge(page);
    await sandbox.setPolicies(HEAD);
    await page.keyboard.press('Enter');
    await page.keyboard.type('- ports:');
    // The completion list is open on `ports` here: Enter must still be a new line.
    await page.keyboard.press('Enter');
    await page.keyboard.type('- port: 53');
    await page.keyboard.press('Enter');
    await page.keyboard.type('protocol: UD');
    await expect(page.getByRole('option', { name: /^UDP/ })).toBeVisible();
    await page.keyboard.press('Enter');
    await page.keyboard.type('endPort: 60');
    const lines = await editorLines(sandbox);
    expect(lines.slice(-5)).toEqual([
      '  ingress:',
      '    - ports:',
      '        - port: 53',
      '          protocol: UD',
      '          endPort: 60',
    ]);
    // The same keys with the value completed: the engine reads one valid policy, no YAML error.
    await sandbox.setPolicies(`${HEAD}\n    - ports:\n        - port: 53\n          protocol: UD`);
    await page.keyboard.type('P');
    await expect(page.getByRole('option', { name: /^UDP/ })).toBeVisible();
    await page.keyboard.press('Enter');
    await page.keyboard.type('endPort: 60');
    expect((await editorLines(sandbox)).slice(-2)).toEqual([
      '          protocol: UDP',
      '          endPort: 60',
    ]);
    await expect(sandbox.root.getByRole('heading', { name: /Policies \(1 loaded\)/ })).toBeVisible();
    await expect(sandbox.root.getByRole('list', { name: 'Problems' })).toHaveCount(0);
  });

  test('Enter takes a suggestion once the arrow keys moved into the list', async ({ page }) => {
    const sandbox = await openChallenge(page);
    await sandbox.setPolicies(`${HEAD}\n    - ports:\n        - port: 53\n          protocol: U`);
    await expect(page.getByRole('option', { name: /^UDP/ })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect((await editorLines(sandbox)).at(-1)).toBe('          protocol: UDP');
  });

  test('Tab indents inside the editor; the editor says how to leave it, and Esc then Tab does', async ({
    page,
    isMobile,
  }) => {
    test.skip(isMobile, 'a phone has no Tab key');
    const sandbox = await openChallenge(page);
    await expect(sandbox.editor).toHaveAccessibleDescription(
      'Tab indents. To leave the editor, press Esc then Tab.',
    );
    await expect(sandbox.root.getByText('To leave the editor, press')).toBeVisible();
    await sandbox.setPolicies('spec:\n');
    await page.keyboard.press('Tab');
    await page.keyboard.type('podSelector: {}');
    await expect(sandbox.editor).toBeFocused();
    expect((await editorLines(sandbox)).at(-1)).toBe('  podSelector: {}');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await expect(sandbox.editor).not.toBeFocused();
    expect((await editorLines(sandbox)).at(-1)).toBe('  podSelector: {}');
  });

  test('a long line stays one line and scrolls sideways instead of wrapping', async ({ page }) => {
    const sandbox = await openChallenge(page);
    const long = `# ${'a very long comment that runs on '.repeat(8)}end`;
    await sandbox.setPolicies(`kind: NetworkPolicy\n${long}\nspec: {}`);
    const short = await sandbox.editor.getByText('kind: NetworkPolicy').boundingBox();
    const line = await sandbox.editor.getByText(long).boundingBox();
    // The editor's frame (the content element itself grows with its longest line).
    const editor = await sandbox.root.getByTestId('policy-editor').boundingBox();
    expect(short && line && editor).toBeTruthy();
    // One visual line: the same height as a short line, and wider than the editor itself.
    expect(line!.height).toBeLessThan(short!.height * 1.5);
    expect(line!.width).toBeGreaterThan(editor!.width);
    // ArrowDown from the first line lands on the long line, and once more on the last.
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('x');
    expect((await editorLines(sandbox)).at(-1)).toBe('xspec: {}');
  });
});
