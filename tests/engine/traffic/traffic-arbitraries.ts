// Random apps and the Hubble logs of their traffic, for the property tests of verify and generate: a few
// Deployments, StatefulSets and CronJobs in up to three namespaces (some sharing a label), kube-dns, and
// outside ends (world addresses with or without a DNS name, the node, the API server). Each connection
// is printed as Hubble prints it: at its source and/or destination, with its reply, some DROPPED or AUDIT,
// some after a DNS lookup.
import fc from 'fast-check';
import { stringify } from 'yaml';

type Kind = 'Deployment' | 'StatefulSet' | 'CronJob';

export interface App {
  readonly namespace: string;
  readonly name: string;
  readonly kind: Kind;
  readonly labels: Readonly<Record<string, string>>;
  /** Container ports, some named. */
  readonly ports: readonly { port: number; protocol: 'TCP' | 'UDP'; name?: string }[];
  readonly pods: number;
}

export interface Outside {
  readonly entity: 'world' | 'host' | 'kube-apiserver';
  readonly ip: string;
  readonly name?: string;
}

export interface Event {
  /** Index into the ends (apps first, then kube-dns, then the outside ends). */
  readonly from: number;
  readonly to: number;
  readonly pod: number;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly verdict: 'FORWARDED' | 'AUDIT' | 'DROPPED';
  readonly seen: 'both' | 'source' | 'destination';
  readonly lookup: boolean;
}

export interface Scenario {
  readonly apps: readonly App[];
  readonly outside: readonly Outside[];
  readonly events: readonly Event[];
}

const PORTS = [53, 80, 443, 5432, 8080] as const;
const NAMES = ['web', 'api', 'db', 'cache', 'worker', 'report'] as const;
const NAMESPACES = ['shop', 'data', 'ops'] as const;

const app: fc.Arbitrary<Omit<App, 'name'> & { name: string }> = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom(...NAMES),
  kind: fc.constantFrom<Kind>('Deployment', 'Deployment', 'StatefulSet', 'CronJob'),
  labels: fc.record(
    { tier: fc.constantFrom('front', 'back'), team: fc.constantFrom('a', 'b') },
    { requiredKeys: [] },
  ),
  ports: fc
    .uniqueArray(
      fc.record({
        port: fc.constantFrom(...PORTS),
        protocol: fc.constantFrom<'TCP' | 'UDP'>('TCP', 'TCP', 'UDP'),
        named: fc.boolean(),
      }),
      { selector: (p) => `${p.port}/${p.protocol}`, maxLength: 3 },
    )
    .map((ports) =>
      ports.map((p) => ({
        port: p.port,
        protocol: p.protocol,
        ...(p.named ? { name: `p${p.port}-${p.protocol.toLowerCase()}` } : {}),
      })),
    ),
  pods: fc.integer({ min: 1, max: 2 }),
});

const outside: fc.Arbitrary<Outside> = fc.oneof(
  fc
    .record({
      ip: fc.integer({ min: 1, max: 6 }).map((n) => `203.0.113.${n}`),
      name: fc.option(fc.constantFrom('api.example.com', 'pay.example.net'), { nil: undefined }),
    })
    .map(({ ip, name }): Outside => ({ entity: 'world', ip, ...(name === undefined ? {} : { name }) })),
  fc.constant({ entity: 'host' as const, ip: '192.168.0.1' }),
  fc.constant({ entity: 'kube-apiserver' as const, ip: '172.18.0.2' }),
);

/** A scenario: apps (unique by namespace and name), outside ends (unique by address), events. */
export const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    apps: fc.uniqueArray(app, { selector: (a) => `${a.namespace}/${a.name}`, minLength: 1, maxLength: 5 }),
    outside: fc.uniqueArray(outside, { selector: (o) => o.ip, maxLength: 4 }),
  })
  .chain(({ apps, outside }) => {
    // Apps labelled app=<name>, so that a shared tier or team label only sometimes widens a selector.
    const labelled = apps.map((a) => ({ ...a, labels: { app: a.name, ...a.labels } }));
    const ends = labelled.length + 1 + outside.length;
    const event = fc
      .record({
        from: fc.integer({ min: 0, max: ends - 1 }),
        to: fc.integer({ min: 0, max: ends - 1 }),
        pod: fc.integer({ min: 0, max: 1 }),
        port: fc.constantFrom(...PORTS),
        protocol: fc.constantFrom<'TCP' | 'UDP'>('TCP', 'TCP', 'UDP'),
        verdict: fc.constantFrom<Event['verdict']>('FORWARDED', 'FORWARDED', 'FORWARDED', 'AUDIT', 'DROPPED'),
        seen: fc.constantFrom<Event['seen']>('both', 'both', 'source', 'destination'),
        lookup: fc.boolean(),
      })
      // kube-dns only answers; at least one end is an app.
      .filter((e) => e.from !== labelled.length && (e.from < labelled.length || e.to < labelled.length));
    return fc.record({
      apps: fc.constant(labelled),
      outside: fc.constant(outside),
      events: fc.array(event, { minLength: 1, maxLength: 14 }),
    });
  });

type Json = Record<string, unknown>;

interface End {
  readonly json: Json;
  readonly ip: string;
  readonly pod: boolean;
}

const HASH = 'bcdfghjk';

function podName(a: App, i: number): string {
  if (a.kind === 'StatefulSet') return `${a.name}-${i}`;
  if (a.kind === 'CronJob') return `${a.name}-2943120${i}-v8k2d`;
  return `${a.name}-7c9f8d6b4-x2x9${HASH[i] ?? 'q'}`;
}

function appEnd(scn: Scenario, index: number, pod: number): End {
  const a = scn.apps[index] as App;
  const i = pod % a.pods;
  const ns = NAMESPACES.indexOf(a.namespace as (typeof NAMESPACES)[number]);
  return {
    json: {
      ID: 1000 + index * 10 + i,
      identity: 20000 + index,
      namespace: a.namespace,
      labels: [
        ...Object.entries(a.labels).map(([k, v]) => `k8s:${k}=${v}`),
        `k8s:io.kubernetes.pod.namespace=${a.namespace}`,
        'k8s:io.cilium.k8s.policy.cluster=default',
      ],
      pod_name: podName(a, i),
      workloads: [{ name: a.name, kind: a.kind }],
    },
    ip: `10.${ns}.${index}.${10 + i}`,
    pod: true,
  };
}

const DNS_END: End = {
  json: {
    ID: 900,
    identity: 102,
    namespace: 'kube-system',
    labels: ['k8s:k8s-app=kube-dns', 'k8s:io.kubernetes.pod.namespace=kube-system'],
    pod_name: 'coredns-6f6b679f8f-4nq8r',
    workloads: [{ name: 'coredns', kind: 'Deployment' }],
  },
  ip: '10.9.0.10',
  pod: true,
};

const RESERVED_ID = { world: 2, host: 1, 'kube-apiserver': 7 } as const;

function endOf(scn: Scenario, index: number, pod: number): End {
  if (index < scn.apps.length) return appEnd(scn, index, pod);
  if (index === scn.apps.length) return DNS_END;
  const o = scn.outside[index - scn.apps.length - 1] as Outside;
  return {
    json: { identity: RESERVED_ID[o.entity], labels: [`reserved:${o.entity}`] },
    ip: o.ip,
    pod: false,
  };
}

function flow(src: End, dst: End, protocol: string, sport: number, dport: number, extra: Json): Json {
  return {
    flow: {
      verdict: 'FORWARDED',
      IP: { source: src.ip, destination: dst.ip, ipVersion: 'IPv4' },
      l4: { [protocol]: { source_port: sport, destination_port: dport } },
      source: src.json,
      destination: dst.json,
      Type: 'L3_L4',
      is_reply: false,
      ...extra,
    },
    node_name: 'node-1',
  };
}

/** The Hubble log (`hubble observe -o json`) of the events, from the `first`-th source port on. */
export function hubbleLog(scn: Scenario, events: readonly Event[] = scn.events, first = 0): string {
  const lines: Json[] = [];
  events.forEach((e, n) => {
    const sport = 30000 + first + n;
    const src = endOf(scn, e.from, e.pod);
    const dst = endOf(scn, e.to, e.pod + 1);
    const outsideTo = e.to > scn.apps.length ? scn.outside[e.to - scn.apps.length - 1] : undefined;
    const names = outsideTo?.name ? { destination_names: [outsideTo.name] } : {};
    if (e.lookup && src.pod)
      lines.push(
        flow(src, DNS_END, 'UDP', sport + 20000, 53, {
          Type: 'L7',
          l7: {
            type: 'REQUEST',
            dns: { query: `${outsideTo?.name ?? 'db.shop.svc.cluster.local'}.`, qtypes: ['A'] },
          },
        }),
      );
    const atSource = src.pod && (e.seen !== 'destination' || !dst.pod);
    const atDestination = dst.pod && (e.seen !== 'source' || !atSource);
    if (atSource)
      lines.push(
        flow(src, dst, e.protocol, sport, e.port, {
          traffic_direction: 'EGRESS',
          verdict: e.verdict === 'DROPPED' && !atDestination ? 'DROPPED' : 'FORWARDED',
          ...names,
        }),
      );
    if (atDestination)
      lines.push(
        flow(src, dst, e.protocol, sport, e.port, {
          traffic_direction: 'INGRESS',
          verdict: e.verdict,
          ...names,
        }),
      );
    if (e.verdict !== 'DROPPED')
      lines.push(flow(dst, src, e.protocol, e.port, sport, { traffic_direction: 'EGRESS', is_reply: true }));
  });
  return lines.map((l) => JSON.stringify(l)).join('\n');
}

/** The cluster the apps run in (their workloads with template labels and ports, and kube-dns unless told not to), as YAML. */
export function clusterYaml(scn: Scenario, { resolver = true } = {}): string {
  const docs: unknown[] = [
    ...['kube-system', ...new Set(scn.apps.map((a) => a.namespace))].map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    })),
  ];
  if (resolver)
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-dns' } },
          spec: {
            containers: [
              { name: 'dns', image: 'coredns', ports: [{ containerPort: 53, protocol: 'UDP', name: 'dns' }] },
            ],
          },
        },
      },
    });
  for (const a of scn.apps) {
    const template = {
      metadata: { labels: a.labels },
      spec: {
        containers: [
          {
            name: 'main',
            image: `${a.name}:1`,
            ports: a.ports.map((p) => ({
              containerPort: p.port,
              protocol: p.protocol,
              ...(p.name ? { name: p.name } : {}),
            })),
          },
        ],
      },
    };
    const metadata = { name: a.name, namespace: a.namespace };
    docs.push(
      a.kind === 'CronJob'
        ? {
            apiVersion: 'batch/v1',
            kind: 'CronJob',
            metadata,
            spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template } } },
          }
        : {
            apiVersion: 'apps/v1',
            kind: a.kind,
            metadata,
            spec: { selector: { matchLabels: { app: a.name } }, template },
          },
    );
  }
  return docs.map((d) => stringify(d)).join('---\n');
}
