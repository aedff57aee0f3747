/**
 * localStorage that never breaks the page: reads and writes can throw (blocked storage, private modes,
 * quota). A value that could not be written stays in memory and is read from there; every other read
 * still goes to storage, so one failed write never hides what was saved before. Values waiting in memory
 * are written again at the next write (space may have been freed since). The first failure is announced
 * once.
 */

/** A key-value store that always answers. */
export interface SafeStorage {
  read(key: string): string | null;
  write(key: string, value: string): void;
  /** True once a read or write failed (some values may live only in memory). */
  readonly degraded: boolean;
  /** Values written that storage has not taken yet. */
  readonly pending: number;
}

type Listener = () => void;

/** Returns a store over `backing` (default: `window.localStorage`) with a memory fallback. */
export function createSafeStorage(backing?: () => Storage, onDegrade?: Listener): SafeStorage {
  const unwritten = new Map<string, string>();
  let degraded = false;
  const get = backing ?? (() => window.localStorage);
  const degrade = (): void => {
    if (degraded) return;
    degraded = true;
    onDegrade?.();
  };
  const tryWrite = (key: string, value: string): boolean => {
    try {
      get().setItem(key, value);
      unwritten.delete(key);
      return true;
    } catch {
      unwritten.set(key, value);
      degrade();
      return false;
    }
  };
  return {
    read(key) {
      const waiting = unwritten.get(key);
      if (waiting !== undefined) return waiting;
      try {
        return get().getItem(key);
      } catch {
        degrade();
        return null;
      }
    },
    write(key, value) {
      unwritten.delete(key);
      if (!tryWrite(key, value)) return;
      // This write went through: older values waiting in memory may fit now too.
      for (const [waitingKey, waitingValue] of [...unwritten]) {
        if (!tryWrite(waitingKey, waitingValue)) break;
      }
    },
    get degraded() {
      return degraded;
    },
    get pending() {
      return unwritten.size;
    },
  };
}

/** Returns the parsed JSON stored at `key`, or `undefined` when absent or unreadable. */
export function readJson(storage: SafeStorage, key: string): unknown {
  const text = storage.read(key);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

let shared: SafeStorage | undefined;
const degradeListeners = new Set<Listener>();

/** Returns the page-wide store; `onDegrade` hears once when it falls back to memory. */
export function pageStorage(onDegrade?: Listener): SafeStorage {
  if (onDegrade) degradeListeners.add(onDegrade);
  shared ??= createSafeStorage(undefined, () => degradeListeners.forEach((listener) => listener()));
  return shared;
}
