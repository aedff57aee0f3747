/** Something a policy says that the other format cannot say: the policy is kept as written. */
export interface Untranslatable {
  /** Field path, e.g. `spec.egress[0].toFQDNs`. */
  readonly path: string;
  readonly reason: string;
}

/** A plain object of a parsed manifest. */
export type Obj = Readonly<Record<string, unknown>>;

/** Returns the value as an object, or undefined. */
export function asObject(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** Returns a scalar as text ('' for objects and lists). */
export function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** Returns the value as a list (absent and null are empty). */
export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Collects what a conversion could not carry over, with the path it was found at. */
export class Losses {
  readonly items: Untranslatable[] = [];

  /** Records one thing with no equivalent. */
  add(path: string, reason: string): void {
    this.items.push({ path, reason });
  }
}
