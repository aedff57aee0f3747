/**
 * The playground with a pasted cluster of 200, 500, 1,000 and 2,000 pods (and the 1,000-workload dump):
 * uploads the cluster and its policies in the built site, waits for the verdicts, and reports the longest
 * main-thread block (long-task observer) and the page's JS heap. Usage: build, preview, then
 * `BASE_URL=http://localhost:4321 node scripts/playground/main-thread.ts` (`ONLY="2,000 pods"` for one case).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromeArgs, chromeExecutable } from '../../tests/e2e/chrome.ts';
import { clusterText, podPolicies, podsYaml, policiesText, workloadDump } from './dump.ts';

const base = process.env['BASE_URL'] ?? 'http://localhost:4321';

/** Opens the playground with a long-task observer installed before any page script runs. */
export async function openPlayground(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${base}/playground/`);
  await page.getByRole('textbox', { name: /^Cluster YAML/ }).waitFor();
}

/**
 * Uploads a cluster file and its policies, as a user would. Chromium's own `fill` of the paste box blocks
 * for seconds on a text this large, so a paste cannot be timed here; the upload takes the same path after
 * it. From files on disk: files given as buffers are decoded by script in the page, a long task the page
 * itself never runs.
 */
export async function pasteCluster(page: Page, cluster: string, policies: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-dump-'));
  writeFileSync(join(dir, 'cluster.yaml'), cluster);
  writeFileSync(join(dir, 'policies.yaml'), policies);
  await page.getByLabel('Upload a cluster (YAML or JSON)').setInputFiles(join(dir, 'cluster.yaml'));
  await page.getByLabel('Upload policies (YAML)').setInputFiles(join(dir, 'policies.yaml'));
}

/** Uploads the generated 1,000-workload / 300-policy dump as two files. */
export async function uploadDump(page: Page): Promise<void> {
  const dump = workloadDump(1000, 300);
  await pasteCluster(page, clusterText(dump), policiesText(dump));
}

/**
 * Waits until the policies heading says `(N loaded)`. A cheap check of the headings every 250 ms: a text
 * locator over the whole page runs long tasks of its own on a page this size, which the long-task observer
 * would blame on the playground.
 */
export async function waitForLoaded(page: Page, n: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (label) => [...document.querySelectorAll('h2, h3')].some((h) => h.textContent.endsWith(label)),
    `(${n} loaded)`,
    { timeout, polling: 250 },
  );
}

/** Clears the long tasks seen so far and returns the longest. */
export async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    const max = Math.max(0, ...w.longTasks);
    w.longTasks = [];
    return max;
  });
}

if (import.meta.main) {
  const browser = await chromium.launch({ executablePath: chromeExecutable(), args: chromeArgs });
  const cases: { label: string; cluster: string; policies: string; expect: RegExp }[] = [
    ...[200, 500, 1000, 2000].map((n) => ({
      label: `${n.toLocaleString('en')} pods`,
      cluster: podsYaml(n),
      policies: podPolicies(),
      expect: /^\(20 loaded\)$/,
    })),
    (() => {
      const dump = workloadDump(1000, 300);
      return {
        label: '1,000 workloads / 300 policies',
        cluster: clusterText(dump),
        policies: policiesText(dump),
        expect: /^\(300 loaded\)$/,
      };
    })(),
  ];
  // ONLY="2,000 pods" runs the cases whose label contains it.
  const only = process.env['ONLY'];
  for (const c of cases.filter((c) => only === undefined || c.label.includes(only))) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await openPlayground(page);
    await page.waitForTimeout(1000);
    await longestTask(page);
    const t0 = Date.now();
    await pasteCluster(page, c.cluster, c.policies);
    await page.getByText(c.expect).waitFor({ timeout: 60_000 });
    // The table's first cells, then the overview (namespace arrows, changes) in the background.
    await page.getByRole('button', { name: 'Table' }).click();
    await page
      .getByRole('button', { name: / to .*: (allowed|denied|some pods)$/ })
      .first()
      .waitFor({ timeout: 60_000 });
    const shownMs = Date.now() - t0;
    await page.waitForTimeout(3000);
    const block = await longestTask(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    console.log(
      `${c.label.padEnd(32)} ${String(c.cluster.length).padStart(7)} chars: verdicts shown after ${shownMs} ms, longest main-thread block ${block.toFixed(0)} ms, page JS heap ${(usedSize / 1e6).toFixed(0)} MB`,
    );
    await page.close();
  }
  await browser.close();
}
