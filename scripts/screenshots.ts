/**
 * Takes full-page screenshots of built pages at desktop and phone widths with Debian's Chromium.
 * Usage: npm run screenshots -- [/path/ ...]   (expects `npm run preview` on port 4321, or BASE_URL)
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { chromeExecutable, chromeArgs } from '../tests/e2e/chrome.ts';

const base = process.env['BASE_URL'] ?? 'http://localhost:4321';
const paths =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/', '/lessons/01-why-network-policy/'];
const widths = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];
const themes = (process.env['THEMES'] ?? 'light').split(',');

mkdirSync('screenshots', { recursive: true });
const browser = await chromium.launch({ executablePath: chromeExecutable(), args: chromeArgs });
for (const theme of themes) {
  for (const size of widths) {
    const context = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      colorScheme: theme === 'dark' ? 'dark' : 'light',
    });
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: 'networkidle' });
      const slug = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
      const file = `screenshots/${slug}-${size.name}-${theme}.png`;
      await page.screenshot({ path: file, fullPage: process.env['FULL'] !== '0' });
      console.log(file);
    }
    await context.close();
  }
}
await browser.close();
