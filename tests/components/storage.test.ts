import { describe, expect, test, vi } from 'vitest';
import { createSafeStorage } from '../../src/components/sandbox/storage.ts';
import { readProgress, recordSolve, recordVisit } from '../../src/components/sandbox/progress.ts';
import { workshopStatuses } from '../../src/components/workshop/workshop-progress.ts';
import { encodeProgress, decodeProgress, type Exercise } from '../../src/engine/index.ts';

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

/** A store whose writes fail while `full` is set, as a full quota does. */
function fillableStorage(): { backing: Storage; full: { on: boolean } } {
  const backing = memoryStorage();
  const full = { on: false };
  const setItem = backing.setItem.bind(backing);
  backing.setItem = (key, value) => {
    if (full.on) throw new DOMException('full', 'QuotaExceededError');
    setItem(key, value);
  };
  return { backing, full };
}

describe('safe storage when writes start failing', () => {
  test('reads keep coming from storage after a failed write', () => {
    const { backing, full } = fillableStorage();
    backing.setItem('saved-before', 'kept');
    const storage = createSafeStorage(() => backing);
    full.on = true;
    storage.write('new', 'value');
    expect(storage.degraded).toBe(true);
    expect(storage.read('saved-before')).toBe('kept');
    expect(storage.read('new')).toBe('value');
    expect(storage.read('never-written')).toBeNull();
  });

  test('a value that could not be written is written at a later write, once space is free', () => {
    const { backing, full } = fillableStorage();
    const storage = createSafeStorage(() => backing);
    full.on = true;
    storage.write('a', '1');
    expect(storage.pending).toBe(1);
    expect(backing.getItem('a')).toBeNull();
    full.on = false;
    storage.write('b', '2');
    expect(backing.getItem('a')).toBe('1');
    expect(backing.getItem('b')).toBe('2');
    expect(storage.pending).toBe(0);
  });

  test('a workshop at 1 of 2 solved stays so, and its progress code holds every solve', async () => {
    const { backing, full } = fillableStorage();
    const exercises: Exercise[] = [{ ref: 'ingress/allow-frontend' }, { ref: 'egress/dns' }];
    const storage = createSafeStorage(() => backing);
    recordSolve(storage, 'workshop-0123abcd/ingress/allow-frontend', 'solved');
    full.on = true;
    storage.write('netpol-lab:sandbox:challenge:x', 'an autosave that does not fit');
    expect(workshopStatuses(storage, '0123abcd', exercises)).toEqual(['solved', 'open']);
    recordSolve(storage, 'workshop-0123abcd/egress/dns', 'solved-with-help');
    const statuses = workshopStatuses(storage, '0123abcd', exercises);
    expect(statuses).toEqual(['solved', 'help']);
    const code = await encodeProgress({ workshop: '0123abcd', learner: 'Ana', statuses });
    const decoded = await decodeProgress(code);
    expect(decoded.ok && decoded.report.statuses).toEqual(['solved', 'help']);
  });
});

describe('progress', () => {
  test('a stale tab never turns "solved with help" into "solved": the stored status is read first', () => {
    const backing = memoryStorage();
    const freshTab = createSafeStorage(() => backing);
    const staleTab = createSafeStorage(() => backing);
    readProgress(staleTab);
    recordSolve(freshTab, 'a/one', 'solved-with-help');
    recordSolve(staleTab, 'a/one', 'solved');
    expect(readProgress(freshTab).challenges).toEqual({ 'a/one': 'solved-with-help' });
  });

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
