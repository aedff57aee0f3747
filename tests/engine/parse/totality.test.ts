import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { analyze, loadCluster, loadPolicies } from '../../../src/engine/index.ts';

// Engine functions are total on user input: any text gives diagnostics, never an exception.
const keys = fc.constantFrom(
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'name',
  'namespace',
  'labels',
  'podSelector',
  'ingress',
  'egress',
  'from',
  'to',
  'ports',
  'port',
  'endPort',
  'protocol',
  'ipBlock',
  'cidr',
  'except',
  'matchLabels',
  'matchExpressions',
  'key',
  'operator',
  'values',
  'policyTypes',
  'namespaceSelector',
  'containers',
  'status',
  'podIP',
);
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('networking.k8s.io/v1', 'NetworkPolicy', 'v1', 'Pod', 'In', 'TCP', '10.0.0.0/8', 'Ingress'),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(keys, tie('node'), { maxKeys: 4 }),
  ),
})).node;
const policyLike = fc.record({
  apiVersion: fc.constant('networking.k8s.io/v1'),
  kind: fc.constant('NetworkPolicy'),
  metadata: value,
  spec: value,
});

describe('totality on user input', () => {
  test.each([
    'ingress: [null]',
    'ingress: [{from: [null]}]',
    'ingress: [{ports: [null]}]',
    'podSelector: {matchExpressions: [null]}',
    'egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [null]}}]}]',
    'podSelector: {matchLabels: {a: null}}',
  ])('null inside lists and maps is a type error, not a crash: %s', (body) => {
    const loaded = loadPolicies(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  ${body}\n`,
    );
    expect(loaded.policies).toEqual([]);
    expect(loaded.diagnostics.map((d) => d.code)).toContain('invalid-type');
  });

  test('arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(() => loadPolicies(text)).not.toThrow();
        expect(() => loadCluster(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  test('arbitrary manifest-shaped objects never throw, and whatever loads can be analysed', () => {
    fc.assert(
      fc.property(fc.oneof(value, policyLike), (object) => {
        const text = stringify(object, { aliasDuplicateObjects: false });
        const loaded = loadPolicies(text);
        const cluster = loadCluster(text);
        const json = loadPolicies(JSON.stringify(object) ?? 'null');
        expect(json.policies.length).toBe(loaded.policies.length);
        const analysis = analyze(
          cluster.ok
            ? cluster.value
            : { namespaces: [], pods: [], workloads: [], services: [], externals: [] },
          loaded.policies,
        );
        expect(() => analysis.matrix([{ port: 80, protocol: 'TCP' }])).not.toThrow();
        expect(() => analysis.lint()).not.toThrow();
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
