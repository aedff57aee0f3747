/**
 * Reports gzip transfer sizes of the built site and exits non-zero over budget.
 * - per page: HTML + CSS + JS loaded at first paint (module scripts, modulepreloads and their static imports);
 *   search UI loaded on demand and islands hydrating later are not part of first paint;
 * - per island: the static import closure of its component and renderer (what hydration downloads);
 * - per JS chunk.
 * Usage: npm run size [-- built directory, default dist] (after `npm run build`).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const budgets = { page: 60 * 1024, island: 250 * 1024, chunk: 150 * 1024 };

const gzipCache = new Map<string, number>();
function gzipSize(path: string): number {
  let size = gzipCache.get(path);
  if (size === undefined) {
    size = gzipSync(readFileSync(path), { level: 9 }).length;
    gzipCache.set(path, size);
  }
  return size;
}

function walk(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, found);
    else found.push(path);
  }
  return found;
}

/** Resolves a URL found in a page or chunk to a file in dist. */
function toFile(url: string, from: string): string | undefined {
  if (/^(https?:)?\/\//.test(url) || url.startsWith('data:')) return undefined;
  const clean = url.split(/[?#]/)[0] ?? '';
  const path = clean.startsWith('/') ? join(dist, clean) : join(dirname(from), clean);
  return existsSync(path) && statSync(path).isFile() ? path : undefined;
}

/** Static import closure of a JS module (dynamic `import()` is excluded: it loads later). */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+\.m?js)["']/g;
  for (const match of code.matchAll(pattern)) {
    const file = toFile(match[1] ?? '', entry);
    if (file !== undefined) staticClosure(file, seen);
  }
  return seen;
}

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];

interface PageReport {
  page: string;
  html: number;
  css: number;
  js: number;
  total: number;
}

const pages: PageReport[] = [];
const islands = new Map<string, { size: number; pages: Set<string> }>();
for (const file of walk(dist).filter((f) => f.endsWith('.html'))) {
  const html = readFileSync(file, 'utf8');
  const css = new Set<string>();
  const js = new Set<string>();
  for (const tag of html.match(/<link[^>]+>/g) ?? []) {
    const href = attr(tag, 'href');
    if (href === undefined) continue;
    const target = toFile(href, file);
    if (target === undefined) continue;
    if (/rel="stylesheet"/.test(tag)) css.add(target);
    if (/rel="modulepreload"/.test(tag)) staticClosure(target, js);
  }
  for (const tag of html.match(/<script[^>]*\ssrc="[^"]+"[^>]*>/g) ?? []) {
    const target = toFile(attr(tag, 'src') ?? '', file);
    if (target !== undefined) staticClosure(target, js);
  }
  for (const tag of html.match(/<astro-island[^>]+>/g) ?? []) {
    const component = toFile(attr(tag, 'component-url') ?? '', file);
    const renderer = toFile(attr(tag, 'renderer-url') ?? '', file);
    if (component === undefined) continue;
    const closure = staticClosure(component);
    if (renderer !== undefined) staticClosure(renderer, closure);
    const size = [...closure].reduce((sum, f) => sum + gzipSize(f), 0);
    const name = posix.basename(component);
    const entry = islands.get(name) ?? { size, pages: new Set<string>() };
    entry.pages.add(file.slice(dist.length));
    islands.set(name, entry);
  }
  const cssSize = [...css].reduce((sum, f) => sum + gzipSize(f), 0);
  const jsSize = [...js].reduce((sum, f) => sum + gzipSize(f), 0);
  const htmlSize = gzipSync(html, { level: 9 }).length;
  pages.push({
    page: file.slice(dist.length),
    html: htmlSize,
    css: cssSize,
    js: jsSize,
    total: htmlSize + cssSize + jsSize,
  });
}

const failures: string[] = [];
console.log('Pages (gzip, first paint: HTML + CSS + JS)');
for (const p of pages.sort((a, b) => b.total - a.total)) {
  const over = p.total > budgets.page;
  if (over) failures.push(`${p.page}: ${kb(p.total)} over the ${kb(budgets.page)} page budget`);
  console.log(
    `  ${over ? '✗' : ' '} ${kb(p.total).padStart(9)}  html ${kb(p.html).padStart(8)}  css ${kb(p.css).padStart(8)}  js ${kb(p.js).padStart(8)}  ${p.page}`,
  );
}
if (islands.size > 0) {
  console.log('\nIslands (gzip, downloaded on hydration: component + renderer + static imports)');
  for (const [name, island] of islands) {
    const over = island.size > budgets.island;
    if (over) failures.push(`island ${name}: ${kb(island.size)} over the ${kb(budgets.island)} budget`);
    console.log(
      `  ${over ? '✗' : ' '} ${kb(island.size).padStart(9)}  ${name} (${island.pages.size} page(s))`,
    );
  }
}
console.log('\nJS chunks (gzip)');
for (const file of walk(dist)
  .filter((f) => f.endsWith('.js') && !f.includes('/pagefind/'))
  .sort((a, b) => gzipSize(b) - gzipSize(a))) {
  const over = gzipSize(file) > budgets.chunk;
  if (over) failures.push(`chunk ${file}: ${kb(gzipSize(file))} over the ${kb(budgets.chunk)} chunk budget`);
  console.log(`  ${over ? '✗' : ' '} ${kb(gzipSize(file)).padStart(9)}  ${file.slice(dist.length)}`);
}
console.log(`\nBudgets: page ${kb(budgets.page)}, island ${kb(budgets.island)}, chunk ${kb(budgets.chunk)}.`);
if (failures.length > 0) {
  console.error(`\nOver budget:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('All within budget.');
