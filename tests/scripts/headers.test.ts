import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

/** The headers the `_headers` file sends for every path, as name → value. */
function headersForAllPaths(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  let inAll = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === '/*';
      continue;
    }
    const [name = '', ...value] = line.trim().split(':');
    if (inAll) headers.set(name.trim().toLowerCase(), value.join(':').trim());
  }
  return headers;
}

describe('serve-time headers for static hosts (public/_headers)', () => {
  const headers = headersForAllPaths(readFileSync('public/_headers', 'utf8'));

  test('framing is forbidden in both the modern and the legacy header', () => {
    expect(headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
  });

  test('content types are not sniffed and no referrer leaves the site', () => {
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
  });
});
