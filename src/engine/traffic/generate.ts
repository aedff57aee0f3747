import { stringify } from 'yaml';
import type { EngineOptions, EndpointView, PodView } from '../model/endpoint.ts';
import type { Cluster, ContainerPort, EndpointId, Flow, Labels, Protocol } from '../model/types.ts';
import type { PortProtocol } from '../model/verdict.ts';
import { analyze, type AnalysisHandle } from '../evaluate/analyze.ts';
import type { EndpointUnit } from '../evaluate/units.ts';
import { NAMESPACE_NAME_LABEL } from '../parse/cluster.ts';
import { loadPolicies } from '../parse/policies.ts';
import { coverAddresses } from './cidr-cover.ts';
import type { ObservedConnection, Traffic } from './observe.ts';
import { verifyTraffic, type VerifiedConnection } from './verify.ts';

/**
 * Least-privilege policies from observed traffic (docs/decisions/0121): for every workload seen (outside
 * kube-system), one policy that isolates it both ways and admits exactly the peers it was seen talking
 * to, on the ports and protocols seen; DNS egress to kube-dns when it looked names up. The result is
 * proven by the engine's own evaluator before it is returned.
 */

/** The policy format to write. */
export type GenerateKind = 'networkpolicy' | 'cilium';

export interface GenerateOptions {
  readonly kind: GenerateKind;
  /** Most addresses one rule lists as /32 before they are covered by fewer CIDRs (default 10). */
  readonly maxAddresses?: number;
  /** What the traffic was read from, for the comment header (e.g. file names). */
  readonly source?: string;
  readonly engine?: Partial<EngineOptions>;
}

/** One generated policy and the unit it is for. */
export interface GeneratedPolicy {
  readonly kind: 'NetworkPolicy' | 'CiliumNetworkPolicy';
  readonly name: string;
  readonly namespace: string;
  /** The unit (workload or pod) it selects. */
  readonly subject: EndpointId;
}

/** What the engine found when it evaluated the generated policies. */
export interface GenerationProof {
  /** Every observed connection is allowed by the generated policies. */
  readonly allObservedAllowed: boolean;
  /** Observed connections the generated policies deny (empty when `allObservedAllowed`). */
  readonly denied: readonly VerifiedConnection[];
  /**
   * Unit pairs on the observed ports that were not observed but that the generated policies allow, with
   * at least one end selected by them (what a shared label or a wide CIDR costs). DNS to kube-dns on
   * port 53 of a unit given the DNS rule is part of that rule and not listed.
   */
  readonly extra: readonly Flow[];
  /** The ports the proof covers (those observed). */
  readonly ports: readonly PortProtocol[];
  /** One line: `all 9 observed connections allowed; it also allows 3 unobserved connections`. */
  readonly summary: string;
}

/** Generated policies: YAML (one document per policy, with a comment header), and their proof. */
export interface GeneratedPolicies {
  readonly text: string;
  readonly policies: readonly GeneratedPolicy[];
  readonly proof: GenerationProof;
  /** Remarks also written into the header (units left out, addresses covered by CIDRs). */
  readonly notes: readonly string[];
}

const DEFAULT_MAX_ADDRESSES = 10;
const CILIUM_NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';
/** Labels that differ between pods of one workload, or name a run: never selectors. */
const UNSTABLE_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-uid',
  'job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/job-completion-index',
]);

interface UnitInfo {
  readonly unit: EndpointUnit;
  readonly view: EndpointView;
}

type Yaml = Record<string, unknown>;

/** Returns least-privilege policies for the observed traffic, proven against `cluster` (normally `observed.cluster`). */
export function generatePolicies(
  observed: Traffic,
  cluster: Cluster,
  options: GenerateOptions,
): GeneratedPolicies {
  const base = analyze(cluster, [], options.engine);
  const infoOf = new Map<EndpointId, UnitInfo | undefined>();
  const info = (id: EndpointId): UnitInfo | undefined => {
    if (infoOf.has(id)) return infoOf.get(id);
    const r = base.resolve(id);
    const unit = r?.kind === 'unit' ? r.unit : undefined;
    const view = unit ? base.endpoints[unit.members[0] ?? -1] : undefined;
    const found = unit && view ? { unit, view } : undefined;
    infoOf.set(id, found);
    return found;
  };
  const notes: string[] = [];
  const subjects: EndpointId[] = [];
  const skipped = new Set<string>();
  for (const c of observed.connections)
    for (const id of [c.from, c.to]) {
      const i = info(id);
      if (!i || i.view.kind !== 'pod' || subjects.includes(id)) continue;
      if (i.view.pod.namespace === 'kube-system') {
        skipped.add(id);
        continue;
      }
      subjects.push(id);
    }
  if (skipped.size > 0)
    notes.push(
      `Not generated for kube-system (${[...skipped].join(', ')}): its components serve the whole cluster.`,
    );
  subjects.sort((a, b) => a.localeCompare(b));
  const limit = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  // toFQDNs learns addresses from the lookups Cilium's DNS proxy sees; with no resolver there are none.
  const fqdns = base.resolver !== undefined;
  const docs: { doc: Yaml; policy: GeneratedPolicy; comments: string[] }[] = [];
  const withDns = new Set<EndpointId>();
  for (const id of subjects) {
    const subject = info(id);
    if (!subject || subject.view.kind !== 'pod') continue;
    const built = policyFor(
      subject as UnitInfo & { view: PodView },
      observed,
      info,
      options.kind,
      limit,
      fqdns,
    );
    docs.push(built);
    if (built.dns) withDns.add(id);
    notes.push(...built.comments);
  }
  const body = docs
    .map(({ doc, comments }) =>
      [
        ...comments.map((c) => `# ${c}\n`),
        stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }),
      ].join(''),
    )
    .join('---\n');
  const proof = prove(observed, cluster, body, withDns, options.engine);
  const header = [
    `Least-privilege ${options.kind === 'cilium' ? 'CiliumNetworkPolicies' : 'NetworkPolicies'} generated from observed traffic${options.source ? ` (${options.source})` : ''}:`,
    `${observed.connections.length} connection${observed.connections.length === 1 ? '' : 's'} between ${subjects.length} workload${subjects.length === 1 ? '' : 's'} and their peers; drops and replies not counted.`,
    `Proof: ${proof.summary}.`,
    ...extraLines(proof.extra),
    ...notes.filter((n) => n.startsWith('Not generated')),
  ];
  const text = `${header.map((l) => `# ${l}`).join('\n')}\n${body === '' ? '' : `---\n${body}`}`;
  return { text, policies: docs.map((d) => d.policy), proof, notes };
}

/** The unobserved connections listed in the header (the rest are counted). */
const SHOWN_EXTRA = 20;

function extraLines(extra: readonly Flow[]): string[] {
  if (extra.length === 0) return [];
  const more = extra.length > SHOWN_EXTRA ? ` (the first ${SHOWN_EXTRA})` : '';
  return [
    `Unobserved connections they allow${more}:`,
    ...extra.slice(0, SHOWN_EXTRA).map((f) => `  ${f.from} → ${f.to} ${f.port}/${f.protocol}`),
  ];
}

function selectorLabels(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!UNSTABLE_LABELS.has(k)) out[k] = v;
  return out;
}

function unitLabels(i: UnitInfo): Record<string, string> {
  if (i.view.kind !== 'pod') return {};
  return selectorLabels(i.view.pod.labels);
}

function policyName(unit: EndpointUnit): string {
  const name = `${unit.name}-observed`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  return name.slice(0, 253);
}

function isResolverPod(i: UnitInfo): boolean {
  return (
    i.view.kind === 'pod' &&
    i.view.pod.namespace === 'kube-system' &&
    i.view.pod.labels['k8s-app'] === 'kube-dns'
  );
}

/** The port as a rule should name it: the destination's container port name when it declares one. */
function portName(destination: UnitInfo, port: number, protocol: Protocol): string | undefined {
  if (destination.view.kind !== 'pod') return undefined;
  const ports: readonly ContainerPort[] = destination.view.pod.ports;
  return ports.find((p) => p.containerPort === port && p.protocol === protocol && p.name)?.name;
}

interface PortEntry {
  readonly port: number | string;
  readonly protocol: Protocol;
}

function portsOf(
  conns: readonly ObservedConnection[],
  destination: (c: ObservedConnection) => UnitInfo,
): PortEntry[] {
  const seen = new Map<string, PortEntry>();
  for (const c of [...conns].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))) {
    const name = portName(destination(c), c.port, c.protocol);
    const entry = { port: name ?? c.port, protocol: c.protocol };
    seen.set(`${entry.port}/${entry.protocol}`, entry);
  }
  return [...seen.values()];
}

interface Side {
  /** Pod peers grouped by their port list. */
  readonly pods: Map<string, { ports: PortEntry[]; peers: UnitInfo[] }>;
  /** External peers grouped by their port list. */
  readonly externals: Map<string, { ports: PortEntry[]; peers: UnitInfo[] }>;
}

function group(
  conns: readonly ObservedConnection[],
  peerOf: (c: ObservedConnection) => EndpointId,
  destination: (c: ObservedConnection) => UnitInfo,
  info: (id: EndpointId) => UnitInfo | undefined,
): Side {
  const byPeer = new Map<EndpointId, ObservedConnection[]>();
  for (const c of conns) {
    const list = byPeer.get(peerOf(c)) ?? [];
    list.push(c);
    byPeer.set(peerOf(c), list);
  }
  const side: Side = { pods: new Map(), externals: new Map() };
  for (const [peer, list] of [...byPeer].sort(([a], [b]) => a.localeCompare(b))) {
    const i = info(peer);
    if (!i) continue;
    const ports = portsOf(list, destination);
    const key = ports.map((p) => `${p.port}/${p.protocol}`).join(',');
    const into = i.view.kind === 'pod' ? side.pods : side.externals;
    const at = into.get(key) ?? { ports, peers: [] };
    at.peers.push(i);
    into.set(key, at);
  }
  return side;
}

function policyFor(
  subject: UnitInfo & { view: PodView },
  observed: Traffic,
  info: (id: EndpointId) => UnitInfo | undefined,
  kind: GenerateKind,
  limit: number,
  fqdns: boolean,
): { doc: Yaml; policy: GeneratedPolicy; comments: string[]; dns: boolean } {
  const id = subject.unit.id;
  const namespace = subject.view.pod.namespace;
  const comments: string[] = [];
  // A pod talking to itself is never policed: loopback needs no rule. Two of its pods talking do.
  const policed = observed.connections.filter((c) => c.pods !== 'same-pod');
  const incoming = policed.filter((c) => c.to === id && info(c.from));
  const outgoing = policed.filter((c) => c.from === id && info(c.to));
  const lookupNames = observed.lookups.get(id);
  const namedDestinations = outgoing.flatMap((c) => {
    const i = info(c.to);
    return i?.view.kind === 'external' ? i.view.external.dnsNames : [];
  });
  const needsDns = lookupNames !== undefined || namedDestinations.length > 0;
  const egressConns = needsDns
    ? outgoing.filter((c) => !(c.port === 53 && isResolverPod(info(c.to) as UnitInfo)))
    : outgoing;
  const ingress = group(
    incoming,
    (c) => c.from,
    () => subject,
    info,
  );
  const egress = group(
    egressConns,
    (c) => c.to,
    (c) => info(c.to) as UnitInfo,
    info,
  );
  const name = policyName(subject.unit);
  const selectorOf = unitLabels(subject);
  const cidrs = (peers: readonly UnitInfo[], direction: string): string[] => {
    const addresses = peers.flatMap((p) => (p.view.kind === 'external' ? p.view.external.ips : []));
    const covered = coverAddresses(addresses, limit);
    if (covered.cidrs.length < covered.addresses)
      comments.push(
        `${id}: ${direction} ${covered.addresses} addresses seen, more than ${limit}: covered by ${covered.cidrs.length} CIDRs${covered.extra > 0n ? `, which admit ${covered.extra.toLocaleString('en')} addresses more` : ' (exactly those addresses)'}.`,
      );
    return [...covered.cidrs];
  };
  const dnsNames = [...new Set([...(lookupNames ?? []), ...namedDestinations])].sort();
  if (kind === 'cilium' && !fqdns && namedDestinations.length > 0)
    comments.push(
      `${id}: ${[...new Set(namedDestinations)].sort().join(', ')} written as toCIDR: the cluster has no k8s-app=kube-dns pod in kube-system, so toFQDNs could learn no address.`,
    );
  const doc =
    kind === 'cilium'
      ? ciliumPolicy(
          name,
          namespace,
          selectorOf,
          ingress,
          egress,
          needsDns ? dnsNames : undefined,
          cidrs,
          fqdns,
        )
      : kubernetesPolicy(name, namespace, selectorOf, ingress, egress, needsDns, cidrs);
  return {
    doc,
    policy: {
      kind: kind === 'cilium' ? 'CiliumNetworkPolicy' : 'NetworkPolicy',
      name,
      namespace,
      subject: id,
    },
    comments,
    dns: needsDns,
  };
}

function k8sPorts(ports: readonly PortEntry[]): Yaml[] {
  return ports.map((p) => ({ protocol: p.protocol, port: p.port }));
}

function k8sPodPeer(peer: UnitInfo, namespace: string): Yaml {
  const labels = unitLabels(peer);
  const peerNamespace = peer.view.kind === 'pod' ? peer.view.pod.namespace : namespace;
  return {
    ...(peerNamespace === namespace
      ? {}
      : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peerNamespace } } }),
    podSelector: Object.keys(labels).length > 0 ? { matchLabels: labels } : {},
  };
}

function kubernetesPolicy(
  name: string,
  namespace: string,
  selector: Record<string, string>,
  ingress: Side,
  egress: Side,
  dns: boolean,
  cidrs: (peers: readonly UnitInfo[], direction: string) => string[],
): Yaml {
  const rules = (side: Side, peerKey: 'from' | 'to'): Yaml[] => [
    ...[...side.pods.values()].map((g) => ({
      [peerKey]: g.peers.map((p) => k8sPodPeer(p, namespace)),
      ports: k8sPorts(g.ports),
    })),
    ...[...side.externals.values()].map((g) => ({
      [peerKey]: cidrs(g.peers, peerKey === 'from' ? 'ingress from' : 'egress to').map((cidr) => ({
        ipBlock: { cidr },
      })),
      ports: k8sPorts(g.ports),
    })),
  ];
  const egressRules = rules(egress, 'to');
  if (dns)
    egressRules.unshift({
      to: [
        {
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: {
      podSelector: Object.keys(selector).length > 0 ? { matchLabels: selector } : {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: rules(ingress, 'from'),
      egress: egressRules,
    },
  };
}

function ciliumPorts(ports: readonly PortEntry[]): Yaml[] {
  return [{ ports: ports.map((p) => ({ port: String(p.port), protocol: p.protocol })) }];
}

function ciliumPodPeer(peer: UnitInfo, namespace: string): Yaml {
  const labels = unitLabels(peer);
  const peerNamespace = peer.view.kind === 'pod' ? peer.view.pod.namespace : namespace;
  return {
    matchLabels: {
      ...labels,
      ...(peerNamespace === namespace ? {} : { [CILIUM_NAMESPACE_LABEL]: peerNamespace }),
    },
  };
}

function ciliumPolicy(
  name: string,
  namespace: string,
  selector: Record<string, string>,
  ingress: Side,
  egress: Side,
  dnsNames: readonly string[] | undefined,
  cidrs: (peers: readonly UnitInfo[], direction: string) => string[],
  fqdns: boolean,
): Yaml {
  const externalRules = (side: Side, dir: 'ingress' | 'egress'): Yaml[] => {
    const out: Yaml[] = [];
    for (const g of side.externals.values()) {
      const entities = new Set<string>();
      const names = new Set<string>();
      const addressed: UnitInfo[] = [];
      for (const p of g.peers) {
        if (p.view.kind !== 'external') continue;
        const e = p.view.external;
        if (e.entity !== 'world') entities.add(e.entity);
        else if (dir === 'egress' && fqdns && e.dnsNames.length > 0) e.dnsNames.forEach((n) => names.add(n));
        else addressed.push(p);
      }
      const toPorts = ciliumPorts(g.ports);
      const prefix = dir === 'ingress' ? 'from' : 'to';
      if (entities.size > 0) out.push({ [`${prefix}Entities`]: [...entities].sort(), toPorts });
      if (names.size > 0) out.push({ toFQDNs: [...names].sort().map((n) => ({ matchName: n })), toPorts });
      if (addressed.length > 0)
        out.push({
          [`${prefix}CIDR`]: cidrs(addressed, dir === 'ingress' ? 'ingress from' : 'egress to'),
          toPorts,
        });
    }
    return out;
  };
  const ingressRules: Yaml[] = [
    ...[...ingress.pods.values()].map((g) => ({
      fromEndpoints: g.peers.map((p) => ciliumPodPeer(p, namespace)),
      toPorts: ciliumPorts(g.ports),
    })),
    ...externalRules(ingress, 'ingress'),
  ];
  const egressRules: Yaml[] = [
    ...[...egress.pods.values()].map((g) => ({
      toEndpoints: g.peers.map((p) => ciliumPodPeer(p, namespace)),
      toPorts: ciliumPorts(g.ports),
    })),
    ...externalRules(egress, 'egress'),
  ];
  if (dnsNames)
    egressRules.unshift({
      toEndpoints: [{ matchLabels: { [CILIUM_NAMESPACE_LABEL]: 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
      toPorts: [
        {
          ports: [
            { port: '53', protocol: 'UDP' },
            { port: '53', protocol: 'TCP' },
          ],
          rules: {
            dns: dnsNames.length > 0 ? dnsNames.map((n) => ({ matchName: n })) : [{ matchPattern: '*' }],
          },
        },
      ],
    });
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name, namespace },
    spec: {
      endpointSelector: { matchLabels: selector },
      // An empty rule keeps the direction isolated when nothing was observed (Cilium's default deny).
      ingress: ingressRules.length > 0 ? ingressRules : [{}],
      egress: egressRules.length > 0 ? egressRules : [{}],
    },
  };
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** Evaluates the generated text with the engine: the observed connections, and what else it opens. */
function prove(
  observed: Traffic,
  cluster: Cluster,
  text: string,
  withDns: ReadonlySet<EndpointId>,
  engine: Partial<EngineOptions> | undefined,
): GenerationProof {
  const { policies } = loadPolicies(text);
  const handle = analyze(cluster, policies, engine);
  const verified = verifyTraffic(observed, cluster, handle);
  const ports = observedPorts(observed);
  const extra = unobserved(handle, observed, ports, withDns);
  const denied = verified.denied;
  const allowedPart =
    denied.length === 0
      ? `all ${plural(observed.connections.length, 'observed connection')} allowed`
      : `${plural(denied.length, 'observed connection')} of ${observed.connections.length} DENIED`;
  const extraPart =
    extra.length === 0
      ? 'nothing unobserved allowed on the observed ports'
      : `it also allows ${plural(extra.length, 'unobserved connection')} on the observed ports`;
  return {
    allObservedAllowed: denied.length === 0,
    denied,
    extra,
    ports,
    summary: `${allowedPart}; ${extraPart}`,
  };
}

function observedPorts(observed: Traffic): PortProtocol[] {
  const seen = new Map<string, PortProtocol>();
  for (const c of observed.connections)
    seen.set(`${c.port}/${c.protocol}`, { port: c.port, protocol: c.protocol });
  return [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

function unobserved(
  handle: AnalysisHandle,
  observed: Traffic,
  ports: readonly PortProtocol[],
  withDns: ReadonlySet<EndpointId>,
): Flow[] {
  if (ports.length === 0) return [];
  const seen = new Set(observed.connections.map((c) => `${c.from}|${c.to}|${c.port}|${c.protocol}`));
  const table = handle.unitMatrix(ports);
  const units = table.units;
  // Units a generated policy selects: the subjects, and any other workload that carries their labels.
  const selected = units.map((u) =>
    u.members.some((m) => {
      const cls = handle.classes[handle.classOf[m] ?? -1];
      return cls !== undefined && (cls.selecting.ingress.length > 0 || cls.selecting.egress.length > 0);
    }),
  );
  const out: Flow[] = [];
  const resolverUnit = handle.resolver
    ? handle.units[handle.unitOf[handle.indexOf(handle.resolver.id)] ?? -1]
    : undefined;
  units.forEach((from, a) => {
    units.forEach((to, b) => {
      if (!selected[a] && !selected[b]) return;
      if (from.kind === 'external' && to.kind === 'external') return;
      // A pod talking to itself is never subject to policy.
      if (a === b && from.members.length < 2) return;
      ports.forEach((p, pi) => {
        if (seen.has(`${from.id}|${to.id}|${p.port}|${p.protocol}`)) return;
        if (p.port === 53 && to === resolverUnit && withDns.has(from.id)) return;
        if (table.reach(a, b, pi) === 'denied') return;
        out.push({ from: from.id, to: to.id, port: p.port, protocol: p.protocol });
      });
    });
  });
  return out;
}
