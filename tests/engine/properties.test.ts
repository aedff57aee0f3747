import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  analyze,
  loadPolicies,
  type AnalysisHandle,
  type Cluster,
  type Policy,
  type PortProtocol,
} from '../../src/engine/index.ts';
import { modelClusterYaml } from '../conformance/model.ts';
import { cluster } from './helpers.ts';
import {
  namespaceSelector,
  networkPolicy,
  peer,
  podSelector,
  policiesYaml,
  rule as anyRule,
  type PolicyShape,
} from './policy-arbitraries.ts';

const external =
  '\n---\napiVersion: netpol-lab/v1\nkind: ExternalEndpoint\nmetadata: {name: outside}\nspec: {ips: [192.0.2.9]}\n';
const model: Cluster = cluster(modelClusterYaml() + external);
const PORTS: PortProtocol[] = [
  { port: 80, protocol: 'TCP' },
  { port: 81, protocol: 'UDP' },
];

const port = fc.constantFrom(
  { port: 80 },
  { port: 81, protocol: 'UDP' },
  { protocol: 'UDP' },
  { port: 'serve-80-tcp' },
  { port: 79, endPort: 81 },
);
const peers = peer(podSelector(), namespaceSelector(), [
  { cidr: '10.0.0.0/8', except: ['10.0.2.0/24'] },
  { cidr: '192.0.2.0/24' },
]);
const rule = (key: 'from' | 'to'): fc.Arbitrary<Record<string, unknown>> => anyRule(key, peers, port);
const policy = networkPolicy(peers, port);

function load(shapes: readonly PolicyShape[]): Policy[] {
  const loaded = loadPolicies(policiesYaml(shapes));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return [...loaded.policies];
}

function grid(analysis: AnalysisHandle): string {
  return PORTS.map((_, p) => {
    const m = analysis.matrix(PORTS);
    return m.endpoints
      .map((_f, i) => m.endpoints.map((_t, j) => (m.allowed(i, j, p) ? '.' : 'X')).join(''))
      .join('\n');
  }).join('\n\n');
}

const policies = fc.array(policy, { minLength: 1, maxLength: 5 });
const runs = { numRuns: 60 };

describe('properties of the v1 semantics', () => {
  test('policy order never changes a verdict', () => {
    fc.assert(
      fc.property(policies, fc.infiniteStream(fc.nat()), (shapes, seeds) => {
        const shuffled = [...shapes]
          .map((s) => ({ s, k: seeds.next().value as number }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.s);
        expect(grid(analyze(model, load(shuffled)))).toBe(grid(analyze(model, load(shapes))));
      }),
      runs,
    );
  }, 60_000);

  test('a pod selected by no policy in a direction accepts everything in that direction', () => {
    fc.assert(
      fc.property(policies, (shapes) => {
        const analysis = analyze(model, load(shapes));
        for (const cls of analysis.classes) {
          if (cls.representative.kind !== 'pod' || cls.selecting.ingress.length > 0) continue;
          for (const from of analysis.endpoints) {
            const v = analysis.evaluateFlow({
              from: from.id,
              to: cls.representative.id,
              port: 80,
              protocol: 'TCP',
            });
            expect(v.ingress.allowed).toBe(true);
          }
        }
      }),
      runs,
    );
  }, 60_000);

  test('adding an allow rule to an existing policy never removes an allowed flow', () => {
    fc.assert(
      fc.property(policies, fc.nat(), rule('from'), rule('to'), (shapes, pick, inRule, outRule) => {
        const index = pick % shapes.length;
        const target = shapes[index];
        if (!target) return;
        // An egress rule is only an "allow" when the policy already isolates egress (policyTypes lists
        // Egress, or it is defaulted from a non-empty egress list); otherwise it would add isolation.
        const egressIsolated = target.policyTypes
          ? target.policyTypes.includes('Egress')
          : (target.egress ?? []).length > 0;
        const extended = {
          ...target,
          ingress: [...(target.ingress ?? []), inRule],
          ...(egressIsolated ? { egress: [...(target.egress ?? []), outRule] } : {}),
        };
        const grown = shapes.map((s, i) => (i === index ? extended : s));
        // `ingress: undefined` → a list only matters when Ingress is a policy type, which the default includes.
        const before = analyze(model, load(shapes)).matrix(PORTS);
        const after = analyze(model, load(grown)).matrix(PORTS);
        before.endpoints.forEach((_f, i) =>
          before.endpoints.forEach((_t, j) =>
            PORTS.forEach((_p, p) => {
              if (before.allowed(i, j, p)) expect(after.allowed(i, j, p)).toBe(true);
            }),
          ),
        );
      }),
      runs,
    );
  }, 60_000);

  test('the whole-cluster matrix equals the per-flow evaluation', () => {
    fc.assert(
      fc.property(policies, (shapes) => {
        const analysis = analyze(model, load(shapes));
        const matrix = analysis.matrix(PORTS);
        PORTS.forEach(({ port, protocol }, p) =>
          matrix.endpoints.forEach((from, i) =>
            matrix.endpoints.forEach((to, j) => {
              expect(matrix.allowed(i, j, p), `${from} → ${to} ${port}/${protocol}`).toBe(
                analysis.evaluateFlow({ from, to, port, protocol }).allowed,
              );
            }),
          ),
        );
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
