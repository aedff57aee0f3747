/**
 * Post-build check of the Content Security Policy (docs/decisions/0040-content-security-policy.md).
 * For every HTML page under the directory it fails when:
 * - the page has no CSP `<meta http-equiv="content-security-policy">`;
 * - the policy lets scripts run through 'unsafe-inline' or 'unsafe-eval';
 * - an inline executable script (classic, module, import map, speculation rules) has no matching
 *   SHA-256 hash in the directive that governs it (data blocks such as application/json are not run).
 * - an executable inline script comes before the CSP meta (a meta policy only governs what follows it;
 *   `scripts/csp-meta-first.ts` moves the meta to the top of <head> after astro build).
 * Usage: node scripts/check-csp.ts [dir]   (default dist; `npm run build` runs it after astro build).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One `<script>` or `<meta>` start tag found in a page, with the raw text of a script's body. */
interface Element {
  readonly name: 'script' | 'meta';
  readonly attributes: ReadonlyMap<string, string>;
  readonly body: string;
}

/** Parsed policy: directive name → its source expressions, as written (`'self'`, `'sha256-…'`). */
export type Policy = ReadonlyMap<string, readonly string[]>;

const entities: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** Decodes the character references that appear in attribute values. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return entities[ref.toLowerCase()] ?? whole;
  });
}

/** Returns the `<script>` and `<meta>` elements of a page in document order (comments skipped). */
export function scanElements(html: string): Element[] {
  const found: Element[] = [];
  const lower = html.toLowerCase();
  const tag = /<!--[\s\S]*?-->|<(script|meta|style)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
  const attribute = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (let match = tag.exec(html); match !== null; match = tag.exec(html)) {
    const name = match[1]?.toLowerCase();
    if (name === undefined) continue;
    // <style> and <script> hold raw text: skip to the end tag so their text is never read as tags.
    const end = name === 'meta' ? -1 : lower.indexOf(`</${name}`, tag.lastIndex);
    const body = end < 0 ? '' : html.slice(tag.lastIndex, end);
    if (end >= 0) tag.lastIndex = end;
    if (name !== 'script' && name !== 'meta') continue;
    const attributes = new Map<string, string>();
    for (const [, key = '', dq, sq, bare] of (match[2] ?? '').matchAll(attribute)) {
      attributes.set(key.toLowerCase(), decodeEntities(dq ?? sq ?? bare ?? ''));
    }
    found.push({ name, attributes, body });
  }
  return found;
}

/** Parses a policy string (`a b; c d`) into directives; the first occurrence of a directive wins. */
export function parsePolicy(text: string): Policy {
  const policy = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '' && !policy.has(name.toLowerCase())) {
      policy.set(name.toLowerCase(), sources);
    }
  }
  return policy;
}

// https://html.spec.whatwg.org/multipage/scripting.html#prepare-the-script-element (type → script kind)
const javascriptTypes = /^(?:text|application)\/(?:x-)?(?:java|ecma)script$|^text\/(?:jscript|livescript)$/;
const nonClassicExecutable = new Set(['module', 'importmap', 'speculationrules']);

/** Whether the browser runs this script's inline text (so CSP checks it) rather than keeping it as data. */
export function isExecutable(type: string | undefined): boolean {
  const t = (type ?? '').trim().toLowerCase();
  return t === '' || javascriptTypes.test(t) || nonClassicExecutable.has(t);
}

/** The CSP source expression (`'sha256-…'`) that allows an inline script with this text. */
export function scriptHash(body: string): string {
  return `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
}

/** The directive that governs inline `<script>` elements: script-src-elem, else script-src, else default-src. */
function elementDirective(policy: Policy): readonly string[] | undefined {
  return policy.get('script-src-elem') ?? policy.get('script-src') ?? policy.get('default-src');
}

const forbidden = ["'unsafe-inline'", "'unsafe-eval'"];

/** Returns the problems of one page, each a readable sentence; an empty list means the page passes. */
export function checkPage(html: string): string[] {
  const elements = scanElements(html);
  // Several CSP metas all apply: a script must be allowed by each of them.
  const policies = elements
    .filter(
      (e) => e.name === 'meta' && e.attributes.get('http-equiv')?.toLowerCase() === 'content-security-policy',
    )
    .map((e) => parsePolicy(e.attributes.get('content') ?? ''));
  if (policies.length === 0) return ['no <meta http-equiv="content-security-policy"> on the page'];
  const problems: string[] = [];
  const firstMeta = elements.findIndex(
    (e) => e.name === 'meta' && e.attributes.get('http-equiv')?.toLowerCase() === 'content-security-policy',
  );
  const early = elements
    .slice(0, firstMeta)
    .filter((e) => e.name === 'script' && isExecutable(e.attributes.get('type')));
  for (const script of early) {
    const start = JSON.stringify(script.body.trim().replace(/\s+/g, ' ').slice(0, 60));
    problems.push(`script before the CSP meta, so the policy does not govern it: ${start}`);
  }
  for (const policy of policies) {
    const scriptDirectives = ['script-src', 'script-src-elem', 'script-src-attr'].filter((d) =>
      policy.has(d),
    );
    for (const directive of scriptDirectives.length > 0 ? scriptDirectives : ['default-src']) {
      for (const keyword of forbidden) {
        if (policy.get(directive)?.includes(keyword)) problems.push(`${directive} allows ${keyword}`);
      }
    }
  }
  for (const element of elements) {
    if (element.name !== 'script' || element.attributes.has('src')) continue;
    if (!isExecutable(element.attributes.get('type'))) continue;
    const hash = scriptHash(element.body);
    if (!policies.every((policy) => elementDirective(policy)?.includes(hash) ?? true)) {
      const start = JSON.stringify(element.body.trim().replace(/\s+/g, ' ').slice(0, 60));
      problems.push(`inline script not covered by a hash (needs ${hash}): ${start}`);
    }
  }
  return problems;
}

/** Every `.html` file under a directory, sorted. */
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.html'))
    .map((name) => join(dir, name))
    .sort();
}

/** Checks every page under `dir`; returns the number of pages and each problem prefixed by its file. */
export function checkSite(dir: string): { pages: number; problems: string[] } {
  const files = htmlFiles(dir);
  const problems = files.flatMap((file) =>
    checkPage(readFileSync(file, 'utf8')).map((problem) => `${relative(dir, file)}: ${problem}`),
  );
  return { pages: files.length, problems };
}

if (import.meta.main) {
  const dir = process.argv[2] ?? 'dist';
  const { pages, problems } = checkSite(dir);
  if (pages === 0) {
    console.error(`check-csp: no HTML pages under ${dir}; build the site first.`);
    process.exit(1);
  }
  if (problems.length > 0) {
    console.error(`check-csp: ${problems.length} problem(s) in ${dir}:\n  ${problems.join('\n  ')}`);
    console.error('See docs/decisions/0040-content-security-policy.md for how the policy is built.');
    process.exit(1);
  }
  console.log(`check-csp: ${pages} pages, every inline script covered by the policy.`);
}
