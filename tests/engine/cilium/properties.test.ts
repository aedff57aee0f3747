import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  analyze,
  evaluateFlow,
  loadCluster,
  loadPolicies,
  type Cluster,
  type Protocol,
} from '../../../src/engine/index.ts';

/**
 * Property tests over a small random world: two namespaces with three pods each, one world endpoint,
 * random NetworkPolicy v1, Cilium and cluster-wide policies written as YAML and loaded like user input.
 */

const APPS = ['x', 'y', 'z'] as const;
const PODS = [
  ['a', 'p1', 'x'],
  ['a', 'p2', 'y'],
  ['a', 'p3', 'z'],
  ['b', 'q1', 'x'],
  ['b', 'q2', 'y'],
  ['b', 'q3', 'z'],
] as const;

const clusterText = [
  ...['a', 'b'].map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`),
  ...PODS.map(
    ([ns, name, app], i) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${app}}}\nstatus: {podIP: 10.0.0.${i + 10}}`,
  ),
  'apiVersion: netpol-lab/v1\nkind: ExternalEndpoint\nmetadata: {name: world}\nspec: {ips: [203.0.113.9]}',
  'apiVersion: netpol-lab/v1\nkind: ExternalEndpoint\nmetadata: {name: api}\nspec: {ips: [198.51.100.4], dnsNames: [api.example.com]}',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}\nstatus: {podIP: 10.0.0.2}',
].join('\n---\n');

const cluster: Cluster = (() => {
  const c = loadCluster(clusterText);
  if (!c.ok) throw new Error('bad test cluster');
  return c.value;
})();

const ENDPOINTS = [...PODS.map(([ns, name]) => `${ns}/${name}`), 'world', 'api', 'kube-system/coredns'];
const PORTS: readonly [number, Protocol][] = [
  [80, 'TCP'],
  [53, 'UDP'],
];

const ns = fc.constantFrom('a', 'b');
const app = fc.constantFrom(...APPS);
const selector = fc
  .option(app, { nil: undefined })
  .map((a) => (a === undefined ? '{}' : `{matchLabels: {app: ${a}}}`));
const port = fc.option(fc.constantFrom('80', '53'), { nil: undefined });

/** One Cilium peer clause for a rule (`to`/`from` prefix added by the caller). */
const ciliumPeer = fc.oneof(
  selector.map((s) => `Endpoints: [${s}]`),
  fc.constantFrom('world', 'cluster', 'all').map((e) => `Entities: [${e}]`),
  fc.constant('CIDR: [203.0.113.0/24]'),
);

/** Egress-only clauses: FQDN selectors and a DNS-aware rule towards kube-dns. */
const egressExtra = fc.constantFrom(
  '{toFQDNs: [{matchPattern: "*.example.com"}]}',
  '{toFQDNs: [{matchName: api.example.com}], toPorts: [{ports: [{port: "80"}]}]}',
  '{toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system}}], toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]}',
);

const ciliumRule = (dir: 'from' | 'to') =>
  fc.record({ peer: fc.option(ciliumPeer, { nil: undefined }), port }).map(({ peer, port: p }) => {
    const parts = [
      peer ? `${dir}${peer}` : undefined,
      p ? `toPorts: [{ports: [{port: "${p}"}]}]` : undefined,
    ].filter(Boolean);
    return `{${parts.join(', ')}}`;
  });

let counter = 0;
const uniq = () => `p${++counter}`;

/** A random CiliumNetworkPolicy with allow sections, or deny sections when `deny`. */
const ciliumPolicy = (deny: boolean) =>
  fc
    .record({
      ns,
      subject: selector,
      ingress: fc.array(ciliumRule('from'), { maxLength: 2 }),
      egress: fc.array(deny ? ciliumRule('to') : fc.oneof(ciliumRule('to'), egressExtra), { maxLength: 2 }),
      defaultDeny: fc.boolean(),
    })
    .map(({ ns: n, subject, ingress, egress, defaultDeny }) => {
      const [i, e] = deny ? ['ingressDeny', 'egressDeny'] : ['ingress', 'egress'];
      const lines = [
        `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${uniq()}, namespace: ${n}}\nspec:\n  endpointSelector: ${subject}`,
      ];
      if (!defaultDeny) lines.push('  enableDefaultDeny: {ingress: false, egress: false}');
      if (ingress.length > 0) lines.push(`  ${i}: [${ingress.join(', ')}]`);
      if (egress.length > 0) lines.push(`  ${e}: [${egress.join(', ')}]`);
      return lines.join('\n');
    });

/** A random NetworkPolicy v1. */
const networkPolicy = fc
  .record({ ns, subject: selector, from: fc.option(selector, { nil: undefined }), egress: fc.boolean() })
  .map(({ ns: n, subject, from, egress }) => {
    const rule = from === undefined ? '{}' : `{from: [{podSelector: ${from}}]}`;
    const types = egress ? '[Ingress, Egress]' : '[Ingress]';
    return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${uniq()}, namespace: ${n}}\nspec:\n  podSelector: ${subject}\n  policyTypes: ${types}\n  ingress: [${rule}]`;
  });

/** A random cluster-wide policy whose rules all use `action`. */
const clusterPolicy = (tier: 'Admin' | 'Baseline', action: 'Accept' | 'Deny' | 'Pass') =>
  fc
    .record({
      subject: fc.option(app, { nil: undefined }),
      peer: fc.option(app, { nil: undefined }),
      priority: fc.integer({ min: 0, max: 1000 }),
    })
    .map(({ subject, peer, priority }) => {
      const subj =
        subject === undefined ? 'namespaces: {}' : `pods: {podSelector: {matchLabels: {app: ${subject}}}}`;
      const to = peer === undefined ? 'namespaces: {}' : `pods: {podSelector: {matchLabels: {app: ${peer}}}}`;
      return `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${uniq()}}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n  subject: {${subj}}\n  ingress: [{action: ${action}, from: [{${to}}]}]\n  egress: [{action: ${action}, to: [{${to}}, {networks: [0.0.0.0/0]}]}]`;
    });

/** Every flow's verdict under the policies, as a set of allowed flow keys. */
function allowedFlows(docs: readonly string[]): Set<string> {
  const loaded = loadPolicies(docs.join('\n---\n'));
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  const analysis = analyze(cluster, loaded.policies);
  const out = new Set<string>();
  for (const from of ENDPOINTS) {
    for (const to of ENDPOINTS) {
      if (from === to) continue;
      for (const [p, protocol] of PORTS) {
        if (evaluateFlow(analysis, { from, to, port: p, protocol }).allowed)
          out.add(`${from}>${to}:${p}/${protocol}`);
      }
    }
  }
  return out;
}

const lowerTier = fc.array(fc.oneof(networkPolicy, ciliumPolicy(false), clusterPolicy('Baseline', 'Deny')), {
  maxLength: 3,
});

describe('properties', { timeout: 60_000 }, () => {
  // The whole-cluster fast path (targets' \`decide\`) must agree with the explained per-flow answer.
  test('the matrix equals the per-flow evaluation with Cilium and cluster-wide policies mixed in', () => {
    const mixed = fc.array(
      fc.oneof(
        networkPolicy,
        ciliumPolicy(false),
        ciliumPolicy(true),
        clusterPolicy('Admin', 'Pass'),
        clusterPolicy('Admin', 'Deny'),
        clusterPolicy('Baseline', 'Accept'),
      ),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(mixed, (docs) => {
        const loaded = loadPolicies(docs.join('\n---\n'));
        const analysis = analyze(cluster, loaded.policies);
        const matrix = analysis.matrix(PORTS.map(([port, protocol]) => ({ port, protocol })));
        matrix.endpoints.forEach((from, i) => {
          matrix.endpoints.forEach((to, j) => {
            if (i === j) return;
            PORTS.forEach(([port, protocol], k) => {
              const one = evaluateFlow(analysis, { from, to, port, protocol }).allowed;
              expect(matrix.allowed(i, j, k), `${from} → ${to} ${port}/${protocol}`).toBe(one);
            });
          });
        });
      }),
      { numRuns: 60 },
    );
  });

  // https://docs.cilium.io/en/stable/security/policy/language/#deny-policies
  test('adding a deny (Cilium deny section or Admin Deny) never adds an allowed flow', () => {
    const deny = fc.oneof(ciliumPolicy(true), clusterPolicy('Admin', 'Deny'));
    fc.assert(
      fc.property(lowerTier, deny, (policies, extra) => {
        const before = allowedFlows(policies);
        const after = allowedFlows([...policies, extra]);
        for (const flow of after)
          expect(before.has(flow), `${flow} became allowed after\n${extra}`).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  // https://network-policy-api.sigs.k8s.io/api-overview/ — Pass skips to the next tier.
  test('a Pass with no lower-tier policy behaves as no policy', () => {
    fc.assert(
      fc.property(clusterPolicy('Admin', 'Pass'), (pass) => {
        const all = allowedFlows([]);
        expect(allowedFlows([pass])).toEqual(all);
      }),
      { numRuns: 30 },
    );
  });

  test('an Admin tier made only of Pass rules changes nothing below it', () => {
    fc.assert(
      fc.property(lowerTier, clusterPolicy('Admin', 'Pass'), (policies, pass) => {
        expect(allowedFlows([pass, ...policies])).toEqual(allowedFlows(policies));
      }),
      { numRuns: 60 },
    );
  });

  test('Cilium allow rules only ever add flows to an already isolating policy set', () => {
    const ciliumNoDefaultDeny = ciliumPolicy(false).map((p) =>
      p.includes('enableDefaultDeny')
        ? p
        : p.replace('spec:\n', 'spec:\n  enableDefaultDeny: {ingress: false, egress: false}\n'),
    );
    fc.assert(
      fc.property(lowerTier, ciliumNoDefaultDeny, (policies, extra) => {
        const before = allowedFlows(policies);
        const after = allowedFlows([...policies, extra]);
        for (const flow of before) expect(after.has(flow), `${flow} was lost after\n${extra}`).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  // Known field names with values of any shape reach the deeper checks and the compilers.
  const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant([{}]), fc.constant({}));
  const knownFields = fc.record(
    {
      endpointSelector: fc.oneof(fc.constant({}), anyValue),
      ingress: fc.array(
        fc.dictionary(
          fc.constantFrom('fromEndpoints', 'fromEntities', 'fromCIDR', 'fromCIDRSet', 'toPorts', 'icmps'),
          anyValue,
        ),
      ),
      egress: fc.array(
        fc.dictionary(
          fc.constantFrom('toEndpoints', 'toEntities', 'toCIDRSet', 'toFQDNs', 'toPorts', 'toServices'),
          anyValue,
        ),
      ),
      egressDeny: fc.array(fc.dictionary(fc.constantFrom('toEndpoints', 'toPorts'), anyValue)),
      tier: fc.constantFrom('Admin', 'Baseline'),
      priority: fc.integer({ min: -5, max: 1005 }),
      subject: fc.oneof(fc.constant({ namespaces: {} }), anyValue),
      enableDefaultDeny: anyValue,
    },
    { requiredKeys: [] },
  );

  // Engine functions are total on user input: any JSON under these kinds gives diagnostics, never a throw.
  test('loading and evaluating arbitrary specs of the new kinds never throws', () => {
    const kinds = fc.constantFrom(
      ['cilium.io/v2', 'CiliumNetworkPolicy'],
      ['cilium.io/v2', 'CiliumClusterwideNetworkPolicy'],
      ['policy.networking.k8s.io/v1alpha2', 'ClusterNetworkPolicy'],
      ['policy.networking.k8s.io/v1alpha1', 'AdminNetworkPolicy'],
      ['policy.networking.k8s.io/v1alpha1', 'BaselineAdminNetworkPolicy'],
    );
    fc.assert(
      fc.property(kinds, fc.oneof(fc.jsonValue({ maxDepth: 5 }), knownFields), ([apiVersion, kind], spec) => {
        const text = JSON.stringify({
          apiVersion,
          kind,
          metadata: { name: 'default', namespace: 'a' },
          spec,
        });
        const loaded = loadPolicies(text);
        const analysis = analyze(cluster, loaded.policies);
        evaluateFlow(analysis, { from: 'a/p1', to: 'b/q1', port: 80, protocol: 'TCP' });
        analysis.lint();
      }),
      { numRuns: 300 },
    );
  });
});
