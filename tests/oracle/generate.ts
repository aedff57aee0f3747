/**
 * Random small clusters for the differential oracle (fast-check arbitraries that shrink): a few
 * namespaces with labels, pods with one or two addresses in either order, container ports whose names
 * mean different numbers on different pods, a kube-dns resolver (sometimes two equal replicas, rarely
 * none), external endpoints with several addresses, DNS names and entities, and Services with named
 * target ports. Addresses and blocks come from small pools built around CIDR edges.
 */
import fc from 'fast-check';
import type { PortProtocol, Protocol } from '../../src/engine/index.ts';
import { yamlDocuments } from './yaml-text.ts';

/** Namespaces policies and pods may live in (kube-system always exists). */
export const NAMESPACES = ['ns-a', 'ns-b', 'ns-c', 'kube-system'] as const;

/** IPv4 addresses at and around the edges of the block pool. */
export const V4_ADDRESSES = [
  '10.0.0.0',
  '10.0.0.1',
  '10.0.0.127',
  '10.0.0.128',
  '10.0.0.255',
  '10.0.1.1',
  '10.1.0.1',
  '172.16.0.1',
  '198.51.100.20',
  '198.51.100.21',
  '203.0.113.9',
] as const;

/** IPv6 addresses around the edges of the block pool, some written in full. */
export const V6_ADDRESSES = [
  'fd00::1',
  'fd00::ff',
  'fd00:0:0:0:0:0:0:100',
  'fd00:0:0:1::1',
  '2001:db8::1',
  '2001:DB8::20',
  '2001:db8:1::1',
] as const;

/** DNS names external endpoints answer to. */
export const DNS_NAMES = [
  'api.example.com',
  'www.example.com',
  'deep.api.example.com',
  'example.com',
  'svc.test',
] as const;

/** Container port names; one name means different numbers on different pods. */
export const PORT_NAMES = ['http', 'metrics', 'dns'] as const;

/** Label values pods are drawn from. */
export const APPS = ['web', 'api', 'db'] as const;

/** Ports flows are tried on besides 53/UDP. */
const FLOW_PORTS: readonly PortProtocol[] = [
  { port: 80, protocol: 'TCP' },
  { port: 8080, protocol: 'TCP' },
  { port: 9090, protocol: 'TCP' },
  { port: 53, protocol: 'TCP' },
  { port: 8080, protocol: 'UDP' },
  { port: 80, protocol: 'SCTP' },
];

type Obj = Record<string, unknown>;

/** A generated cluster, before it becomes manifests. */
export interface ClusterShape {
  readonly namespaces: readonly { readonly name: string; readonly labels: Obj }[];
  readonly pods: readonly PodShape[];
  readonly externals: readonly Obj[];
  readonly services: readonly (Obj & { readonly namespace: string })[];
  readonly ports: readonly PortProtocol[];
}

interface PodShape {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ips: readonly string[];
  readonly ports: readonly { name?: string | undefined; containerPort: number; protocol: Protocol }[];
}

const v4 = fc.constantFrom(...V4_ADDRESSES);
const v6 = fc.constantFrom(...V6_ADDRESSES);

const podIps = fc.oneof(
  { weight: 4, arbitrary: v4.map((a) => [a]) },
  { weight: 2, arbitrary: v6.map((a) => [a]) },
  { weight: 3, arbitrary: fc.tuple(v4, v6).map((t) => [...t]) },
  { weight: 3, arbitrary: fc.tuple(v6, v4).map((t) => [...t]) },
  { weight: 1, arbitrary: fc.constant([] as string[]) },
);

const containerPort = fc.record({
  name: fc.option(fc.constantFrom(...PORT_NAMES), { nil: undefined }),
  containerPort: fc.constantFrom(80, 8080, 9090, 53),
  protocol: fc.constantFrom<Protocol>('TCP', 'TCP', 'UDP', 'SCTP'),
});

/** Keeps the first port of each name and of each number/protocol, as Kubernetes requires. */
function uniquePorts(ports: readonly PodShape['ports'][number][]): PodShape['ports'] {
  const names = new Set<string>();
  const numbers = new Set<string>();
  return ports.filter((p) => {
    const key = `${p.containerPort}/${p.protocol}`;
    if (numbers.has(key) || (p.name !== undefined && names.has(p.name))) return false;
    numbers.add(key);
    if (p.name !== undefined) names.add(p.name);
    return true;
  });
}

const podLabels = fc.record(
  { app: fc.constantFrom(...APPS), tier: fc.constantFrom('front', 'back') },
  { requiredKeys: [] },
);

const appPod = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels: podLabels,
  ips: podIps,
  ports: fc.array(containerPort, { maxLength: 3 }).map(uniquePorts),
});

const resolverPod = podIps.map((ips) => ({
  namespace: 'kube-system',
  labels: { 'k8s-app': 'kube-dns' },
  ips,
  ports: [
    { name: 'dns', containerPort: 53, protocol: 'UDP' as const },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' as const },
  ],
}));

const namespaceLabels = fc.record(
  { team: fc.constantFrom('red', 'blue'), env: fc.constantFrom('prod', 'dev') },
  { requiredKeys: [] },
);

const external = fc.record({
  entity: fc.constantFrom('world', 'world', 'world', 'host', 'remote-node', 'kube-apiserver'),
  ips: fc.array(fc.oneof(v4, v4, v6), { minLength: 1, maxLength: 3 }),
  dnsNames: fc.uniqueArray(fc.constantFrom(...DNS_NAMES), { maxLength: 2 }),
});

const service = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  selector: fc.oneof(
    fc.constantFrom(...APPS).map((app) => ({ app })),
    fc.constant({ tier: 'back' }),
  ),
  ports: fc.uniqueArray(
    fc.record({
      port: fc.constantFrom(80, 8080, 53),
      protocol: fc.constantFrom<Protocol>('TCP', 'UDP'),
      targetPort: fc.oneof(fc.constantFrom(80, 8080, 9090, 53), fc.constantFrom(...PORT_NAMES)),
    }),
    { minLength: 1, maxLength: 2, selector: (p) => `${p.port}/${p.protocol}` },
  ),
});

/** A random cluster. */
export const clusterShape: fc.Arbitrary<ClusterShape> = fc
  .record({
    namespaceLabels: fc.tuple(namespaceLabels, namespaceLabels, namespaceLabels, namespaceLabels),
    pods: fc.array(appPod, { minLength: 1, maxLength: 6 }),
    resolvers: fc.oneof(
      { weight: 6, arbitrary: fc.constant(1) },
      { weight: 2, arbitrary: fc.constant(2) },
      {
        weight: 1,
        arbitrary: fc.constant(0),
      },
    ),
    resolverPods: fc.tuple(resolverPod, resolverPod),
    externals: fc.array(external, { maxLength: 3 }),
    services: fc.array(service, { maxLength: 2 }),
    ports: fc.subarray([...FLOW_PORTS], { minLength: 1, maxLength: 2 }),
  })
  .map((g) => ({
    namespaces: NAMESPACES.map((name, i) => ({ name, labels: g.namespaceLabels[i] ?? {} })),
    pods: [
      ...g.pods.map((p, i) => ({ ...p, name: `p${i}` })),
      ...g.resolverPods.slice(0, g.resolvers).map((p, i) => ({ ...p, name: `coredns-${i}` })),
    ],
    externals: g.externals.map((e, i) => ({ ...e, name: `e${i}` })),
    services: g.services.map((s, i) => ({ ...s, name: `s${i}` })),
    ports: [{ port: 53, protocol: 'UDP' as const }, ...g.ports],
  }));

function podManifest(p: PodShape, i: number): Obj {
  // Alternate podIP and podIPs so both spellings are exercised.
  const status =
    p.ips.length === 1 && i % 2 === 0 ? { podIP: p.ips[0] } : { podIPs: p.ips.map((ip) => ({ ip })) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      ...(Object.keys(p.labels).length ? { labels: p.labels } : {}),
    },
    spec: { containers: [{ name: 'c', ports: p.ports.map((port) => ({ ...port })) }] },
    ...(p.ips.length ? { status } : {}),
  };
}

/** The cluster as manifest text for `loadCluster`. */
export function clusterYaml(shape: ClusterShape): string {
  // Only namespaces with pods or Services matter to verdicts; the others would only lengthen reproductions.
  const used = new Set([...shape.pods, ...shape.services].map((o) => o.namespace));
  const docs: Obj[] = [
    ...shape.namespaces
      .filter((n) => used.has(n.name))
      .map((n) => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: n.name, ...(Object.keys(n.labels).length ? { labels: n.labels } : {}) },
      })),
    ...shape.pods.map(podManifest),
    ...shape.externals.map(({ name, ...spec }) => ({
      apiVersion: 'netpol-lab/v1',
      kind: 'ExternalEndpoint',
      metadata: { name },
      spec,
    })),
    ...shape.services.map(({ name, namespace, ...spec }) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec,
    })),
  ];
  return yamlDocuments(docs);
}
