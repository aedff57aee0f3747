import { existsSync } from 'node:fs';

/** Flags that keep Debian's Chromium quiet and offline in headless runs (also as root in CI). */
export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Path of the system Chromium that browser tests drive; they never download a browser. */
export function chromeExecutable(): string {
  const candidates = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find(
    (path): path is string => typeof path === 'string' && path !== '' && existsSync(path),
  );
  if (found === undefined) {
    throw new Error(
      "No Chromium found: install Debian's with `sudo apt-get install -y chromium` or set CHROME_PATH to a Chromium or Chrome binary.",
    );
  }
  return found;
}
