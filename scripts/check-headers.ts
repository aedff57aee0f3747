/**
 * Checks the response headers shipped for static hosts against each other and against the pages' meta
 * policy (docs/decisions/0165-serve-time-headers-for-every-host.md): `public/_headers` (Netlify,
 * Cloudflare Pages), `vercel.json` (Vercel) and the nginx snippet in `docs/hosting.md` must send the same
 * headers, and the header policy may hold only what a meta tag cannot carry (frame-ancestors, sandbox,
 * report-uri), never a directive the meta already sets (two copies of the script hashes would drift).
 * Usage: node scripts/check-headers.ts [dir]   (default dist; `npm run build` runs it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy, scanElements } from './check-csp.ts';

/** Header name (lower case) → value. */
export type Headers = ReadonlyMap<string, string>;

/** The headers a `_headers` file sends for every path (`/*`). */
export function headersFileHeaders(text: string): Headers {
  const headers = new Map<string, string>();
  let all = false;
  for (const line of text.split('\n')) {
    if (line.trim().startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      all = line.trim() === '/*';
      continue;
    }
    const colon = line.indexOf(':');
    if (all && colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** The headers a `vercel.json` sends for every path (`source: "/(.*)"`). */
export function vercelHeaders(text: string): Headers {
  const config = JSON.parse(text) as {
    headers?: { source: string; headers: { key: string; value: string }[] }[];
  };
  const all = (config.headers ?? []).find((rule) => rule.source === '/(.*)');
  return new Map((all?.headers ?? []).map(({ key, value }) => [key.toLowerCase(), value]));
}

/** The headers of the first ```nginx block of a Markdown text (`add_header Name "value" always;`). */
export function nginxHeaders(markdown: string): Headers {
  const block = /```nginx\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
  const headers = new Map<string, string>();
  for (const [, name = '', quoted, bare] of block.matchAll(/add_header\s+(\S+)\s+(?:"([^"]*)"|(\S+))/g)) {
    headers.set(name.toLowerCase(), quoted ?? bare ?? '');
  }
  return headers;
}

/** Directives a browser ignores in a meta policy: they must come as a header. */
const HEADER_ONLY = new Set(['frame-ancestors', 'sandbox', 'report-uri']);

/** Returns the problems, each a sentence; empty when every host sends the same headers and they fit the meta. */
export function checkHeaders(hosts: Readonly<Record<string, Headers>>, metaPolicy: string): string[] {
  const problems: string[] = [];
  const entries = Object.entries(hosts);
  const [firstName, first] = entries[0] ?? ['', new Map<string, string>()];
  for (const [name, headers] of entries.slice(1)) {
    for (const key of new Set([...first.keys(), ...headers.keys()])) {
      if (first.get(key) !== headers.get(key))
        problems.push(
          `${key}: ${firstName} sends ${show(first.get(key))}, ${name} sends ${show(headers.get(key))}`,
        );
    }
  }
  const meta = parsePolicy(metaPolicy);
  for (const [name, headers] of entries) {
    const csp = headers.get('content-security-policy');
    if (csp === undefined) {
      problems.push(`${name} sends no Content-Security-Policy (frame-ancestors needs one)`);
      continue;
    }
    for (const directive of parsePolicy(csp).keys()) {
      if (meta.has(directive))
        problems.push(`${name}: ${directive} is in the page's meta policy too; keep it in one place`);
      else if (!HEADER_ONLY.has(directive))
        problems.push(`${name}: ${directive} belongs in the page's meta policy, not the header`);
    }
    if (!parsePolicy(csp).has('frame-ancestors')) problems.push(`${name}'s policy has no frame-ancestors`);
    if (headers.get('x-frame-options') === undefined) problems.push(`${name} sends no X-Frame-Options`);
  }
  for (const directive of meta.keys())
    if (HEADER_ONLY.has(directive))
      problems.push(`the meta policy holds ${directive}, which a browser ignores there`);
  return problems;
}

const show = (value: string | undefined): string => (value === undefined ? 'nothing' : `"${value}"`);

/** The meta policy of a built page. */
export function metaPolicyOf(html: string): string {
  const meta = scanElements(html).find(
    (e) => e.name === 'meta' && e.attributes.get('http-equiv')?.toLowerCase() === 'content-security-policy',
  );
  return meta?.attributes.get('content') ?? '';
}

if (import.meta.main) {
  const dir = process.argv[2] ?? 'dist';
  const problems = checkHeaders(
    {
      'public/_headers': headersFileHeaders(readFileSync('public/_headers', 'utf8')),
      'vercel.json': vercelHeaders(readFileSync('vercel.json', 'utf8')),
      'docs/hosting.md (nginx)': nginxHeaders(readFileSync('docs/hosting.md', 'utf8')),
    },
    metaPolicyOf(readFileSync(join(dir, 'index.html'), 'utf8')),
  );
  if (problems.length > 0) {
    console.error(`check-headers: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    'check-headers: _headers, vercel.json and the nginx snippet send the same headers, and they fit the meta policy.',
  );
}
