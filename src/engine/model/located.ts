import type { SourceRange } from './types.ts';

const rangeFinders = new WeakMap<object, () => SourceRange | undefined>();
const foundRanges = new WeakMap<object, SourceRange | undefined>();

// One getter for every piece: objects whose accessors are the same function share hidden classes, so the
// matchers stay fast (a new closure per object gave each rule and peer a class of its own).
function lazyRange(this: object): SourceRange | undefined {
  if (foundRanges.has(this)) return foundRanges.get(this);
  const range = rangeFinders.get(this)?.();
  foundRanges.set(this, range);
  return range;
}

/** Returns `value` with a `range` found on first use (most compiled pieces are never explained). */
export function withRange<T extends object>(
  value: T,
  find: () => SourceRange | undefined,
): T & { readonly range?: SourceRange } {
  rangeFinders.set(value, find);
  Object.defineProperty(value, 'range', { enumerable: true, get: lazyRange });
  return value;
}
