import type { EndpointView, EngineOptions, PodView } from '../model/endpoint.ts';
import type { Cidr } from '../model/matchers.ts';
import type { Policy } from '../model/policy.ts';
import type { PolicyTarget } from '../model/target.ts';
import type { Cluster, Direction, EndpointId, Namespace, Service } from '../model/types.ts';
import { slotsOf } from '../match/address.ts';
import { cidrContains } from '../match/ip.ts';
import { handlerOf } from '../parse/registry.ts';
import { orderTargets, tierOrder, type TierOrder } from './combine.ts';
import type { PairVerdict } from './flow.ts';
import { OutcomeCache } from './outcomes.ts';
import { PeerMemo } from './rule.ts';
import { buildUnits, resolveId, type EndpointUnit, type Resolved } from './units.ts';

/** Marks a short workload name two workloads of a namespace share (so it names neither). */
const NONE: EndpointUnit = { id: '', kind: 'workload', name: '', members: [] };

/** The default semantics options; see docs/decisions/0003-ipblock-and-pod-ips.md. */
export const DEFAULT_OPTIONS: EngineOptions = { ipBlockMatchesPods: true };

/**
 * Endpoints that every policy treats alike: same namespace (name and labels), same labels, same
 * container ports and service account, the same membership in every CIDR a policy mentions for each
 * address a connection may use, the same address families (decision 0013). External endpoints are
 * classes of their own. Whole-cluster results are computed once per class pair.
 */
export interface EndpointClass {
  readonly index: number;
  /** The first member, used to evaluate for the whole class. */
  readonly representative: EndpointView;
  readonly members: readonly number[];
  /** Targets selecting the representative, per direction, in the order the tiers consult them (empty for external endpoints). */
  readonly selecting: Readonly<Record<Direction, readonly PolicyTarget[]>>;
  /** Where each tier starts in `selecting`, and which targets isolate the representative. */
  readonly tiers: Readonly<Record<Direction, TierOrder>>;
}

/** A cluster and policies compiled once; every flow and matrix question is answered from it. */
export interface Analysis {
  readonly cluster: Cluster;
  readonly policies: readonly Policy[];
  readonly options: EngineOptions;
  readonly targets: readonly PolicyTarget[];
  /** Pods first (cluster order), then external endpoints. */
  readonly endpoints: readonly EndpointView[];
  readonly classes: readonly EndpointClass[];
  /** Class index of each endpoint, parallel to `endpoints`. */
  readonly classOf: Int32Array;
  /** Endpoint by id (`namespace/pod` or external name). */
  endpoint(id: EndpointId): EndpointView | undefined;
  /** Index of an endpoint in `endpoints`, or -1. */
  indexOf(id: EndpointId): number;
  /** Service by `namespace/name`. */
  service(id: EndpointId): Service | undefined;
  /** The DNS resolver lookups go to (the first `k8s-app=kube-dns` pod in `kube-system`), if the cluster has one. */
  readonly resolver: PodView | undefined;
  /** Cached peer-test answers per class, for this analysis's whole-cluster questions. */
  readonly memo: PeerMemo;
  /** Connection verdicts per class pair and port, shared by the flows between their members. */
  readonly verdicts: Map<string, PairVerdict>;
  /** Target outcomes cached for whole-cluster questions (see `OutcomeCache`). */
  readonly outcomes: OutcomeCache;
  /** Targets that may select pods of a namespace (its own namespaced policies and cluster-wide ones), in policy order. */
  targetsFor(namespace: string): readonly PolicyTarget[];
  /** What views list once: workloads, pods no listed workload owns, external endpoints. */
  readonly units: readonly EndpointUnit[];
  /** Unit index of each endpoint, parallel to `endpoints`. */
  readonly unitOf: Int32Array;
  /**
   * What an endpoint id names (`namespace/name`, `namespace/Kind/name`, an external name, a Service's DNS
   * name as a pod of namespace `near` would write it), or undefined.
   */
  resolve(id: EndpointId, near?: string): Resolved | undefined;
}

/**
 * Compiled targets per parsed policy object. Parsing reuses the object of an unchanged YAML document,
 * so after an edit only the edited policy compiles again; entries go when their objects do.
 */
const compiled = new WeakMap<object, { readonly key: string; readonly targets: readonly PolicyTarget[] }>();

/**
 * What analyses of one cluster share while the class partition stays the same (same cluster object, same
 * CIDRs mentioned, same options): the endpoint views, the partition, and the caches of peer-test answers
 * and target outcomes. Those caches are keyed by compiled tests and rules, which unchanged policies keep
 * across edits, so after an edit only what the edited policy touches is evaluated again.
 */
interface Partition {
  readonly key: string;
  readonly endpoints: readonly EndpointView[];
  readonly units: readonly EndpointUnit[];
  readonly unitOf: Int32Array;
  readonly ids: ReadonlyMap<EndpointId, number>;
  readonly resolver: PodView | undefined;
  readonly members: readonly (readonly number[])[];
  readonly classOf: Int32Array;
  readonly memo: PeerMemo;
  readonly outcomes: OutcomeCache;
}

const partitions = new WeakMap<Cluster, Partition>();

/** Compiles the policies (reusing targets of unchanged policies) and groups endpoints into classes. */
export function buildAnalysis(
  cluster: Cluster,
  policies: readonly Policy[],
  options: Partial<EngineOptions> = {},
): Analysis {
  const opts: EngineOptions = { ...DEFAULT_OPTIONS, ...options };
  const targets = policies.flatMap((policy) => compileCached(policy, cluster, opts));
  const partition = partitionOf(cluster, targets, opts);
  const { endpoints, ids, resolver, classOf, units, unitOf } = partition;
  const targetsFor = namespaceIndex(targets);
  const classes = partition.members.map((members, index) =>
    classWith(index, members, endpoints[members[0] ?? 0] as EndpointView, targetsFor),
  );
  const services = new Map(cluster.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const workloadUnits = new Map<string, EndpointUnit>();
  for (const u of units)
    if (u.workload) {
      workloadUnits.set(`${u.namespace ?? ''}/${u.workload.kind}/${u.name}`, u);
      workloadUnits.set(
        `${u.namespace ?? ''}/*/${u.name}`,
        workloadUnits.has(`${u.namespace ?? ''}/*/${u.name}`) ? NONE : u,
      );
    }
  const lookup = {
    endpoint: (id: EndpointId) => ids.get(id) ?? -1,
    unitOfEndpoint: (index: number) => units[unitOf[index] ?? -1],
    workload: (namespace: string, kind: string | undefined, name: string) => {
      const unit = workloadUnits.get(`${namespace}/${kind ?? '*'}/${name}`);
      return unit === NONE ? undefined : unit;
    },
    service: (id: EndpointId) => services.get(id),
  };
  return {
    cluster,
    policies,
    options: opts,
    targets,
    endpoints,
    classes,
    classOf,
    endpoint: (id) => endpoints[ids.get(id) ?? -1],
    indexOf: (id) => ids.get(id) ?? -1,
    service: (id) => services.get(id),
    resolver,
    memo: partition.memo,
    verdicts: new Map(),
    outcomes: partition.outcomes,
    targetsFor,
    units,
    unitOf,
    resolve: (id, near) => resolveId(id, lookup, near),
  };
}

const clusterIds = new WeakMap<Cluster, number>();
let clustersSeen = 0;

function clusterId(cluster: Cluster): number {
  let id = clusterIds.get(cluster);
  if (id === undefined) clusterIds.set(cluster, (id = ++clustersSeen));
  return id;
}

function compileCached(policy: Policy, cluster: Cluster, options: EngineOptions): readonly PolicyTarget[] {
  // Targets point at source lines: the same object at the same place (offset and line) compiles alike, in
  // the same cluster (Cilium `toServices` reads its Services).
  const range = policy.source.range;
  const key = `${policy.source.file ?? ''}|${range?.start ?? -1}|${range?.line ?? -1}|${options.ipBlockMatchesPods}|${clusterId(cluster)}`;
  const cached = compiled.get(policy.object);
  if (cached?.key === key) return cached.targets;
  const targets = handlerOf(policy).compile(policy, { cluster, options });
  compiled.set(policy.object, { key, targets });
  return targets;
}

/** Returns a lookup of the targets that may select pods of a namespace (most select one namespace only). */
function namespaceIndex(targets: readonly PolicyTarget[]): (namespace: string) => readonly PolicyTarget[] {
  const byNamespace = new Map<string, PolicyTarget[]>();
  return (namespace) => {
    let list = byNamespace.get(namespace);
    if (!list) {
      list = targets.filter((t) => t.subjectNamespace === undefined || t.subjectNamespace === namespace);
      byNamespace.set(namespace, list);
    }
    return list;
  };
}

/** Returns the class partition for the cluster and the CIDRs the targets mention (reused while they stay the same). */
function partitionOf(cluster: Cluster, targets: readonly PolicyTarget[], options: EngineOptions): Partition {
  const unique = new Map<string, Cidr>();
  for (const t of targets) for (const c of t.cidrs) unique.set(c.text, c);
  const cidrs = [...unique.values()].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const key = `${options.ipBlockMatchesPods}|${cidrs.map((c) => c.text).join(',')}`;
  const known = partitions.get(cluster);
  if (known?.key === key) return known;
  const endpoints = endpointViews(cluster);
  const ids = new Map<EndpointId, number>();
  endpoints.forEach((e, i) => {
    if (!ids.has(e.id)) ids.set(e.id, i);
  });
  const resolver = endpoints.find(
    (e): e is PodView =>
      e.kind === 'pod' && e.pod.namespace === 'kube-system' && e.pod.labels['k8s-app'] === 'kube-dns',
  );
  const byKey = new Map<string, number>();
  const members: number[][] = [];
  const classOf = new Int32Array(endpoints.length);
  endpoints.forEach((endpoint, i) => {
    const classKey = endpoint.kind !== 'pod' ? `external:${endpoint.id}` : podKey(endpoint, cidrs);
    let index = byKey.get(classKey);
    if (index === undefined) {
      index = members.length;
      byKey.set(classKey, index);
      members.push([]);
    }
    members[index]?.push(i);
    classOf[i] = index;
  });
  const { units, unitOf } = buildUnits(endpoints);
  const partition: Partition = {
    key,
    endpoints,
    units,
    unitOf,
    ids,
    resolver,
    members,
    classOf,
    memo: new PeerMemo(members.length),
    outcomes: new OutcomeCache(members.length),
  };
  partitions.set(cluster, partition);
  return partition;
}

function endpointViews(cluster: Cluster): EndpointView[] {
  const namespaces = new Map<string, Namespace>(cluster.namespaces.map((n) => [n.name, n]));
  return [
    ...cluster.pods.map((pod): PodView => ({
      kind: 'pod',
      id: `${pod.namespace}/${pod.name}`,
      pod,
      namespace: namespaces.get(pod.namespace) ?? { name: pod.namespace, labels: {} },
    })),
    ...cluster.externals.map((external): EndpointView => ({ kind: 'external', id: external.name, external })),
  ];
}

/** Returns a class with the targets that select its representative, in tier order. */
function classWith(
  index: number,
  members: readonly number[],
  representative: EndpointView,
  candidates: (namespace: string) => readonly PolicyTarget[],
): EndpointClass {
  const selecting = (direction: Direction): PolicyTarget[] =>
    representative.kind === 'pod'
      ? orderTargets(
          candidates(representative.namespace.name).filter((t) => t.selects(representative, direction)),
        )
      : [];
  const order = (list: readonly PolicyTarget[], direction: Direction): TierOrder =>
    tierOrder(list, (t) => representative.kind === 'pod' && t.isolates(representative, direction));
  const ingress = selecting('ingress');
  const egress = selecting('egress');
  return {
    index,
    representative,
    members,
    selecting: { ingress, egress },
    tiers: { ingress: order(ingress, 'ingress'), egress: order(egress, 'egress') },
  };
}

const labelKeys = new WeakMap<object, string>();

/** A canonical text for a label map (namespace maps are shared by their pods, so cached). */
function sortedEntries(labels: Readonly<Record<string, string>>): string {
  let key = labelKeys.get(labels);
  if (key === undefined) {
    key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    labelKeys.set(labels, key);
  }
  return key;
}

/** Per pod (cluster objects outlive many analyses, one per edit): its ports as text. */
const podPorts = new WeakMap<object, string>();

function portsOf(pod: PodView['pod']): string {
  let ports = podPorts.get(pod);
  if (ports === undefined) {
    ports = pod.ports
      .map((p) => `${p.name ?? ''}:${p.containerPort}/${p.protocol}`)
      .sort()
      .join(',');
    podPorts.set(pod, ports);
  }
  return ports;
}

function podKey(view: PodView, cidrs: readonly Cidr[]): string {
  // Every address a connection may use (decision 0013) must agree on every CIDR, and the family of the
  // first address (which picks the other end's address) and which families exist must agree too.
  const slots = slotsOf(view);
  let ipBits = `${slots[0]?.ip.family ?? 0}${slots[1] ? 4 : 0}${slots[2] ? 6 : 0}|`;
  for (const address of slots) {
    for (const c of cidrs) ipBits += address && cidrContains(c, address.ip) ? '1' : '0';
    ipBits += '|';
  }
  return `${view.namespace.name}|${sortedEntries(view.namespace.labels)}|${sortedEntries(view.pod.labels)}|${portsOf(view.pod)}|${view.pod.serviceAccount ?? 'default'}|${ipBits}`;
}
