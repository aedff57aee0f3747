import { expect } from 'vitest';
import type { Diagnostic } from '../../src/engine/index.ts';

/** A NetworkPolicy document with the given flow-style `metadata` and `spec`. */
export function networkPolicy(metadata: string, spec = '{podSelector: {}}'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: ${metadata}\nspec: ${spec}\n`;
}

/** A Pod document in namespace `x` with the given flow-style `metadata` fields after the namespace. */
export function pod(metadata: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {namespace: x, ${metadata}}\nspec: {containers: [{name: c}]}\nstatus: {podIP: 10.0.0.1}\n`;
}

/** Fails unless nothing was added to `Object.prototype` (the `({}).polluted` check, and every other key). */
export function expectPristinePrototype(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** The code, line and column of each diagnostic, for compact assertions. */
export function where(
  diagnostics: readonly Diagnostic[],
): { code: string; line?: number; column?: number }[] {
  return diagnostics.map((d) => ({
    code: d.code,
    ...(d.range ? { line: d.range.line, column: d.range.column } : {}),
  }));
}

/**
 * Returns how many generated inputs each hostile property tries: `HOSTILE_RUNS` when set (10,000 in
 * `npm run test:hostile`, which `npm test` runs), else 200, so the default unit run stays quick.
 */
export function hostileRuns(): { numRuns: number } {
  const text = process.env.HOSTILE_RUNS;
  if (text === undefined || text === '') return { numRuns: 200 };
  const numRuns = Number(text);
  if (!Number.isInteger(numRuns) || numRuns < 1)
    throw new Error(`HOSTILE_RUNS must be a positive whole number, got "${text}"`);
  return { numRuns };
}

/** Returns the run count as the test names print it, e.g. `10,000`. */
export function runsLabel(runs: { numRuns: number }): string {
  return runs.numRuns.toLocaleString('en');
}

/**
 * Returns the time limit of one hostile property: 2 minutes, or more for larger run counts (the
 * slowest property took under 5 ms an input on a loaded 2-core machine).
 */
export function hostileTimeout(runs: { numRuns: number }): number {
  return Math.max(120_000, runs.numRuns * 12);
}
