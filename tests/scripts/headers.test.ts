import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  checkHeaders,
  headersFileHeaders,
  metaPolicyOf,
  nginxHeaders,
  vercelHeaders,
  type Headers,
} from '../../scripts/check-headers.ts';

const shipped = {
  'public/_headers': headersFileHeaders(readFileSync('public/_headers', 'utf8')),
  'vercel.json': vercelHeaders(readFileSync('vercel.json', 'utf8')),
  'docs/hosting.md (nginx)': nginxHeaders(readFileSync('docs/hosting.md', 'utf8')),
};
/** The meta policy as Astro writes it (abridged: the hashes do not matter here). */
const meta = "default-src 'self'; base-uri 'self'; object-src 'none'; script-src 'self' 'sha256-abc'";
const good: Headers = new Map([
  ['content-security-policy', "frame-ancestors 'none'"],
  ['x-frame-options', 'DENY'],
]);

describe('serve-time headers for static hosts', () => {
  test('framing is forbidden in both the modern and the legacy header, for every host', () => {
    for (const headers of Object.values(shipped)) {
      expect(headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  test('_headers, vercel.json and the nginx snippet send the same headers, and they fit the meta policy', () => {
    expect(checkHeaders(shipped, meta)).toEqual([]);
  });

  test('a host that sends a header the others do not, or another value, is named', () => {
    const vercel = new Map([...good, ['x-frame-options', 'SAMEORIGIN']]);
    expect(checkHeaders({ a: good, b: vercel }, meta)).toEqual([
      'x-frame-options: a sends "DENY", b sends "SAMEORIGIN"',
    ]);
  });

  test('the header policy may hold only what a meta cannot: a copy of a meta directive or a script source fails', () => {
    const copy = new Map([
      ...good,
      ['content-security-policy', "frame-ancestors 'none'; default-src 'self'"],
    ]);
    expect(checkHeaders({ a: copy }, meta)).toEqual([
      "a: default-src is in the page's meta policy too; keep it in one place",
    ]);
    const extra = new Map([...good, ['content-security-policy', "frame-ancestors 'none'; img-src *"]]);
    expect(checkHeaders({ a: extra }, meta)).toEqual([
      "a: img-src belongs in the page's meta policy, not the header",
    ]);
  });

  test('no frame-ancestors in the header, or one in the meta (ignored there), fails', () => {
    expect(checkHeaders({ a: new Map([['x-frame-options', 'DENY']]) }, meta)).toEqual([
      'a sends no Content-Security-Policy (frame-ancestors needs one)',
    ]);
    expect(checkHeaders({ a: good }, `${meta}; frame-ancestors 'none'`)).toEqual([
      "a: frame-ancestors is in the page's meta policy too; keep it in one place",
      'the meta policy holds frame-ancestors, which a browser ignores there',
    ]);
  });

  test("the meta policy is read from a built page's head", () => {
    expect(
      metaPolicyOf(
        `<head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="${meta}"></head>`,
      ),
    ).toBe(meta);
  });
});
