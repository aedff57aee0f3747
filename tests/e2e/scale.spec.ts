import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterText, policiesText, workloadDump } from '../../scripts/playground/dump.ts';
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
});
