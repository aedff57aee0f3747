import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import {
  allowFlow,
  analyze,
  loadPolicies,
  type Cluster,
  type Flow,
  type PortProtocol,
} from '../../../src/engine/index.ts';
import { modelClusterYaml } from '../../conformance/model.ts';
import { cluster } from '../helpers.ts';

const model: Cluster = cluster(modelClusterYaml());
const PORTS: PortProtocol[] = [
  { port: 80, protocol: 'TCP' },
  { port: 81, protocol: 'UDP' },
];
const name = fc.constantFrom('a', 'b', 'c');
const ns = fc.constantFrom('x', 'y', 'z');
const selector = fc.oneof(
  fc.constant({}),
  name.map((pod) => ({ matchLabels: { pod } })),
);
const peer = fc.oneof(
  selector.map((podSelector) => ({ podSelector })),
  fc.record({
    podSelector: selector,
    namespaceSelector: ns.map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })),
  }),
);
const port = fc.constantFrom({ port: 80 }, { port: 81, protocol: 'UDP' }, { port: 'serve-80-tcp' });
const rule = (key: 'from' | 'to'): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      [key]: fc.array(peer, { minLength: 1, maxLength: 2 }),
      ports: fc.array(port, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: [key, 'ports'] },
  );
const policy = fc.record({
  namespace: ns,
  podSelector: selector,
  ingress: fc.array(rule('from'), { maxLength: 2 }),
  egress: fc.array(rule('to'), { maxLength: 2 }),
  policyTypes: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
});
type Shape = typeof policy extends fc.Arbitrary<infer T> ? T : never;

function toYaml(shapes: readonly Shape[]): string {
  return shapes
    .map((s, i) =>
      stringify(
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `p${i}`, namespace: s.namespace },
          spec: {
            podSelector: s.podSelector,
            policyTypes: s.policyTypes,
            ...((s.policyTypes as readonly string[]).includes('Ingress') ? { ingress: s.ingress } : {}),
            ...((s.policyTypes as readonly string[]).includes('Egress') ? { egress: s.egress } : {}),
          },
        },
        { aliasDuplicateObjects: false },
      ),
    )
    .join('---\n');
}

function grid(text: string): Map<string, boolean> {
  const analysis = analyze(model, loadPolicies(text).policies);
  const m = analysis.matrix(PORTS);
  const out = new Map<string, boolean>();
  PORTS.forEach((p, k) =>
    m.endpoints.forEach((from, i) =>
      m.endpoints.forEach((to, j) => out.set(`${from} ${to} ${p.port}/${p.protocol}`, m.allowed(i, j, k))),
    ),
  );
  return out;
}

describe('properties of authoring', () => {
  test('after allowFlow that connection is allowed and every other verdict is unchanged', () => {
    const pods = model.pods.map((p) => `${p.namespace}/${p.name}`);
    fc.assert(
      fc.property(
        fc.array(policy, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...pods),
        fc.constantFrom(...pods),
        fc.constantFrom(...PORTS),
        (shapes, from, to, p) => {
          const text = toYaml(shapes);
          const f: Flow = { from, to, port: p.port, protocol: p.protocol };
          const before = grid(text);
          const key = `${from} ${to} ${p.port}/${p.protocol}`;
          fc.pre(before.get(key) === false);
          const result = allowFlow({ cluster: model, policiesText: text, ports: PORTS }, f);
          expect(result.ok, result.diagnostics.map((d) => d.message).join()).toBe(true);
          if (!result.ok) return;
          // Every pod of the model has its own labels: no change is unavoidable.
          expect(result.value.collateral).toEqual([]);
          expect(result.value.summary).toBe('1 connection newly allowed');
          const after = grid(result.value.text);
          for (const [k, was] of before) expect(after.get(k), k).toBe(k === key ? true : was);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
