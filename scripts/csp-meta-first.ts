/**
 * Post-build step: moves each page's CSP `<meta http-equiv="content-security-policy">` to the top of
 * `<head>`, right after `<meta charset>`. A meta policy governs only what follows it, and Astro writes
 * it below Starlight's inline theme script. `scripts/check-csp.ts` then proves no executable inline
 * script comes before it. Usage: node scripts/csp-meta-first.ts [dir]   (`npm run build` runs it).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CSP_META = /<meta\s+http-equiv=(["'])content-security-policy\1[^>]*>/i;
const CHARSET_META = /<meta\s+charset=[^>]*>/i;

/** Returns the page with its CSP meta first in `<head>` (after `<meta charset>`); unchanged without one. */
export function moveCspMetaFirst(html: string): string {
  const meta = CSP_META.exec(html);
  if (meta === null) return html;
  const without = html.slice(0, meta.index) + html.slice(meta.index + meta[0].length);
  const charset = CHARSET_META.exec(without);
  const head = /<head[^>]*>/i.exec(without);
  const anchor = charset ?? head;
  if (anchor === null) return html;
  const at = anchor.index + anchor[0].length;
  return without.slice(0, at) + meta[0] + without.slice(at);
}

if (import.meta.main) {
  const dir = process.argv[2] ?? 'dist';
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
  let moved = 0;
  for (const file of files) {
    const path = join(dir, file);
    const html = readFileSync(path, 'utf8');
    const out = moveCspMetaFirst(html);
    if (out !== html) {
      writeFileSync(path, out);
      moved += 1;
    }
  }
  console.log(`csp-meta-first: the policy moved to the top of <head> on ${moved} of ${files.length} pages.`);
}
