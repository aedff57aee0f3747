/**
 * localStorage that never breaks the page: reads and writes can throw (blocked storage,
 * private modes, quota). On the first failure we keep going in memory and say so once.
 */

/** A key-value store that always answers. */
export interface SafeStorage {
  read(key: string): string | null;
  write(key: string, value: string): void;
  /** True once a read or write failed and values live only in memory. */
  readonly degraded: boolean;
}

type Listener = () => void;

/** Returns a store over `backing` (default: `window.localStorage`) with a memory fallback. */
export function createSafeStorage(backing?: () => Storage, onDegrade?: Listener): SafeStorage {
  const memory = new Map<string, string>();
  let degraded = false;
  const get = backing ?? (() => window.localStorage);
  const degrade = (): void => {
    if (degraded) return;
    degraded = true;
    onDegrade?.();
  };
  return {
    read(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      if (degraded) return null;
      try {
        return get().getItem(key);
      } catch {
        degrade();
        return null;
      }
    },
    write(key, value) {
      memory.set(key, value);
      if (degraded) return;
      try {
        get().setItem(key, value);
        memory.delete(key);
      } catch {
        degrade();
      }
    },
    get degraded() {
      return degraded;
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
