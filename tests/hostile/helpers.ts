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
