// (c) A deliberately naive evaluator, every flow walking every policy with nothing compiled or cached,
// timed against the engine on the same 20,000 flows, and checked to agree with it. It knows
// NetworkPolicy v1 only. Kept in its own file so an independent test oracle can take its place.
import { performance } from 'node:perf_hooks';
import type { Flow } from '../../src/engine/index.ts';
import { ms } from './common.ts';
import type { Obj } from './generate.ts';
import { workloadVerdicts, type Workload } from './workload.ts';

function naiveSelects(selector: Obj | undefined, labels: Record<string, string>): boolean {
  const ml = (selector?.matchLabels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const e of (selector?.matchExpressions ?? []) as {
    key: string;
    operator: string;
    values?: string[];
  }[]) {
    const has = e.key in labels;
    const value = labels[e.key] ?? '';
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(value))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function ipv4(text: string): number {
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base) / size);
}

interface NaiveEnd {
  ns?: string;
  labels: Record<string, string>;
  nsLabels: Record<string, string>;
  ip: string;
  ports: { name?: string; containerPort: number; protocol?: string }[];
  pod: boolean;
}

function naiveDirection(
  policies: readonly Obj[],
  subject: NaiveEnd,
  peer: NaiveEnd,
  dst: NaiveEnd,
  port: number,
  protocol: string,
  dir: 'ingress' | 'egress',
): boolean {
  if (!subject.pod) return true;
  let isolated = false;
  for (const p of policies) {
    const meta = p.metadata as { namespace: string };
    const spec = p.spec as Obj;
    const types =
      (spec.policyTypes as string[] | undefined) ??
      ((spec.egress as unknown[] | undefined)?.length ? ['Ingress', 'Egress'] : ['Ingress']);
    if (
      meta.namespace !== subject.ns ||
      !types.includes(dir === 'ingress' ? 'Ingress' : 'Egress') ||
      !naiveSelects(spec.podSelector as Obj, subject.labels)
    )
      continue;
    isolated = true;
    for (const rule of (spec[dir] ?? []) as Obj[]) {
      const peers = (rule[dir === 'ingress' ? 'from' : 'to'] ?? []) as Obj[];
      const ports = (rule.ports ?? []) as { port?: number | string; endPort?: number; protocol?: string }[];
      const peerOk =
        peers.length === 0 ||
        peers.some((x) => {
          if (x.ipBlock) {
            const b = x.ipBlock as { cidr: string; except?: string[] };
            return inCidr(peer.ip, b.cidr) && !(b.except ?? []).some((e) => inCidr(peer.ip, e));
          }
          if (!peer.pod) return false;
          const nsOk = x.namespaceSelector
            ? naiveSelects(x.namespaceSelector as Obj, peer.nsLabels)
            : peer.ns === meta.namespace;
          return nsOk && (!x.podSelector || naiveSelects(x.podSelector as Obj, peer.labels));
        });
      const portOk =
        ports.length === 0 ||
        ports.some((x) => {
          if ((x.protocol ?? 'TCP') !== protocol) return false;
          if (x.port === undefined) return true;
          if (typeof x.port === 'string')
            return (
              dst.pod &&
              dst.ports.some(
                (c) => c.name === x.port && (c.protocol ?? 'TCP') === protocol && c.containerPort === port,
              )
            );
          return port >= x.port && port <= (x.endPort ?? x.port);
        });
      if (peerOk && portOk) return true;
    }
  }
  return !isolated;
}

/** Returns whether each flow is allowed, walking every policy for every flow (NetworkPolicy v1 only). */
export function naiveEvaluate(
  items: readonly Obj[],
  policies: readonly Obj[],
  flows: readonly Flow[],
): boolean[] {
  const nsLabels = new Map<string, Record<string, string>>();
  for (const o of items)
    if (o.kind === 'Namespace') {
      const m = o.metadata as { name: string; labels?: Record<string, string> };
      nsLabels.set(m.name, { 'kubernetes.io/metadata.name': m.name, ...m.labels });
    }
  const find = (id: string): NaiveEnd | undefined => {
    for (const o of items) {
      const m = o.metadata as { name: string; namespace?: string; labels?: Record<string, string> };
      if (o.kind === 'Pod' && `${m.namespace ?? 'default'}/${m.name}` === id) {
        const spec = o.spec as { containers?: { ports?: NaiveEnd['ports'] }[] } | undefined;
        return {
          ns: m.namespace ?? 'default',
          labels: m.labels ?? {},
          nsLabels: nsLabels.get(m.namespace ?? 'default') ?? {},
          ip: (o.status as { podIP: string }).podIP,
          ports: (spec?.containers ?? []).flatMap((c) => c.ports ?? []),
          pod: true,
        };
      }
      if (o.kind === 'ExternalEndpoint' && m.name === id)
        return {
          labels: {},
          nsLabels: {},
          ip: (o.spec as { ips: string[] }).ips[0] ?? '',
          ports: [],
          pod: false,
        };
    }
    return undefined;
  };
  return flows.map((f) => {
    const src = find(f.from);
    const dst = find(f.to);
    if (!src || !dst) return false;
    if (f.from === f.to) return true;
    const connect = (to: NaiveEnd, port: number, protocol: string): boolean =>
      naiveDirection(policies, src, to, to, port, protocol, 'egress') &&
      naiveDirection(policies, to, src, to, port, protocol, 'ingress');
    const dns = find('kube-system/coredns');
    if (!dst.pod && dns && !connect(dns, 53, 'UDP')) return false;
    return connect(dst, f.port, f.protocol);
  });
}

/** Prints the (c) figures for the `v1` workload: the naive loop's time, the speed-up and the agreement. */
export function naiveBench(workload: Workload): void {
  const engine = workloadVerdicts(workload);
  const t0 = performance.now();
  const naive = naiveEvaluate(workload.items, workload.policyObjs, workload.flows);
  const naiveMs = performance.now() - t0;
  const agree = naive.filter((v, i) => v === engine.allowed[i]).length;
  const allowed = engine.allowed.filter(Boolean).length;
  console.log(
    `(c) 20,000 flows in process: engine ${ms(engine.ms)} (full verdicts with effects), naive per-flow loop ${ms(naiveMs)}; speed-up ${(naiveMs / engine.ms).toFixed(1)}×`,
  );
  console.log(`    naive and engine agree on ${agree}/${workload.flows.length} flows (${allowed} allowed)`);
}
