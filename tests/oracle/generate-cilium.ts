/**
 * Random valid CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy objects: endpoint, CIDR, entity
 * and FQDN peers, DNS-aware rules towards kube-dns, HTTP-aware rules (method, path, host, headers,
 * headerMatches) on TCP ports, toPorts-only rules, the empty rule, ICMP-only rules, deny sections and
 * `enableDefaultDeny`, in `spec` or `specs[]`.
 */
import fc from 'fast-check';
import { APPS, DNS_NAMES, NAMESPACES } from './generate.ts';
import { block, blockWithExcept, policyNamespace } from './generate-blocks.ts';

type Obj = Record<string, unknown>;

const ENTITIES = [
  'world',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'all',
  'health',
  'world-ipv4',
  'world-ipv6',
] as const;

const endpointSelector = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...APPS).map((app) => ({ matchLabels: { app } })),
  fc.constantFrom(...APPS).map((app) => ({ matchLabels: { 'k8s:app': app } })),
  fc.constant({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }),
);

const peerSelector = fc.oneof(
  { weight: 3, arbitrary: endpointSelector },
  fc.constantFrom(...NAMESPACES).map((ns) => ({ matchLabels: { 'k8s:io.kubernetes.pod.namespace': ns } })),
  fc.constant({ matchLabels: { 'io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' } }),
  fc
    .constantFrom('red', 'blue')
    .map((team) => ({ matchLabels: { 'k8s:io.cilium.k8s.namespace.labels.team': team } })),
  fc
    .constantFrom('world', 'host', 'remote-node', 'kube-apiserver')
    .map((e) => ({ matchLabels: { [`reserved:${e}`]: '' } })),
  fc.subarray([...NAMESPACES], { minLength: 1, maxLength: 2 }).map((values) => ({
    matchExpressions: [{ key: 'k8s:io.kubernetes.pod.namespace', operator: 'In', values }],
  })),
);

const portProtocol = fc.oneof(
  fc.record(
    {
      port: fc.constantFrom('80', '8080', '53', '9090', '0', 'http', 'dns', 'metrics'),
      protocol: fc.constantFrom('TCP', 'UDP', 'SCTP', 'ANY'),
    },
    { requiredKeys: ['port'] },
  ),
  fc.constant({ port: '80', endPort: 9090, protocol: 'TCP' }),
  fc.constant({ port: '53', endPort: 53 }),
);

const l4PortRule = fc.record({ ports: fc.array(portProtocol, { minLength: 1, maxLength: 2 }) });

/** HTTP rules drawn around the requests the flows carry (`REQUESTS` in differential.test.ts). */
const httpRule = fc.constantFrom<Obj>(
  {},
  { method: 'GET' },
  { method: 'POST', path: '/v1/dock' },
  { method: 'GET|HEAD', path: '/' },
  { path: '/v1/.*' },
  { path: '/v1' },
  { path: '/health' },
  { host: 'api\\.example\\.com' },
  { host: 'api.example.com' },
  { headers: ['X-Token: abc'] },
  { headers: ['X-Token'] },
  { headers: ['x-token:abc'] },
  { headerMatches: [{ name: 'X-Team', value: 'blue' }] },
  { headerMatches: [{ name: 'X-Team', value: 'blue', mismatch: 'LOG' }] },
  { headerMatches: [{ name: 'X-Team', secret: { namespace: 'ns-a', name: 'team' } }] },
);

/** A toPorts entry with HTTP rules: TCP ports only, never port 0 (Cilium rejects both otherwise). */
const httpPortRule = fc.record({
  ports: fc.array(fc.record({ port: fc.constantFrom('80', '8080', 'http'), protocol: fc.constant('TCP') }), {
    minLength: 1,
    maxLength: 2,
  }),
  rules: fc.record({ http: fc.array(httpRule, { minLength: 1, maxLength: 3 }) }),
});

const toPorts = fc.array(l4PortRule, { minLength: 1, maxLength: 2 });

/** toPorts of allow rules: some entries carry HTTP rules. */
const allowToPorts = fc.array(fc.oneof(l4PortRule, { weight: 2, arbitrary: httpPortRule }), {
  minLength: 1,
  maxLength: 2,
});

const fqdnSelector = fc.oneof(
  fc.constantFrom(...DNS_NAMES).map((matchName) => ({ matchName })),
  fc.constant({ matchName: 'API.Example.com.' }),
  fc
    .constantFrom('*.example.com', '**.example.com', '*', 'api.*.com', '*.test')
    .map((matchPattern) => ({ matchPattern })),
);

/** An egress rule to kube-dns with DNS rules, which lets toFQDNs see the names looked up. */
const dnsRule = fc
  .record({
    protocol: fc.constantFrom('UDP', 'ANY', 'TCP'),
    dns: fc.array(fqdnSelector, { minLength: 1, maxLength: 2 }),
    peer: fc.constantFrom<Obj>(
      {
        toEndpoints: [
          { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } },
        ],
      },
      { toEndpoints: [{ matchLabels: { 'k8s-app': 'kube-dns' } }] },
      { toEntities: ['cluster'] },
      {},
    ),
  })
  .map(({ protocol, dns, peer }) => ({
    ...peer,
    toPorts: [{ ports: [{ port: '53', protocol }], rules: { dns } }],
  }));

function peerRule(dir: 'from' | 'to', allow: boolean): fc.Arbitrary<Obj> {
  const ports = allow ? allowToPorts : toPorts;
  const withPorts = (peer: fc.Arbitrary<Obj>): fc.Arbitrary<Obj> =>
    fc
      .tuple(peer, fc.option(ports, { nil: undefined }))
      .map(([p, list]) => (list ? { ...p, toPorts: list } : p));
  return fc.oneof(
    {
      weight: 3,
      arbitrary: withPorts(
        fc.array(peerSelector, { minLength: 1, maxLength: 2 }).map((s) => ({ [`${dir}Endpoints`]: s })),
      ),
    },
    withPorts(fc.array(block, { minLength: 1, maxLength: 2 }).map((c) => ({ [`${dir}CIDR`]: c }))),
    {
      weight: 2,
      arbitrary: withPorts(
        fc.array(blockWithExcept, { minLength: 1, maxLength: 2 }).map((c) => ({ [`${dir}CIDRSet`]: c })),
      ),
    },
    withPorts(
      fc.subarray([...ENTITIES], { minLength: 1, maxLength: 2 }).map((e) => ({ [`${dir}Entities`]: e })),
    ),
    ports.map((list) => ({ toPorts: list })),
    fc.constant({}),
    fc.constant({ icmps: [{ fields: [{ type: 8 }] }] }),
  );
}

const egressRule = fc.oneof(
  { weight: 4, arbitrary: peerRule('to', true) },
  { weight: 2, arbitrary: dnsRule },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(fqdnSelector, { minLength: 1, maxLength: 2 }),
        fc.option(allowToPorts, { nil: undefined }),
      )
      .map(([f, list]) => (list ? { toFQDNs: f, toPorts: list } : { toFQDNs: f })),
  },
);

const section = (rule: fc.Arbitrary<Obj>) =>
  fc.option(fc.array(rule, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 });

const ruleSet = fc
  .record({
    endpointSelector,
    ingress: section(peerRule('from', true)),
    egress: section(egressRule),
    ingressDeny: fc.option(fc.array(peerRule('from', false), { minLength: 1, maxLength: 1 }), {
      nil: undefined,
      freq: 4,
    }),
    egressDeny: fc.option(fc.array(peerRule('to', false), { minLength: 1, maxLength: 1 }), {
      nil: undefined,
      freq: 4,
    }),
    enableDefaultDeny: fc.option(
      fc.record({ ingress: fc.boolean(), egress: fc.boolean() }, { requiredKeys: [] }),
      { nil: undefined, freq: 4 },
    ),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

/** A random Cilium policy (namespaced or clusterwide), as a manifest object. */
export const ciliumPolicy: fc.Arbitrary<Obj> = fc
  .record({
    clusterwide: fc.boolean(),
    namespace: policyNamespace,
    specs: fc.array(ruleSet, { minLength: 1, maxLength: 2 }),
    asList: fc.boolean(),
  })
  .map(({ clusterwide, namespace, specs, asList }) => ({
    apiVersion: 'cilium.io/v2',
    kind: clusterwide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy',
    metadata: clusterwide ? {} : { namespace },
    ...(specs.length === 1 && !asList ? { spec: specs[0] } : { specs }),
  }));
