/**
 * Measures how long an edit takes to reach the verdicts, table and graph in the built site, from the
 * `np-edit-to-update` performance measures, at normal CPU speed and with a 4× CPU throttle:
 * - lesson: 30 keystrokes in a lesson sandbox (shop scenario; target p95 ≤ 50 ms);
 * - playground: the generated 1,000-workload / 300-policy dump uploaded in the playground (engine in the
 *   worker), then 30 keystrokes in its policies (target p95 ≤ 100 ms), with a long-task observer: nothing
 *   may block the main thread longer than 200 ms, neither while the dump loads nor while typing.
 * Usage: `npm run build && npm run preview`, then `npm run latency` (`-- lesson` or `-- playground` for one).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromeArgs, chromeExecutable } from '../tests/e2e/chrome.ts';
import { longestTask, openPlayground, uploadDump, waitForLoaded } from './playground/main-thread.ts';

const base = process.env['BASE_URL'] ?? 'http://localhost:4321';
const KEYSTROKES = 30;

/** `p50 … p95 … max …` of a list of durations. */
function quantiles(times: number[]): string {
  times.sort((a, b) => a - b);
  const q = (p: number): string =>
    (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN).toFixed(1);
  return `${times.length} edits, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${(times.at(-1) ?? NaN).toFixed(1)} ms`;
}

const measures = (page: Page, name = 'np-edit-to-update'): Promise<number[]> =>
  page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);

/** Waits until the editor has turned from the plain text area into CodeMirror, and clicks at its end. */
async function openEditor(page: Page, scope: ReturnType<Page['locator']> | Page): Promise<void> {
  const editor = scope.getByRole('textbox', { name: 'Policies (YAML)' });
  await editor.waitFor();
  await editor.hover();
  await editor.and(page.locator('[contenteditable="true"]')).waitFor();
  await page.waitForTimeout(1500);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
}

async function lessonCase(browser: Browser, rate: number): Promise<void> {
  const anchor = 'challenge-default-deny-deny-all-ingress';
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/lessons/02-default-deny/#${anchor}`);
  const root = page.locator(`#${anchor} .np-sandbox`);
  await root.scrollIntoViewIfNeeded();
  const cdp = await page.context().newCDPSession(page);
  await openEditor(page, root);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  for (let i = 0; i < KEYSTROKES; i += 1) {
    await page.keyboard.type(i % 2 === 1 ? '#' : 'x', { delay: 0 });
    await page.waitForTimeout(120);
  }
  console.log(`lesson      CPU ×${rate}: ${quantiles(await measures(page))}`);
  await page.close();
}

async function playgroundCase(browser: Browser, rate: number): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await openPlayground(page);
  await page.waitForTimeout(1000);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await longestTask(page);
  const t0 = Date.now();
  // Uploads, as a user would: `fill` on a half-megabyte text stalls the page for seconds.
  await uploadDump(page);
  await waitForLoaded(page, 300);
  const loadedMs = Date.now() - t0;
  await page.waitForTimeout(3000);
  const loadBlock = await longestTask(page);
  await openEditor(page, page);
  await longestTask(page);
  // Main-thread CPU time (not wall time): what the page itself spends per keystroke, whatever the load.
  const threadTime = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
  };
  await cdp.send('Performance.enable');
  const cpu0 = await threadTime();
  for (let i = 0; i < KEYSTROKES; i += 1) {
    const before = (await measures(page)).length;
    await page.keyboard.type(i % 2 === 1 ? '#' : 'x', { delay: 0 });
    // One keystroke at a time: each measure belongs to its own edit.
    await page
      .waitForFunction((n) => performance.getEntriesByName('np-edit-to-update').length > n, before, {
        timeout: 10_000,
      })
      .catch(() => undefined);
    await page.waitForTimeout(200);
  }
  const cpuPerKey = ((await threadTime()) - cpu0) * (1000 / KEYSTROKES);
  const typeBlock = await longestTask(page);
  const times = await measures(page);
  // The worker's own share (verdicts and view), less the evaluation of the uploaded policies.
  const worker = (await measures(page, 'np-worker-evaluate')).slice(-KEYSTROKES);
  console.log(
    `playground  CPU ×${rate}: ${quantiles(times)} (worker ${quantiles(worker).replace(/^\d+ edits, /, '')}); ` +
      `verdicts after upload ${loadedMs} ms; longest main-thread block while loading ${loadBlock.toFixed(0)} ms, ` +
      `while typing ${typeBlock.toFixed(0)} ms; main-thread CPU ${cpuPerKey.toFixed(0)} ms per keystroke`,
  );
  await page.close();
}

const only = process.argv[2];
const browser = await chromium.launch({ executablePath: chromeExecutable(), args: chromeArgs });
for (const rate of [1, 4]) {
  if (only !== 'playground') await lessonCase(browser, rate);
  if (only !== 'lesson') await playgroundCase(browser, rate);
}
await browser.close();
