import { defineConfig, devices } from '@playwright/test';
import { chromeArgs, chromeExecutable } from './tests/e2e/chrome.ts';

const port = 4321;
// BASE_URL points the suite at a site that is already being served (then no preview server is started).
const external = process.env['BASE_URL'];

// Browser tests drive the built site (`astro build` runs first in `npm test`) with Debian's
// Chromium. Playwright never downloads a browser: `chromeExecutable` fails with how to install one.
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: Boolean(process.env['CI']),
  retries: process.env['CI'] ? 1 : 0,
  workers: 2,
  reporter: process.env['CI'] ? [['list']] : [['list']],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: external ?? `http://localhost:${port}`,
    launchOptions: { executablePath: chromeExecutable(), args: chromeArgs },
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, channel: undefined },
    },
    {
      name: 'phone',
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
  ],
  ...(external
    ? {}
    : {
        webServer: {
          command: `npm run -s preview -- --host 127.0.0.1`,
          url: `http://localhost:${port}/`,
          reuseExistingServer: !process.env['CI'],
          timeout: 60_000,
        },
      }),
});
