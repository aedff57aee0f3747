/**
 * Measures how long an edit takes to reach the verdicts, table and graph in the built site: types 30
 * keystrokes into a lesson sandbox and reads the `np-edit-to-update` performance measures, at normal CPU
 * speed and with a 4× CPU throttle. Usage: `npm run build && npm run preview`, then `npm run latency`.
 */
import { chromium } from '@playwright/test';
import { chromeArgs, chromeExecutable } from '../tests/e2e/chrome.ts';

const base = process.env['BASE_URL'] ?? 'http://localhost:4321';
const anchor = 'challenge-default-deny-deny-all-ingress';
const browser = await chromium.launch({ executablePath: chromeExecutable(), args: chromeArgs });
for (const rate of [1, 4]) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/lessons/02-default-deny/#${anchor}`);
  const root = page.locator(`#${anchor} .np-sandbox`);
  await root.scrollIntoViewIfNeeded();
  const editor = root.getByRole('textbox', { name: 'Policies (YAML)' });
  await editor.waitFor();
  // The page starts with a plain text area; pointing at it loads CodeMirror, which the learner then types in.
  await editor.hover();
  await editor.and(page.locator('[contenteditable="true"]')).waitFor();
  await page.waitForTimeout(1500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.type(i % 2 === 1 ? '#' : 'x', { delay: 0 });
    await page.waitForTimeout(120);
  }
  const times = await page.evaluate(() =>
    performance.getEntriesByName('np-edit-to-update').map((e) => e.duration),
  );
  times.sort((a, b) => a - b);
  const q = (p: number): string =>
    (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN).toFixed(1);
  console.log(
    `CPU ×${rate}: ${times.length} edits, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${(times.at(-1) ?? NaN).toFixed(1)} ms`,
  );
  await page.close();
}
await browser.close();
