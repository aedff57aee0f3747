import type { PodView } from '../model/endpoint.ts';
import type { Cidr } from '../model/matchers.ts';
import type { PeerTest, PolicyTarget, TargetRule } from '../model/target.ts';
import type { Direction, EndpointId } from '../model/types.ts';
import type { PortProtocol } from '../model/verdict.ts';
import type { AnalysisHandle } from '../evaluate/analyze.ts';
import type { ApiServerConnection, Exposure, ExposureItem, OpenPeer, OpenRule } from './model.ts';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

// The `kubernetes` Service listens on 443 and the API server itself on 6443 (its default --secure-port):
// https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
const API_SERVER_PORTS: readonly PortProtocol[] = [
  { port: 443, protocol: 'TCP' },
  { port: 6443, protocol: 'TCP' },
];

const everyAddress = (cidr: Cidr): boolean => cidr.prefix === 0;

// Cilium entities: `world` (and its per-family forms) is outside the cluster, `cluster` is every
// endpoint inside it, `all` both. https://docs.cilium.io/en/stable/security/policy/language/#entities-based
const INTERNET_ENTITIES = new Set(['world', 'world-ipv4', 'world-ipv6', 'all']);
const CLUSTER_ENTITIES = new Set(['cluster', 'all']);

/** Whether a Cilium endpoint selector leaves the namespace open (names no namespace it must be in). */
function anyNamespace(peer: Extract<PeerTest, { kind: 'cilium-endpoints' }>): boolean {
  if (peer.reserved) return false;
  return !peer.requirements.some(
    (r) => r.key.endsWith('io.kubernetes.pod.namespace') && (r.operator === 'In' || r.operator === 'NotIn'),
  );
}

/**
 * What a peer opens up. Cases by kind:
 * - v1 `ipBlock` and Cilium `toCIDR`/`toCIDRSet`, cluster `networks`: a /0 block admits the internet;
 * - v1 `namespaceSelector: {}` (with or without a podSelector), cluster `namespaces: {}`, cluster `pods`
 *   with `namespaceSelector: {}`: every namespace;
 * - Cilium entities `world`/`all` (internet) and `cluster`/`all` (every namespace); Cilium endpoint selectors
 *   that name no namespace (only possible cluster-wide or with an explicit namespace expression);
 * - everything else (FQDNs, nodes, domain names, unmodelled fields) is narrower.
 */
function openness(peer: PeerTest): OpenPeer[] {
  switch (peer.kind) {
    case 'v1-ip':
    case 'cilium-cidr':
      return everyAddress(peer.cidr) ? ['internet'] : [];
    case 'cluster-networks':
      return peer.cidrs.some(everyAddress) ? ['internet'] : [];
    case 'v1-pods':
      return peer.namespaces !== undefined && peer.namespaces.requirements.length === 0
        ? ['all-namespaces']
        : [];
    case 'cluster-namespaces':
    case 'cluster-pods':
      return peer.namespaces.requirements.length === 0 ? ['all-namespaces'] : [];
    case 'cilium-entities':
      return [
        ...(peer.entities.some((e) => INTERNET_ENTITIES.has(e)) ? (['internet'] as const) : []),
        ...(peer.entities.some((e) => CLUSTER_ENTITIES.has(e)) ? (['all-namespaces'] as const) : []),
      ];
    case 'cilium-endpoints':
      return anyNamespace(peer) ? ['all-namespaces'] : [];
    case 'cilium-fqdn':
    case 'unmodelled':
    case 'cluster-nodes':
    case 'cluster-domains':
      return [];
    default:
      return assertNever(peer);
  }
}

/** The open peers of one allow rule (a rule without peers admits every peer). */
function openRules(
  target: PolicyTarget,
  direction: Direction,
  rule: TargetRule,
  file: string | undefined,
): OpenRule[] {
  if (rule.action !== 'allow' || rule.never) return [];
  const base = { policy: target.ref, direction, rule: rule.path, ...(file ? { file } : {}) };
  if (rule.peers === undefined) {
    const range = rule.range;
    return [{ ...base, reason: 'any-peer', ...(range ? { range } : {}) }];
  }
  return rule.peers.flatMap((peer) =>
    openness(peer).map((reason): OpenRule => {
      const range = peer.range ?? rule.range;
      return { ...base, peer: peer.path, reason, ...(range ? { range } : {}) };
    }),
  );
}

/** Pods not isolated for a direction by any namespaced policy, and the open rules of every selecting target. */
function scanClasses(analysis: AnalysisHandle): {
  open: Record<Direction, EndpointId[]>;
  rules: OpenRule[];
} {
  const open: Record<Direction, EndpointId[]> = { ingress: [], egress: [] };
  const rules = new Map<string, OpenRule>();
  const files = new Map(analysis.policies.map((p) => [p.ref, p.source.file]));
  for (const cls of analysis.classes) {
    const pod = cls.representative;
    if (pod.kind !== 'pod') continue;
    for (const direction of DIRECTIONS) {
      const selecting = cls.selecting[direction];
      // https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation
      const isolated = selecting.some((t) => t.tier === 'namespaced' && t.isolates(pod, direction));
      if (!isolated) for (const m of cls.members) open[direction].push(analysis.endpoints[m]?.id ?? '');
      for (const target of selecting)
        for (const rule of target.rules(pod, direction))
          for (const found of openRules(target, direction, rule, files.get(target.ref))) {
            const key = `${target.ref.kind}/${target.ref.namespace ?? ''}/${target.ref.name}/${found.peer ?? found.rule}/${found.reason}`;
            if (!rules.has(key)) rules.set(key, found);
          }
    }
  }
  const order = new Map(analysis.endpoints.map((e, i) => [e.id, i]));
  for (const direction of DIRECTIONS)
    open[direction].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const sorted = [...rules.values()].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.range?.start ?? 0) - (b.range?.start ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
  return { open, rules: sorted };
}

/** Connections pods may open to the cluster's kube-apiserver endpoints on 443 or 6443 TCP. */
function apiServerItem(analysis: AnalysisHandle, pods: readonly PodView[]): ExposureItem {
  const servers = analysis.endpoints.filter(
    (e) => e.kind === 'external' && e.external.entity === 'kube-apiserver',
  );
  const connections: ApiServerConnection[] = [];
  if (servers.length > 0) {
    const matrix = analysis.matrix(API_SERVER_PORTS);
    const index = new Map(matrix.endpoints.map((id, i) => [id, i]));
    for (const pod of pods)
      for (const server of servers)
        API_SERVER_PORTS.forEach((p, k) => {
          const from = index.get(pod.id);
          const to = index.get(server.id);
          if (from !== undefined && to !== undefined && matrix.allowed(from, to, k))
            connections.push({ from: pod.id, to: server.id, port: p.port, protocol: p.protocol });
        });
  }
  return {
    kind: 'reaches-kube-apiserver',
    endpoints: servers.map((s) => s.id),
    connections,
    pods: [...new Set(connections.map((c) => c.from))],
  };
}

/** How many ordered pairs of distinct pods may connect on the port. */
function pairsItem(analysis: AnalysisHandle, pods: readonly PodView[], port: PortProtocol): ExposureItem {
  const matrix = analysis.matrix([port]);
  const index = new Map(matrix.endpoints.map((id, i) => [id, i]));
  const rows = pods.map((p) => index.get(p.id) ?? -1).filter((i) => i >= 0);
  let allowed = 0;
  for (const i of rows) for (const j of rows) if (i !== j && matrix.allowed(i, j, 0)) allowed++;
  return {
    kind: 'allowed-pairs',
    port,
    allowed,
    total: rows.length < 2 ? 0 : rows.length * (rows.length - 1),
  };
}

/**
 * Returns the exposure summary of a policy set over a cluster: pods with no ingress / egress isolation,
 * allow rules that admit the internet or every namespace (with where they are written), connections pods
 * may open to kube-apiserver, and how many pod pairs may connect on `port`. Every answer comes from the
 * compiled targets and the analysis's own matrix.
 */
export function summarizeExposure(analysis: AnalysisHandle, port: PortProtocol): Exposure {
  const pods = analysis.endpoints.filter((e): e is PodView => e.kind === 'pod');
  const { open, rules } = scanClasses(analysis);
  const internet = rules.filter((r) => r.reason === 'internet' || r.reason === 'any-peer');
  const namespaces = rules.filter((r) => r.reason === 'all-namespaces' || r.reason === 'any-peer');
  return {
    pods: pods.length,
    items: [
      { kind: 'no-ingress-isolation', pods: open.ingress },
      { kind: 'no-egress-isolation', pods: open.egress },
      { kind: 'admits-internet', rules: internet },
      { kind: 'admits-all-namespaces', rules: namespaces },
      apiServerItem(analysis, pods),
      pairsItem(analysis, pods, { port: port.port, protocol: port.protocol }),
    ],
  };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled peer ${JSON.stringify(value)}`);
}
