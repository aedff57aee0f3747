/**
 * Random valid policies of every kind and tier, as YAML text for `loadPolicies`: NetworkPolicy v1
 * (selectors, ipBlock with except, named ports, endPort, DNS rules to kube-dns), Cilium (see
 * generate-cilium.ts), ClusterNetworkPolicy in both tiers with tied priorities and Pass chains,
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy.
 */
import fc from 'fast-check';
import { DNS_NAMES, PORT_NAMES } from './generate.ts';
import {
  block,
  blockWithExcept,
  namespaceSelector,
  podSelector,
  policyNamespace,
} from './generate-blocks.ts';
import { ciliumPolicy } from './generate-cilium.ts';
import { yamlDocuments } from './yaml-text.ts';

type Obj = Record<string, unknown>;

const DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

const v1Peer = fc.oneof(
  podSelector.map((s) => ({ podSelector: s })),
  namespaceSelector.map((s) => ({ namespaceSelector: s })),
  fc.record({ namespaceSelector, podSelector }),
  {
    weight: 3,
    arbitrary: blockWithExcept.map(({ cidr, except }) => ({
      ipBlock: except.length ? { cidr, except } : { cidr },
    })),
  },
  fc.constant(DNS_PEER),
);

const v1Port = fc.oneof(
  fc.record(
    { port: fc.constantFrom(80, 8080, 53, 9090), protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') },
    { requiredKeys: ['port'] },
  ),
  fc.record(
    { port: fc.constantFrom(...PORT_NAMES), protocol: fc.constantFrom('TCP', 'UDP') },
    { requiredKeys: ['port'] },
  ),
  fc.constantFrom(
    { protocol: 'UDP' },
    { port: 80, endPort: 8080 },
    { port: 53, endPort: 9090, protocol: 'UDP' },
  ),
);

const v1Rule = (peers: 'from' | 'to') =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record(
        { [peers]: fc.array(v1Peer, { maxLength: 2 }), ports: fc.array(v1Port, { maxLength: 2 }) },
        { requiredKeys: [] },
      ),
    },
    fc.constant({ [peers]: [DNS_PEER], ports: [{ port: 53, protocol: 'UDP' }] }),
  );

const networkPolicy = fc
  .record({
    namespace: policyNamespace,
    podSelector,
    policyTypes: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
    ingress: fc.option(fc.array(v1Rule('from'), { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(v1Rule('to'), { maxLength: 2 }), { nil: undefined }),
  })
  .map(({ namespace, ...spec }) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace },
    spec: Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)),
  }));

const pods = fc.record({ namespaceSelector, podSelector });
const subject = fc.oneof(
  namespaceSelector.map((namespaces) => ({ namespaces })),
  pods.map((p) => ({ pods: p })),
);
const inPeer = fc.oneof(
  namespaceSelector.map((namespaces) => ({ namespaces })),
  pods.map((p) => ({ pods: p })),
);
const outPeer = fc.oneof(
  { weight: 2, arbitrary: inPeer },
  {
    weight: 2,
    arbitrary: fc
      .array(block, { minLength: 1, maxLength: 2 })
      .map((networks) => ({ networks: [...new Set(networks)] })),
  },
  fc.constantFrom({ nodes: {} }, { nodes: { matchLabels: { role: 'worker' } } }),
  fc
    .uniqueArray(fc.constantFrom(...DNS_NAMES, '*.example.com', '*.api.example.com'), {
      minLength: 1,
      maxLength: 2,
    })
    .map((domainNames) => ({ domainNames })),
);

const cnpProtocol = fc.oneof(
  fc
    .tuple(fc.constantFrom('tcp', 'udp', 'sctp'), fc.constantFrom(80, 53, 8080))
    .map(([p, number]) => ({ [p]: { destinationPort: { number } } })),
  fc.constantFrom(
    { tcp: { destinationPort: { range: { start: 80, end: 8080 } } } },
    { udp: { destinationPort: { range: { start: 53, end: 9090 } } } },
  ),
  fc.constantFrom(...PORT_NAMES).map((destinationNamedPort) => ({ destinationNamedPort })),
);

const anpPort = fc.oneof(
  fc
    .tuple(fc.constantFrom('TCP', 'UDP', 'SCTP'), fc.constantFrom(80, 53, 8080))
    .map(([protocol, port]) => ({ portNumber: { protocol, port } })),
  fc.constantFrom(
    { portRange: { protocol: 'TCP', start: 80, end: 8080 } },
    { portRange: { protocol: 'UDP', start: 53, end: 9090 } },
  ),
  fc.constantFrom(...PORT_NAMES).map((namedPort) => ({ namedPort })),
);

const ADDRESS_PEERS = ['networks', 'nodes', 'domainNames'];

/** Drops what the API forbids: domainNames outside Accept/Allow, named ports next to address peers. */
function legalRule(
  rule: { action: string; to?: Obj[] | undefined; from?: Obj[] | undefined; ports?: Obj[] | undefined },
  portsKey: string,
  named: string,
): Obj {
  let to = rule.to;
  if (to && rule.action !== 'Accept' && rule.action !== 'Allow') to = to.filter((p) => !('domainNames' in p));
  if (to && to.length === 0) to = [{ networks: ['0.0.0.0/0'] }];
  let ports = rule.ports;
  if (to?.some((p) => ADDRESS_PEERS.some((k) => k in p))) ports = ports?.filter((p) => !(named in p));
  return {
    action: rule.action,
    ...(rule.from ? { from: rule.from } : {}),
    ...(to ? { to } : {}),
    ...(ports && ports.length ? { [portsKey]: ports } : {}),
  };
}

function clusterRules(
  actions: readonly string[],
  port: fc.Arbitrary<Obj>,
  portsKey: string,
  named: string,
  anp: boolean,
) {
  const out = anp ? outPeer.filter((p) => !('domainNames' in p)) : outPeer;
  const ports = fc.option(fc.array(port, { minLength: 1, maxLength: 2 }), { nil: undefined });
  const action = fc.constantFrom(...actions);
  return fc
    .record({
      ingress: fc.array(
        fc.record({ action, from: fc.array(inPeer, { minLength: 1, maxLength: 2 }), ports }),
        { maxLength: 2 },
      ),
      egress: fc.array(fc.record({ action, to: fc.array(out, { minLength: 1, maxLength: 2 }), ports }), {
        maxLength: 3,
      }),
    })
    .map(({ ingress, egress }) => ({
      ...(ingress.length ? { ingress: ingress.map((r) => legalRule(r, portsKey, named)) } : {}),
      ...(egress.length ? { egress: egress.map((r) => legalRule(r, portsKey, named)) } : {}),
    }));
}

const priority = fc.constantFrom(1, 5, 5, 10);

const clusterNetworkPolicy = fc
  .record({
    tier: fc.constantFrom('Admin', 'Baseline'),
    priority,
    subject,
    rules: clusterRules(['Accept', 'Deny', 'Pass'], cnpProtocol, 'protocols', 'destinationNamedPort', false),
  })
  .map(({ rules, ...head }) => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: {},
    spec: { ...head, ...rules },
  }));

const adminNetworkPolicy = fc
  .record({
    priority,
    subject,
    rules: clusterRules(['Allow', 'Deny', 'Pass'], anpPort, 'ports', 'namedPort', true),
  })
  .map(({ rules, ...head }) => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: {},
    spec: { ...head, ...rules },
  }));

const baselineAdminNetworkPolicy = fc
  .record({ subject, rules: clusterRules(['Allow', 'Deny'], anpPort, 'ports', 'namedPort', true) })
  .map(({ rules, ...head }) => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: { ...head, ...rules },
  }));

const anyPolicy = fc.oneof(
  { weight: 4, arbitrary: networkPolicy },
  { weight: 4, arbitrary: ciliumPolicy },
  { weight: 3, arbitrary: clusterNetworkPolicy },
  { weight: 1, arbitrary: adminNetworkPolicy },
  { weight: 1, arbitrary: baselineAdminNetworkPolicy },
);

/** Keeps the first BaselineAdminNetworkPolicy: the API allows one, named `default`. */
function oneBaselineAdmin(policies: readonly Obj[]): Obj[] {
  const first = policies.findIndex((p) => p.kind === 'BaselineAdminNetworkPolicy');
  return policies.filter((p, i) => p.kind !== 'BaselineAdminNetworkPolicy' || i === first);
}

function named(list: readonly Obj[]): Obj[] {
  return oneBaselineAdmin(list).map((p, i) => ({
    ...p,
    metadata: {
      name: p.kind === 'BaselineAdminNetworkPolicy' ? 'default' : `p${i}`,
      ...(p.metadata as Obj),
    },
  }));
}

/** Mostly Cilium policies (where HTTP rules live), sometimes with a NetworkPolicy next to them. */
export const ciliumPolicyObjects: fc.Arbitrary<Obj[]> = fc
  .array(fc.oneof({ weight: 4, arbitrary: ciliumPolicy }, networkPolicy), { minLength: 1, maxLength: 3 })
  .map(named);

/** Random policies as manifest objects, named `p0`, `p1`, ... (the BaselineAdminNetworkPolicy is always `default`). */
export const policyObjects: fc.Arbitrary<Obj[]> = fc
  .array(anyPolicy, { minLength: 1, maxLength: 4 })
  .map((list) =>
    oneBaselineAdmin(list).map((p, i) => ({
      ...p,
      metadata: {
        name: p.kind === 'BaselineAdminNetworkPolicy' ? 'default' : `p${i}`,
        ...(p.metadata as Obj),
      },
    })),
  );

/** The policies as one multi-document YAML text. */
export function policiesYaml(policies: readonly Obj[]): string {
  return yamlDocuments(policies);
}
