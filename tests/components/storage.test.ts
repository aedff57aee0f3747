import { describe, expect, test, vi } from 'vitest';
import { createSafeStorage } from '../../src/components/sandbox/storage.ts';
import { readProgress, recordSolve, recordVisit } from '../../src/components/sandbox/progress.ts';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

describe('safe storage', () => {
  test('reads and writes through to the backing store', () => {
    const backing = memoryStorage();
    const storage = createSafeStorage(() => backing);
    storage.write('k', 'v');
    expect(backing.getItem('k')).toBe('v');
    expect(storage.read('k')).toBe('v');
    expect(storage.degraded).toBe(false);
  });

  test('a blocked store falls back to memory and says so once', () => {
    const onDegrade = vi.fn();
    const storage = createSafeStorage(() => {
      throw new DOMException('blocked', 'SecurityError');
    }, onDegrade);
    expect(storage.read('k')).toBeNull();
    storage.write('k', 'v');
    expect(storage.read('k')).toBe('v');
    expect(onDegrade).toHaveBeenCalledTimes(1);
  });

  test('a full store keeps the value in memory', () => {
    const backing = memoryStorage();
    backing.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const storage = createSafeStorage(() => backing);
    storage.write('k', 'v');
    expect(storage.read('k')).toBe('v');
    expect(storage.degraded).toBe(true);
  });
});

describe('progress', () => {
  test('a clean solve is never downgraded and visits are remembered', () => {
    const backing = memoryStorage();
    const storage = createSafeStorage(() => backing);
    recordSolve(storage, 'a/one', 'solved-with-help');
    recordSolve(storage, 'a/two', 'solved');
    recordSolve(storage, 'a/two', 'solved-with-help');
    recordVisit(storage, '/lessons/02-x/', 'Two');
    expect(readProgress(storage)).toEqual({
      challenges: { 'a/one': 'solved-with-help', 'a/two': 'solved' },
      last: { path: '/lessons/02-x/', title: 'Two' },
    });
  });

  test('garbage in storage reads as no progress', () => {
    const backing = memoryStorage();
    backing.setItem(
      'netpol-lab:progress',
      '{"challenges":{"x":"hacked"},"last":{"path":"javascript:alert(1)","title":"x"}}',
    );
    expect(readProgress(createSafeStorage(() => backing))).toEqual({ challenges: {} });
  });
});
