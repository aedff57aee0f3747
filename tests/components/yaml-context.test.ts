import { describe, expect, test } from 'vitest';
import { yamlContextAt } from '../../src/components/sandbox/yaml-context.ts';

/** Returns the context at the `|` marker. */
function at(textWithCursor: string) {
  const pos = textWithCursor.indexOf('|');
  return yamlContextAt(textWithCursor.replace('|', ''), pos);
}

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
spec:
  podSelector:
    matchLabels:
      `;

describe('completion context', () => {
  test('a key under matchLabels knows its parents', () => {
    expect(at(`${POLICY}ap|`)).toEqual({
      position: 'key',
      key: 'ap',
      parents: ['spec', 'podSelector', 'matchLabels'],
      from: POLICY.length,
    });
  });

  test('a value after a label key is a value position for that key', () => {
    expect(at(`${POLICY}app: fr|`)).toMatchObject({
      position: 'value',
      key: 'app',
      parents: ['spec', 'podSelector', 'matchLabels'],
    });
  });

  test('list items and dashes are understood', () => {
    const text = `spec:
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: |`;
    expect(at(text)).toMatchObject({
      position: 'value',
      key: 'team',
      parents: ['spec', 'ingress', 'from', 'namespaceSelector', 'matchLabels'],
    });
  });

  test('a flow list value and a policyTypes item are value positions', () => {
    expect(at('spec:\n  policyTypes: [Ingress, E|')).toMatchObject({ position: 'value', key: 'policyTypes' });
    expect(at('spec:\n  policyTypes:\n    - E|')).toMatchObject({
      position: 'value',
      key: 'policyTypes',
      parents: ['spec'],
    });
  });

  test('a new document starts without parents', () => {
    expect(at('kind: A\n---\nsp|')).toMatchObject({ position: 'key', key: 'sp', parents: [] });
  });
});
