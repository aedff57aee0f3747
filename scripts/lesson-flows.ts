/**
 * Writes content/traffic/bakery-day.jsonl: one working day of the bakery scenario's traffic as
 * `hubble observe -o json` prints it (one `{"flow": ..., "node_name": ..., "time": ...}` per line).
 * Every connection is seen where Cilium sees it: at the source pod (EGRESS) and at the destination pod
 * (INGRESS), each with its reply; DNS lookups also as L7 DNS request and response events. The log is
 * deterministic (no clock, no randomness), so running this again gives the same file.
 *
 *   node scripts/lesson-flows.ts
 */
import { writeFileSync } from 'node:fs';

interface Pod {
  readonly kind: 'pod';
  readonly ip: string;
  readonly namespace: string;
  readonly podName: string;
  readonly labels: readonly string[];
  readonly identity: number;
  readonly node: string;
  readonly workload?: { readonly name: string; readonly kind: string };
}
interface World {
  readonly kind: 'world';
  readonly ip: string;
  readonly names: readonly string[];
}
type End = Pod | World;

const pod = (
  ip: string,
  namespace: string,
  podName: string,
  labels: Record<string, string>,
  identity: number,
  node: string,
  workload?: { name: string; kind: string },
): Pod => ({
  kind: 'pod',
  ip,
  namespace,
  podName,
  identity,
  node,
  labels: [
    ...Object.entries(labels).map(([k, v]) => `k8s:${k}=${v}`),
    'k8s:io.cilium.k8s.policy.cluster=default',
    'k8s:io.cilium.k8s.policy.serviceaccount=default',
    `k8s:io.kubernetes.pod.namespace=${namespace}`,
  ].sort(),
  ...(workload ? { workload } : {}),
});

const controller = pod(
  '10.0.1.5',
  'ingress-nginx',
  'ingress-nginx-controller-7f9b6d5c4-xk2pl',
  { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' },
  30112,
  'node-1',
  { name: 'ingress-nginx-controller', kind: 'Deployment' },
);
const web = [
  pod('10.0.1.11', 'bakery', 'web-7d4f9c6b5-k2x9p', { app: 'web', tier: 'frontend' }, 41207, 'node-1', {
    name: 'web',
    kind: 'Deployment',
  }),
  pod('10.0.2.12', 'bakery', 'web-7d4f9c6b5-q7m4z', { app: 'web', tier: 'frontend' }, 41207, 'node-2', {
    name: 'web',
    kind: 'Deployment',
  }),
];
const orders = [
  pod('10.0.1.21', 'bakery', 'orders-5c7d9b4f6-h9t2w', { app: 'orders', tier: 'backend' }, 41388, 'node-1', {
    name: 'orders',
    kind: 'Deployment',
  }),
  pod('10.0.2.22', 'bakery', 'orders-5c7d9b4f6-w4n6r', { app: 'orders', tier: 'backend' }, 41388, 'node-2', {
    name: 'orders',
    kind: 'Deployment',
  }),
];
const db = pod('10.0.3.31', 'bakery', 'db-0', { app: 'db', tier: 'backend' }, 40456, 'node-3', {
  name: 'db',
  kind: 'StatefulSet',
});
const debug = pod('10.0.2.41', 'bakery', 'debug', { run: 'debug' }, 52901, 'node-2');
const coredns = pod(
  '10.0.3.53',
  'kube-system',
  'coredns-6f7c9d5b4-m2n7q',
  { 'k8s-app': 'kube-dns' },
  10233,
  'node-3',
  { name: 'coredns', kind: 'Deployment' },
);
const paymentApi: World = { kind: 'world', ip: '198.51.100.30', names: ['api.pay.example'] };
const customers: World[] = [17, 23, 42, 58, 71, 96].map((n) => ({
  kind: 'world',
  ip: `203.0.113.${n}`,
  names: [],
}));

const lines: string[] = [];
let clock = Date.UTC(2026, 10, 30, 9, 0, 0);
let uuid = 0;
let sourcePort = 40000;

function endJson(end: End): Record<string, unknown> {
  if (end.kind === 'world') return { identity: 2, labels: ['reserved:world'] };
  return {
    ID: 1000 + Number(end.ip.split('.')[3]),
    identity: end.identity,
    namespace: end.namespace,
    labels: end.labels,
    pod_name: end.podName,
    ...(end.workload ? { workloads: [end.workload] } : {}),
  };
}

function emit(
  node: string,
  direction: 'EGRESS' | 'INGRESS',
  from: End,
  to: End,
  l4: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): void {
  clock += 137;
  const time = new Date(clock).toISOString();
  const reply = extra['is_reply'] === true;
  const flow = {
    time,
    uuid: `5f1c0a2e-0000-4000-8000-${String(uuid++).padStart(12, '0')}`,
    verdict: 'FORWARDED',
    IP: { source: from.ip, destination: to.ip, ipVersion: 'IPv4' },
    l4,
    source: endJson(from),
    destination: endJson(to),
    Type: 'L3_L4',
    node_name: node,
    ...(to.kind === 'world' && to.names.length > 0 ? { destination_names: to.names } : {}),
    ...(from.kind === 'world' && from.names.length > 0 ? { source_names: from.names } : {}),
    traffic_direction: direction,
    is_reply: reply,
    ...extra,
  };
  lines.push(JSON.stringify({ flow, node_name: node, time }));
}

const nodeOf = (end: End): string | undefined => (end.kind === 'pod' ? end.node : undefined);

/** One TCP connection: SYN and SYN-ACK, at the source's node (egress) and the destination's (ingress). */
function tcp(from: End, to: End, port: number): void {
  const sport = sourcePort++;
  const out = { TCP: { source_port: sport, destination_port: port, flags: { SYN: true } } };
  const back = { TCP: { source_port: port, destination_port: sport, flags: { SYN: true, ACK: true } } };
  const src = nodeOf(from);
  const dst = nodeOf(to);
  if (src) emit(src, 'EGRESS', from, to, out);
  if (dst) emit(dst, 'INGRESS', from, to, out);
  if (dst) emit(dst, 'EGRESS', to, from, back, { is_reply: true });
  if (src) emit(src, 'INGRESS', to, from, back, { is_reply: true });
}

/** One DNS lookup over UDP: the packets both ways, and the DNS proxy's request and response events. */
function lookup(from: Pod, name: string, answer: string): void {
  const sport = sourcePort++;
  const out = { UDP: { source_port: sport, destination_port: 53 } };
  const back = { UDP: { source_port: 53, destination_port: sport } };
  const query = `${name}.`;
  emit(from.node, 'EGRESS', from, coredns, out, {
    Type: 'L7',
    l7: { type: 'REQUEST', dns: { query, qtypes: ['A'] } },
  });
  emit(coredns.node, 'INGRESS', from, coredns, out);
  emit(coredns.node, 'EGRESS', coredns, from, back, { is_reply: true });
  emit(from.node, 'INGRESS', coredns, from, back, {
    is_reply: true,
    Type: 'L7',
    l7: { type: 'RESPONSE', dns: { query, ips: [answer], ttl: 30, rcode: 0, qtypes: ['A'], rrtypes: ['A'] } },
  });
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

for (let hour = 0; hour < 8; hour++) {
  clock = Date.UTC(2026, 10, 30, 9 + hour, 0, 0);
  if (hour % 3 === 0) lookup(pick(web, hour), 'orders.bakery.svc.cluster.local', '10.96.14.7');
  if (hour % 2 === 0) {
    lookup(pick(orders, hour), 'db.bakery.svc.cluster.local', '10.96.22.9');
    lookup(pick(orders, hour + 1), 'api.pay.example', paymentApi.ip);
  }
  for (let i = 0; i < 2; i++) {
    tcp(pick(customers, hour * 2 + i), controller, 80);
    tcp(controller, pick(web, hour + i), 8080);
  }
  tcp(pick(web, hour), pick(orders, hour), 8080);
  if (hour % 2 === 0) tcp(pick(orders, hour), db, 5432);
  if (hour % 3 === 1) tcp(pick(orders, hour + 1), paymentApi, 443);
  if (hour === 2) {
    // 11:42: someone looks at the database from a throwaway pod, once.
    clock = Date.UTC(2026, 10, 30, 11, 42, 0);
    lookup(debug, 'db.bakery.svc.cluster.local', '10.96.22.9');
    tcp(debug, db, 5432);
  }
}

writeFileSync(new URL('../content/traffic/bakery-day.jsonl', import.meta.url), `${lines.join('\n')}\n`);
console.log(`content/traffic/bakery-day.jsonl: ${lines.length} flows`);
