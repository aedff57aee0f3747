import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { convertPolicies, loadPolicies, type Cluster, type PortProtocol } from '../../../src/engine/index.ts';
import { modelClusterYaml } from '../../conformance/model.ts';
import { cluster } from '../helpers.ts';

const external =
  '\n---\napiVersion: netpol-lab/v1\nkind: ExternalEndpoint\nmetadata: {name: outside}\nspec: {ips: [192.0.2.9]}\n';
const model: Cluster = cluster(modelClusterYaml() + external);
const PORTS: PortProtocol[] = [
  { port: 80, protocol: 'TCP' },
  { port: 81, protocol: 'UDP' },
  { port: 80, protocol: 'SCTP' },
];
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, name), 'utf8');

function convert(text: string, to: 'cilium' | 'kubernetes') {
  const result = convertPolicies(text, to, { cluster: model, ports: PORTS });
  if (!result.ok) throw new Error(result.diagnostics[0]?.message);
  const errors = loadPolicies(result.value.text).diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => d.message)).toEqual([]);
  return result.value;
}

describe('convertPolicies', () => {
  test('selectors, namespaces, ipBlock/except, endPort and named ports convert to Cilium with identical verdicts', () => {
    const text = fixture('kubernetes-all-fields.yaml');
    const cilium = convert(text, 'cilium');
    expect(cilium.converted.map((p) => p.name)).toEqual(['b-policy', 'deny-all']);
    expect(cilium.kept).toEqual([]);
    expect(cilium.changes).toEqual([]);
    expect(cilium.text).toContain('# Every field the conversion carries over.');
    expect(cilium.text).toContain('toCIDRSet');
    expect(cilium.text).toContain('k8s:io.cilium.k8s.namespace.labels.ns: x');
    const back = convert(cilium.text, 'kubernetes');
    expect(back.kept).toEqual([]);
    expect(back.changes).toEqual([]);
  });

  test('an ipBlock holding pod addresses changes verdicts in Cilium: the pairs are listed', () => {
    const text = stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'from-pods-by-ip', namespace: 'x' },
      spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] },
    });
    const cilium = convert(text, 'cilium');
    expect(cilium.changes?.length).toBeGreaterThan(0);
    expect(cilium.changes?.every((c) => c.before && !c.after && c.flow.to.startsWith('x/'))).toBe(true);
  });

  test('FQDNs, entities and L7 rules have no Kubernetes equivalent: listed and kept as written', () => {
    const text = fixture('cilium-untranslatable.yaml');
    const k8s = convert(text, 'kubernetes');
    expect(k8s.converted).toEqual([]);
    expect(k8s.kept.map((k) => [k.policy.name, k.losses.map((l) => l.path)])).toEqual([
      ['a-to-world', ['spec.egress[0].toFQDNs', 'spec.egress[1].toEntities']],
      ['b-from-c', ['spec.ingress[0].toPorts[0].rules']],
    ]);
    expect(k8s.text).toBe(text);
    expect(k8s.changes).toEqual([]);
  });

  test('broken YAML is refused', () => {
    expect(convertPolicies('kind: [', 'cilium').ok).toBe(false);
  });
});

const name = fc.constantFrom('a', 'b', 'c');
const ns = fc.constantFrom('x', 'y', 'z');
const selector = fc.oneof(
  fc.constant({}),
  name.map((pod) => ({ matchLabels: { pod } })),
  fc
    .array(name, { minLength: 1, maxLength: 2 })
    .map((values) => ({ matchExpressions: [{ key: 'pod', operator: 'NotIn', values }] })),
);
const nsSelector = fc.oneof(
  fc.constant({}),
  ns.map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })),
  ns.map((n) => ({ matchLabels: { ns: n } })),
);
const peer = fc.oneof(
  selector.map((podSelector) => ({ podSelector })),
  nsSelector.map((namespaceSelector) => ({ namespaceSelector })),
  fc.record({ podSelector: selector, namespaceSelector: nsSelector }),
  fc.constantFrom(
    { ipBlock: { cidr: '192.0.2.0/24', except: ['192.0.2.8/29'] } },
    { ipBlock: { cidr: '198.51.100.0/24' } },
  ),
);
const port = fc.constantFrom(
  { port: 80 },
  { port: 81, protocol: 'UDP' },
  { protocol: 'UDP' },
  { port: 'serve-80-tcp' },
  { port: 79, endPort: 81, protocol: 'SCTP' },
);
const rule = (key: 'from' | 'to'): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    { [key]: fc.array(peer, { maxLength: 2 }), ports: fc.array(port, { maxLength: 2 }) },
    { requiredKeys: [] },
  );
const policy = fc.record({
  namespace: ns,
  podSelector: selector,
  ingress: fc.option(fc.array(rule('from'), { maxLength: 2 }), { nil: undefined }),
  egress: fc.option(fc.array(rule('to'), { maxLength: 2 }), { nil: undefined }),
  policyTypes: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
});

test('conversion round-trip keeps every verdict (policies without ipBlocks over pods)', () => {
  fc.assert(
    fc.property(fc.array(policy, { minLength: 1, maxLength: 4 }), (shapes) => {
      const text = shapes
        .map((s, i) =>
          stringify(
            {
              apiVersion: 'networking.k8s.io/v1',
              kind: 'NetworkPolicy',
              metadata: { name: `p${i}`, namespace: s.namespace },
              spec: {
                podSelector: s.podSelector,
                ...(s.policyTypes ? { policyTypes: s.policyTypes } : {}),
                ...(s.ingress ? { ingress: s.ingress } : {}),
                ...(s.egress ? { egress: s.egress } : {}),
              },
            },
            { aliasDuplicateObjects: false },
          ),
        )
        .join('---\n');
      const cilium = convert(text, 'cilium');
      expect(cilium.changes).toEqual([]);
      const back = convert(cilium.text, 'kubernetes');
      expect(back.kept).toEqual([]);
      expect(back.changes).toEqual([]);
    }),
    { numRuns: 60 },
  );
}, 120_000);
