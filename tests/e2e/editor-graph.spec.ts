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
    // Measure once the editor has drawn the new text (and its line heights).
    await expect(sandbox.editor.getByText(long)).toBeVisible();
    await expect(sandbox.editor.getByText('spec: {}')).toBeVisible();
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

/** Brings the live graph in (it loads when the reader reaches for the drawing) and returns its canvas. */
async function liveGraph(sandbox: SandboxPage) {
  const canvas = sandbox.root.getByTestId('graph-canvas');
  // No hover, no tap: a phone has neither before the learner reaches for the graph, so the live graph
  // loads once its drawing is on screen.
  await sandbox.root.getByRole('group', { name: 'Graph drawing' }).scrollIntoViewIfNeeded();
  await expect(canvas).toBeVisible({ timeout: 15_000 });
  return canvas;
}

type Cy = import('cytoscape').Core;

test.describe('the graph at lesson size', () => {
  test('every name on the graph renders at 12 px or more, on desktop and phone', async ({ page }) => {
    for (const lesson of ['/lessons/02-default-deny/', '/lessons/04-label-selectors/']) {
      await page.goto(lesson);
      const sandbox = new SandboxPage(page);
      await sandbox.root.scrollIntoViewIfNeeded();
      const canvas = await liveGraph(sandbox);
      // The test hook the graph exposes for browser tests: Cytoscape's own rendered sizes.
      const sizes = await canvas.evaluate((element) => {
        const cy = (element as HTMLElement & { npGraph?: Cy }).npGraph;
        if (!cy) return [];
        return cy
          .nodes()
          .filter((node) => String(node.data('label') ?? '') !== '')
          .map((node) => ({
            name: String(node.data('label')),
            px: parseFloat(String(node.renderedStyle('font-size'))),
          }));
      });
      expect(sizes.length).toBeGreaterThan(5);
      for (const size of sizes) expect(size.px, `${lesson}: ${size.name}`).toBeGreaterThanOrEqual(12);
      // The page itself never scrolls sideways, and neither does the drawing: a phone-width pane gets
      // the columns stacked, so the whole graph fits the width.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const drawing = sandbox.root.getByRole('group', { name: 'Graph drawing' });
      const sideways = await drawing.evaluate((element) => element.scrollWidth - element.clientWidth);
      expect(sideways, `${lesson}: the drawing scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });

  test('an allowed connection to an external endpoint is drawn', async ({ page }) => {
    const sandbox = await openChallenge(page);
    await sandbox.setPolicies(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: frontend-egress
  namespace: storefront
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: frontend
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 198.51.100.0/24
      ports:
        - port: 8080
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - port: 53
          protocol: UDP
`);
    await sandbox.choosePort('8080/TCP');
    await sandbox.showTable();
    await sandbox.expectCell('storefront/frontend', 'payment-api', 'allowed');
    await sandbox.root.getByRole('button', { name: 'Graph' }).click();
    const canvas = await liveGraph(sandbox);
    const edge = await canvas.evaluate((element) => {
      const cy = (element as HTMLElement & { npGraph?: Cy }).npGraph;
      const found = cy?.getElementById('storefront/frontend -> payment-api');
      return found && found.nonempty() ? { allowed: found.hasClass('allow') } : null;
    });
    expect(edge).toEqual({ allowed: true });
  });

  test('all ports: the edges of a pod count what it may reach on any port', async ({ page }) => {
    const sandbox = await openChallenge(page);
    await sandbox.setPolicies(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: search-out
  namespace: search
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: data
      ports:
        - port: 5432
`);
    await sandbox.choosePort('All ports (any port a pod serves)');
    await expect(sandbox.root.getByRole('heading', { name: 'Who can connect on any port' })).toBeVisible();
    await sandbox.root.getByRole('combobox', { name: 'Focus' }).selectOption('search/product-search');
    const canvas = await liveGraph(sandbox);
    const solid = await canvas.evaluate((element) => {
      const cy = (element as HTMLElement & { npGraph?: Cy }).npGraph;
      return (cy?.edges('.allow[source = "search/product-search"]') ?? []).map((e) =>
        String(e.data('target')),
      );
    });
    expect(solid).toEqual(['data/product-db']);
    await sandbox.showTable();
    await sandbox.expectCell('search/product-search', 'data/product-db', 'allowed');
    await sandbox.expectCell('search/product-search', 'storefront/cart', 'denied');
    // A pair is explained on the port that decided it.
    await sandbox.cell('search/product-search', 'data/product-db').click();
    await expect(
      sandbox.root.getByRole('heading', { name: 'search/product-search → data/product-db on 5432/TCP' }),
    ).toBeVisible();
    // A goal's why? shows the goal's own port, which ends the all-ports view.
    await sandbox.root
      .getByRole('button', { name: 'why? storefront/frontend → data/product-db:5432/TCP' })
      .click();
    await expect(sandbox.root.getByRole('heading', { name: 'Who can connect on 5432/TCP' })).toBeVisible();
  });

  test('truth-table headers are named namespace/pod', async ({ page }) => {
    const sandbox = await openChallenge(page);
    await sandbox.showTable();
    await expect(
      sandbox.root.getByRole('columnheader', { name: 'data/product-db', exact: true }),
    ).toBeVisible();
    await expect(
      sandbox.root.getByRole('rowheader', { name: 'search/product-search', exact: true }),
    ).toBeVisible();
  });
});
