/**
 * Runs Lighthouse (mobile preset, headless system Chromium) on the landing page, a lesson with a sandbox and
 * the playground of an already-built site, prints the four category scores and the Core Web Vitals, and exits
 * non-zero when a target is missed. A measurement, not a test: scores swing on a loaded machine, so the
 * table also shows Lighthouse's CPU benchmark index of the host (higher is faster).
 * Usage: npm run lighthouse -- [built directory, default dist] [--runs N (median of N, default 1)]
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromeArgs, chromeExecutable } from '../tests/e2e/chrome.ts';

const pages = ['/', '/lessons/02-default-deny/', '/playground/'];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const targets: Record<(typeof categories)[number], number> = {
  performance: 95,
  accessibility: 100,
  'best-practices': 100,
  seo: 100,
};
const vitals = [
  ['LCP', 'largest-contentful-paint'],
  ['CLS', 'cumulative-layout-shift'],
  ['TBT', 'total-blocking-time'],
  ['FCP', 'first-contentful-paint'],
  ['SI', 'speed-index'],
] as const;

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 1 : Math.max(1, Number(args[runsAt + 1]));
const root = resolve(args.find((a, i) => !a.startsWith('--') && i !== runsAt + 1) ?? 'dist');
if (!existsSync(join(root, 'index.html'))) {
  console.error(`No built site in ${root}: run \`npm run build\` or pass the directory of one.`);
  process.exit(2);
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** Returns the file a URL path maps to (`index.html` for directories), or undefined. */
function fileFor(urlPath: string): string | undefined {
  const path = normalize(join(root, decodeURIComponent(urlPath.split('?')[0] ?? '/')));
  if (!path.startsWith(root)) return undefined;
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.html') : path;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** A static server like a production host: gzip for text, long caching for hashed assets, 404.html. */
function serve(): Promise<Server> {
  const server = createServer((request, response) => {
    const file = fileFor(request.url ?? '/');
    const status = file === undefined ? 404 : 200;
    const path = file ?? join(root, '404.html');
    const type = types[extname(path)] ?? 'application/octet-stream';
    let body = readFileSync(path);
    const headers: Record<string, string> = { 'content-type': type };
    if (
      /^(text|application\/(json|xml))|svg/.test(type) &&
      /gzip/.test(request.headers['accept-encoding'] ?? '')
    ) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['cache-control'] = request.url?.startsWith('/_astro/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
    response.writeHead(status, headers).end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Returns the middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

interface Measured {
  readonly scores: Record<string, number>;
  readonly vitals: Record<string, number>;
  readonly failing: string[];
}

/** One Lighthouse run of a page: category scores (0–100), vitals (ms; CLS unitless) and failed audits. */
async function measure(url: string, port: number): Promise<Measured> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...categories],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(
    categories.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]),
  );
  const values = Object.fromEntries(vitals.map(([name, id]) => [name, lhr.audits[id]?.numericValue ?? NaN]));
  // Lighthouse's own CPU benchmark of the host: on a busy machine it drops and simulated times swell.
  values['BI'] = lhr.environment.benchmarkIndex;
  const failing = categories.flatMap((c) =>
    (lhr.categories[c]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${c}: ${ref.id} (${lhr.audits[ref.id]?.displayValue ?? lhr.audits[ref.id]?.score})`),
  );
  return { scores, vitals: values, failing };
}

const server = await serve();
const { port: sitePort } = server.address() as AddressInfo;
const chrome = await launch({
  chromePath: chromeExecutable(),
  chromeFlags: ['--headless=new', ...chromeArgs],
});
const rows: string[][] = [];
let missed = false;
try {
  for (const path of pages) {
    const results: Measured[] = [];
    for (let run = 0; run < runs; run += 1) {
      // A run can time out on a loaded machine (Lighthouse's protocol calls have fixed limits): say so, go on.
      try {
        results.push(await measure(`http://127.0.0.1:${sitePort}${path}`, chrome.port));
      } catch (error) {
        console.error(`  ${path} run ${run + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (results.length === 0) {
      missed = true;
      rows.push([path, 'failed']);
      continue;
    }
    const score = (c: string): number => median(results.map((r) => r.scores[c] ?? 0));
    const vital = (v: string): number => median(results.map((r) => r.vitals[v] ?? NaN));
    for (const c of categories) if (score(c) < targets[c]) missed = true;
    rows.push([
      path,
      ...categories.map((c) => String(score(c))),
      `${(vital('LCP') / 1000).toFixed(2)} s`,
      vital('CLS').toFixed(3),
      `${Math.round(vital('TBT'))} ms`,
      `${(vital('FCP') / 1000).toFixed(2)} s`,
      `${(vital('SI') / 1000).toFixed(2)} s`,
      String(Math.round(vital('BI'))),
    ]);
    for (const line of new Set(results.flatMap((r) => r.failing))) console.log(`  ${path} ${line}`);
  }
} finally {
  chrome.kill();
  server.close();
}

const head = ['page', 'Perf', 'A11y', 'BP', 'SEO', 'LCP', 'CLS', 'TBT', 'FCP', 'SI', 'benchmark'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
for (const row of [head, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
console.log(
  `${runs === 1 ? 'one run' : `median of up to ${runs} runs`}; targets: Performance >= ${targets.performance}, the others 100.`,
);
if (missed) {
  console.error('A Lighthouse target was missed.');
  process.exitCode = 1;
}
