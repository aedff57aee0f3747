/**
 * Starlight's theme picker reads and writes its choice in localStorage without a guard: with storage
 * blocked or full, choosing a theme (and even loading a page) throws an uncaught error. This runs before
 * the picker's own script and makes storage failures for the picker's key quiet: the theme still applies
 * to the page, it is just not remembered.
 */
const THEME_KEY = 'starlight-theme';

type GetItem = (this: Storage, key: string) => string | null;
type SetItem = (this: Storage, key: string, value: string) => void;

/** Wraps `Storage.prototype` so that failures for the theme key only are swallowed. */
export function guardThemeStorage(proto: Storage = Storage.prototype): void {
  const marked = proto as Storage & { netpolThemeGuard?: true };
  if (marked.netpolThemeGuard) return;
  const getItem = Object.getOwnPropertyDescriptor(proto, 'getItem')?.value as GetItem;
  const setItem = Object.getOwnPropertyDescriptor(proto, 'setItem')?.value as SetItem;
  proto.getItem = function guardedGetItem(this: Storage, key: string): string | null {
    if (key !== THEME_KEY) return getItem.call(this, key);
    try {
      return getItem.call(this, key);
    } catch {
      return null;
    }
  };
  proto.setItem = function guardedSetItem(this: Storage, key: string, value: string): void {
    if (key !== THEME_KEY) {
      setItem.call(this, key, value);
      return;
    }
    try {
      setItem.call(this, key, value);
    } catch {
      // Full or blocked: the chosen theme applies to this page only.
    }
  };
  Object.defineProperty(marked, 'netpolThemeGuard', { value: true });
}
