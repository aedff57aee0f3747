import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterText, noisyPodsYaml, policiesText, workloadDump } from '../../scripts/playground/dump.ts';
import { test, expect } from './fixtures.ts';
import { SandboxPage } from './sandbox-page.ts';

// The playground at real size: a generated `kubectl get -A -o json` style dump of 1,000 workloads and its
// 300 NetworkPolicies, uploaded as files, analysed in the engine worker.
test.describe('playground at real size', () => {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'netpol-scale-'));
    const dump = workloadDump(1000, 300);
    writeFileSync(join(dir, 'cluster.json'), clusterText(dump));
    writeFileSync(join(dir, 'policies.yaml'), policiesText(dump));
    // 300 pods with 1,000 characters of noise each: some 330,000 characters that pack into far more than
    // a link carries.
    writeFileSync(join(dir, 'noisy.yaml'), noisyPodsYaml(300, 1000));
    writeFileSync(
      join(dir, 'noisy-policies.yaml'),
      ['shop', 'data']
        .map(
          (ns) =>
            `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n`,
        )
        .join('---\n'),
    );
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('an uploaded 1,000-workload dump: summary, grouped graph, filterable table, a keystroke updates verdicts', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.goto('/playground/');
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    await page.getByLabel('Upload a cluster (YAML or JSON)').setInputFiles(join(dir, 'cluster.json'));
    await page.getByLabel('Upload policies (YAML)').setInputFiles(join(dir, 'policies.yaml'));
    await expect(sandbox.root.getByRole('heading', { name: /^Policies \(300 loaded\)$/ })).toBeVisible({
      timeout: 45_000,
    });
    await expect(page.getByRole('status').filter({ hasText: 'What was read:' })).toContainText(
      'read 1000 Service, 730 Deployment, 250 StatefulSet, 25 Namespace, 20 DaemonSet',
    );
    await expect(page.getByRole('status').filter({ hasText: 'What was read:' })).toContainText(
      'skipped kinds the engine does not use: 20 ConfigMap',
    );
    await sandbox.choosePort('8080/TCP');

    // The graph: one node per namespace; open one, then focus one workload and its peers.
    await expect(sandbox.root.getByRole('img', { name: /grouped by namespace/ })).toBeVisible();
    const focus = sandbox.root.getByRole('combobox', { name: 'Focus' });
    await expect(focus.getByRole('option')).toHaveCount(26);
    await focus.selectOption('group:team-0');
    await expect(sandbox.root.getByRole('button', { name: 'Close team-0' })).toBeVisible();
    await focus.selectOption('team-0/web-0000');
    await expect(
      sandbox.root.getByText(/^Showing team-0\/web-0000 and the workloads it may connect with/),
    ).toBeVisible();
    await sandbox.root.getByRole('button', { name: 'Show all namespaces' }).click();

    // The table: virtual, filtered by namespace and by name.
    await sandbox.showTable();
    const grid = sandbox.root.getByRole('grid', { name: /^Who can open a connection to whom on 8080\/TCP/ });
    await expect(grid).toBeVisible();
    await expect(grid).toHaveAttribute('aria-rowcount', '1001');
    // Only what is in view is in the page.
    expect(await grid.getByRole('gridcell').count()).toBeLessThan(2_000);
    await sandbox.root.getByRole('combobox', { name: 'Namespace' }).selectOption('team-3');
    await expect(
      sandbox.root.getByRole('status').filter({ hasText: /^40 of 1,000 endpoints/ }),
    ).toBeVisible();
    await sandbox.root.getByRole('combobox', { name: 'Namespace' }).selectOption('');
    await sandbox.root.getByRole('searchbox', { name: 'Name contains' }).fill('web-000');
    await expect(sandbox.root.getByRole('status').filter({ hasText: /^3 of 1,000 endpoints/ })).toBeVisible();
    const cell = sandbox.root.getByRole('button', { name: /^team-4\/web-0004 to team-0\/web-0000: / });
    await expect(cell).toHaveAccessibleName('team-4/web-0004 to team-0/web-0000: denied');

    // One keystroke: `#` comments out the first line, so team-0's default deny no longer reads.
    await sandbox.editor.click();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.type('#');
    await expect(sandbox.root.getByRole('heading', { name: /^Policies \(299 loaded\)$/ })).toBeVisible();
    await expect(cell).toHaveAccessibleName('team-4/web-0004 to team-0/web-0000: allowed');
  });

  test('a cluster too large for a link: the page says so, and its state file restores cluster and policies', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await page.goto('/playground/');
    const sandbox = new SandboxPage(page);
    await sandbox.ready();
    await page.getByLabel('Upload a cluster (YAML or JSON)').setInputFiles(join(dir, 'noisy.yaml'));
    await page.getByLabel('Upload policies (YAML)').setInputFiles(join(dir, 'noisy-policies.yaml'));
    const heading = (n: number) => sandbox.root.getByRole('heading', { name: `Policies (${n} loaded)` });
    await expect(heading(2)).toBeVisible({ timeout: 45_000 });
    // An edit after the upload: the state file must carry the edited text, not the uploaded one.
    await sandbox.editor.click();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.type('#');
    await expect(heading(1)).toBeVisible();
    // Autosaved (the cluster under a key of its own, the edit written as the page goes): a reload brings
    // back both.
    await page.reload();
    await expect(heading(1)).toBeVisible({ timeout: 45_000 });
    await expect(page.getByRole('status').filter({ hasText: 'What was read:' })).toContainText(
      'read 300 Pod, 2 Namespace',
    );

    await sandbox.root.getByRole('button', { name: 'Share' }).click();
    await expect(
      sandbox.root.getByRole('status').filter({ hasText: 'too large for a share link' }),
    ).toContainText('Download it as a state file instead');
    await expect(sandbox.root.getByRole('textbox', { name: 'Share link' })).toHaveCount(0);
    const downloading = page.waitForEvent('download');
    await sandbox.root.getByRole('button', { name: 'Download state file' }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe('netpol-lab-state.json');
    const saved = join(dir, 'netpol-lab-state.json');
    await file.saveAs(saved);

    // A browser that never saw this work (nothing autosaved): the file alone brings it back.
    const fresh = await browser.newContext({ ...(baseURL ? { baseURL } : {}) });
    try {
      const other = await fresh.newPage();
      await other.goto('/playground/');
      const restored = new SandboxPage(other);
      await restored.ready();
      await other.getByLabel('Upload a state file').setInputFiles(saved);
      await expect(
        other.getByRole('status').filter({ hasText: 'Restored the state saved in netpol-lab-state.json.' }),
      ).toBeVisible({ timeout: 45_000 });
      await expect(restored.root.getByRole('heading', { name: 'Policies (1 loaded)' })).toBeVisible({
        timeout: 45_000,
      });
      await expect(restored.editor).toContainText('#apiVersion: networking.k8s.io/v1');
      await expect(other.getByRole('status').filter({ hasText: 'What was read:' })).toContainText(
        'read 300 Pod, 2 Namespace',
      );
      await expect(restored.root.getByRole('combobox', { name: 'Scenario' })).toHaveValue('custom');
    } finally {
      await fresh.close();
    }
  });
});
