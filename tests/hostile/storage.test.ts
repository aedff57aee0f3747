import { describe, expect, test, vi } from 'vitest';
import { createSafeStorage, readJson } from '../../src/components/sandbox/storage.ts';

// localStorage that throws on read (SecurityError: storage blocked) and on write (QuotaExceededError):
// the learner's latest text stays readable from memory, the page hears once so it can say so, and
// the broken store is not touched again.

/** A Storage whose getItem and setItem throw the given DOMExceptions, counting calls. */
function throwingStorage(read?: string, write?: string): Storage & { calls: number } {
  const map = new Map<string, string>([['saved', 'earlier work']]);
  const store = {
    calls: 0,
    length: 0,
    clear: () => map.clear(),
    key: () => null,
    removeItem: (key: string) => void map.delete(key),
    getItem(key: string): string | null {
      store.calls += 1;
      if (read) throw new DOMException('blocked', read);
      return map.get(key) ?? null;
    },
    setItem(key: string, value: string): void {
      store.calls += 1;
      if (write) throw new DOMException('full', write);
      map.set(key, value);
    },
  };
  return store;
}

describe('localStorage that throws', () => {
  test('hostile: a store that throws on read answers null, then keeps edits in memory and says so once', () => {
    const onDegrade = vi.fn();
    const backing = throwingStorage('SecurityError');
    const storage = createSafeStorage(() => backing, onDegrade);
    expect(storage.read('saved')).toBeNull();
    storage.write('draft', 'kind: NetworkPolicy');
    storage.write('draft', 'kind: NetworkPolicy # edited');
    expect(storage.read('draft')).toBe('kind: NetworkPolicy # edited');
    expect(storage.degraded).toBe(true);
    expect(onDegrade).toHaveBeenCalledTimes(1);
    // Storage keeps being asked (it may work again): two reads and two writes reached it.
    expect(backing.calls).toBe(4);
  });

  test('hostile: a store that throws on write keeps the newest edit in memory and the old save intact', () => {
    const onDegrade = vi.fn();
    const backing = throwingStorage(undefined, 'QuotaExceededError');
    const storage = createSafeStorage(() => backing, onDegrade);
    expect(storage.read('saved')).toBe('earlier work');
    storage.write('saved', 'newer work');
    expect(storage.read('saved')).toBe('newer work');
    storage.write('saved', 'newest work');
    expect(storage.read('saved')).toBe('newest work');
    expect(onDegrade).toHaveBeenCalledTimes(1);
    // Each write is tried again (space may have been freed): one read and two writes reached it.
    expect(backing.calls).toBe(3);
  });

  test('hostile: a store that throws on both, or whose getter throws, never throws itself', () => {
    for (const get of [
      () => throwingStorage('SecurityError', 'QuotaExceededError'),
      (): Storage => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    ]) {
      const storage = createSafeStorage(get);
      expect(() => storage.write('k', 'v')).not.toThrow();
      expect(storage.read('k')).toBe('v');
      expect(readJson(storage, 'missing')).toBeUndefined();
    }
  });

  test('hostile: damaged saved JSON reads as nothing saved', () => {
    const map = new Map([['k', '{"policies": "x"']]);
    const storage = createSafeStorage(() => ({ getItem: (key: string) => map.get(key) ?? null }) as Storage);
    expect(readJson(storage, 'k')).toBeUndefined();
  });
});
