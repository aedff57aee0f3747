import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../../src/engine/index.ts';

// After an edit in the editor only the documents that changed or moved are validated again; what
// the learner sees (policies, diagnostics and their lines) must be exactly what a fresh parse gives.
/** 1-based lines of the text that contain `needle`. */
const linesOf = (text: string, needle: string): number[] =>
  text.split('\n').flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));

const policy = (name: string, extra = ''): string =>
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
  podSelector: {}
  ingres: []${extra}
`;

describe('loadPolicies after an edit', () => {
  test('an unchanged document in the same place gives the same policy object and diagnostics', () => {
    const first = loadPolicies(`${policy('a')}---\n${policy('b')}`, { file: 'p.yaml' });
    // Only the second document changes.
    const text = `${policy('a')}---\n${policy('b', '\n  policyTypes: [Ingress]')}`;
    const second = loadPolicies(text, { file: 'p.yaml' });
    expect(second.policies).toHaveLength(0); // `ingres` is an unknown field: both are invalid
    expect(second.diagnostics[0]).toBe(first.diagnostics[0]);
    expect(second.diagnostics.map((d) => d.range?.line)).toEqual(linesOf(text, 'ingres:'));
  });

  test('a document that moved is validated again: its diagnostics point at its new lines', () => {
    loadPolicies(`${policy('a')}---\n${policy('b')}`, { file: 'p.yaml' });
    const text = `# a comment\n${policy('a')}---\n${policy('b')}`;
    const moved = loadPolicies(text, { file: 'p.yaml' });
    expect(moved.diagnostics.map((d) => d.range?.line)).toEqual(linesOf(text, 'ingres:'));
    expect(moved.diagnostics[0]?.message).toContain('unknown field "spec.ingres"');
    const elsewhere = loadPolicies(`${policy('a')}---\n${policy('b')}`, { file: 'other.yaml' });
    expect(elsewhere.diagnostics.map((d) => d.file)).toEqual(['other.yaml', 'other.yaml']);
  });

  test('valid policies: the same answer as a fresh parse, for every prefix edit', () => {
    const valid = (name: string): string => policy(name).replace('ingres: []', 'ingress: []');
    const docs = ['a', 'b', 'c'].map(valid);
    loadPolicies(docs.join('---\n'));
    for (let i = 0; i < docs.length; i++) {
      const edited = docs.map((d, j) =>
        j === i ? d.replace('podSelector: {}', 'podSelector: {matchLabels: {x: y}}') : d,
      );
      const text = edited.join('---\n');
      const result = loadPolicies(text);
      expect(result.diagnostics).toEqual([]);
      expect(result.policies.map((p) => [p.name, p.ref.range?.line])).toEqual(
        ['a', 'b', 'c'].map((name, k) => [name, linesOf(text, 'apiVersion')[k]]),
      );
      // Rule ranges too (explanations point at them).
      expect(result.policies.map((p) => p.source.locate(['spec', 'ingress'])?.line)).toEqual(
        linesOf(text, 'ingress: []'),
      );
    }
  });
});
