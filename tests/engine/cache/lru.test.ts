import { expect, test, vi } from 'vitest';
import { LruCache } from '../../../src/engine/cache/lru.ts';
import { fqdnPatternToRegExp } from '../../../src/engine/cilium/fqdn.ts';

test('a value is computed once and then kept', () => {
  const cache = new LruCache<string, number>(3);
  const compute = vi.fn((key: string) => key.length);
  expect(cache.get('abc', compute)).toBe(3);
  expect(cache.get('abc', compute)).toBe(3);
  expect(compute).toHaveBeenCalledTimes(1);
});

test('undefined is a value like any other', () => {
  const cache = new LruCache<string, number | undefined>(3);
  const compute = vi.fn((): number | undefined => undefined);
  cache.get('x', compute);
  cache.get('x', compute);
  expect(compute).toHaveBeenCalledTimes(1);
});

test('it never holds more than its limit', () => {
  const cache = new LruCache<number, number>(100);
  for (let i = 0; i < 10_000; i++) cache.get(i, (k) => k * 2);
  expect(cache.size).toBe(100);
});

test('when full it drops the entry used longest ago', () => {
  const cache = new LruCache<string, string>(2);
  const compute = vi.fn((key: string) => key.toUpperCase());
  cache.get('a', compute);
  cache.get('b', compute);
  cache.get('a', compute); // a is now the most recent
  cache.get('c', compute); // drops b
  compute.mockClear();
  cache.get('a', compute);
  expect(compute).not.toHaveBeenCalled();
  cache.get('b', compute);
  expect(compute).toHaveBeenCalledWith('b');
});

test('a pattern compiled long ago is compiled again, the same way', () => {
  const first = fqdnPatternToRegExp('*.example.com');
  for (let i = 0; i < 1_000; i++) fqdnPatternToRegExp(`*.n${i}.example`);
  const again = fqdnPatternToRegExp('*.example.com');
  expect(again).not.toBe(first);
  expect(again.source).toBe(first.source);
  expect(fqdnPatternToRegExp('*.example.com')).toBe(again);
});
