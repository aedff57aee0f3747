/**
 * A cache of at most `limit` entries that drops the least recently used one when full. Module-level
 * caches keyed by text use it: a `WeakMap` keyed by objects lets go with its keys, but a `Map` keyed by
 * strings would grow with every distinct text a long editing session or a hostile input brings.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  /** Returns the value kept for `key`, computing and keeping it first when there is none. */
  get(key: K, compute: (key: K) => V): V {
    const entries = this.#entries;
    const found = entries.get(key);
    if (found !== undefined || entries.has(key)) {
      // A Map iterates in insertion order: moving the hit to the end keeps the oldest entry first.
      entries.delete(key);
      entries.set(key, found as V);
      return found as V;
    }
    const value = compute(key);
    if (entries.size >= this.#limit) entries.delete(entries.keys().next().value as K);
    entries.set(key, value);
    return value;
  }

  /** Returns how many entries are kept. */
  get size(): number {
    return this.#entries.size;
  }
}
