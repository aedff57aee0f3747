import { stringify } from 'yaml';
import type { PodPair } from '../evaluate/flow.ts';
import { analyze } from '../evaluate/analyze.ts';
import { loadCluster } from '../parse/cluster.ts';
import type { Cluster, Diagnostic, EndpointId, ExternalEndpoint, Flow, Labels } from '../model/types.ts';
import { describeEnd, endKey, externalName, type EndDescriptor } from './ends.ts';
import type { HubbleLog, ObservedEnd, ObservedFlow } from './hubble.ts';

/**
 * Observed traffic as connections between the model's endpoints. Rules (docs/decisions/0120):
 * a reply is not a new connection; the flows of one connection (same addresses, ports and protocol,
 * seen at its source and at its destination, SYN and later packets) count once; a connection any of
 * whose flows was DROPPED was not allowed traffic; AUDIT (policy audit mode) is traffic that would
 * have been dropped, so it counts as needed like FORWARDED.
 */

/** One observed connection class: a pair of units on a port, with how many connections were seen. */
export interface ObservedConnection extends Flow {
  /** Distinct connections seen (address and port tuples). */
  readonly count: number;
  /** Of those, how many were only let through by policy audit mode. */
  readonly audited: number;
  /** The first log line that shows it. */
  readonly line: number;
  readonly file: string | undefined;
  /**
   * For a connection within one unit (`from === to`), whether it was a pod talking to itself (same
   * address: loopback) or two of the workload's pods (`db-0 → db-1`); absent when the flows do not say.
   */
  readonly pods?: PodPair;
}

/** What the flows of one or more logs amount to. */
export interface Traffic {
  /** The cluster the connections name endpoints of: the given one with the outside endpoints seen, or one built from the flows. */
  readonly cluster: Cluster;
  /** When the cluster was built from the flows: its manifests (YAML). */
  readonly clusterText: string | undefined;
  /** Connections that ran (forwarded or audited), not replies, each pair and port once, in first-seen order. */
  readonly connections: readonly ObservedConnection[];
  /** Connections that were dropped (not allowed traffic, not needed). */
  readonly dropped: readonly ObservedConnection[];
  /** Names each source unit looked up (DNS requests seen); a unit that asked kube-dns without a name shown has an empty list. */
  readonly lookups: ReadonlyMap<EndpointId, readonly string[]>;
  /** Flows read, and those left out, by reason. */
  readonly counts: Readonly<
    Record<'flows' | 'replies' | 'icmp' | 'noPort' | 'otherVerdict' | 'unmatched' | 'unsupported', number>
  >;
  /** Warnings: ends that match nothing in the cluster, reserved identities the model has no endpoint for. */
  readonly diagnostics: readonly Diagnostic[];
}

interface Tuple {
  /** Both ends are one pod (same address or pod name); undefined when the flow does not tell. */
  samePod: boolean | undefined;
  from: number;
  to: number;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  needed: boolean;
  dropped: boolean;
  audited: boolean;
  line: number;
  file: string | undefined;
}

/** A log with the file it came from (for diagnostics). */
export interface NamedLog {
  readonly file?: string;
  readonly log: HubbleLog;
}

const RESOLVER_LABEL = 'k8s-app';

/** Returns the connections of the logs, matched to `cluster`'s endpoints, or to endpoints built from the flows. */
export function observeTraffic(logs: readonly NamedLog[], cluster?: Cluster): Traffic {
  const ends: EndDescriptor[] = [];
  const endIndex = new Map<string, number>();
  const tuples = new Map<string, Tuple>();
  const counts = { flows: 0, replies: 0, icmp: 0, noPort: 0, otherVerdict: 0, unmatched: 0, unsupported: 0 };
  const diagnostics: Diagnostic[] = [];
  const unsupported = new Set<string>();
  const lookupsOf = new Map<number, Set<string>>();
  const ipsOf = new Map<number, Set<string>>();
  const portsOf = new Map<number, Map<string, { port: number; protocol: string }>>();
  const byEnd = new Map<ObservedEnd, number | { unsupported: string }>();
  // Ends are shared between flows by the reader; a destination with names is told apart by its names.
  const endOf = (end: ObservedEnd, names: readonly string[]): number | { unsupported: string } => {
    if (names.length > 0) {
      const d = describeEnd(end, names);
      return 'unsupported' in d ? d : intern(d);
    }
    let at = byEnd.get(end);
    if (at === undefined) {
      const d = describeEnd(end, names);
      at = 'unsupported' in d ? d : intern(d);
      byEnd.set(end, at);
    }
    return at;
  };
  const intern = (d: EndDescriptor): number => {
    const key = endKey(d);
    let at = endIndex.get(key);
    if (at === undefined) {
      at = ends.push(d) - 1;
      endIndex.set(key, at);
    } else if (d.kind === 'pod') narrowLabels(ends, at, d.labels);
    if (d.kind === 'external' && d.ip !== undefined) {
      let ips = ipsOf.get(at);
      if (!ips) ipsOf.set(at, (ips = new Set()));
      ips.add(d.ip);
    }
    return at;
  };
  for (const { file, log } of logs)
    for (const flow of log.flows) {
      counts.flows++;
      const skip = skipReason(flow);
      if (skip) {
        counts[skip]++;
        continue;
      }
      const from = endOf(flow.source, []);
      const to = endOf(flow.destination, flow.destinationNames);
      if (typeof from !== 'number' || typeof to !== 'number') {
        counts.unsupported++;
        const what =
          typeof from !== 'number' ? from.unsupported : (to as { unsupported: string }).unsupported;
        if (!unsupported.has(what)) {
          unsupported.add(what);
          diagnostics.push(
            warning(
              file,
              flow.line,
              `flows of the reserved identity ${what} are left out: the model has no endpoint for it`,
            ),
          );
        }
        continue;
      }
      const destination = ends[to];
      const protocol = flow.protocol as Tuple['protocol'];
      const port = flow.destinationPort;
      if (destination && isLookup(flow, destination)) {
        let names = lookupsOf.get(from);
        if (!names) lookupsOf.set(from, (names = new Set()));
        if (flow.dnsQuery) names.add(flow.dnsQuery);
      }
      let ports = portsOf.get(to);
      if (!ports) portsOf.set(to, (ports = new Map<string, { port: number; protocol: string }>()));
      ports.set(`${port}/${protocol}`, { port, protocol });
      const key =
        flow.source.ip && flow.destination.ip
          ? `${flow.source.ip}|${flow.sourcePort}|${flow.destination.ip}|${port}|${protocol}`
          : `#${file ?? ''}#${flow.line}`;
      let tuple = tuples.get(key);
      if (!tuple) {
        tuple = {
          samePod: samePod(flow),
          from,
          to,
          port,
          protocol,
          needed: false,
          dropped: false,
          audited: false,
          line: flow.line,
          file,
        };
        tuples.set(key, tuple);
      }
      if (flow.verdict === 'DROPPED') tuple.dropped = true;
      else tuple.needed = true;
      if (flow.verdict === 'AUDIT') tuple.audited = true;
    }
  const addresses = (i: number): string[] => [...(ipsOf.get(i) ?? [])].sort();
  const built = cluster ? extendCluster(cluster, ends, addresses) : buildCluster(ends, addresses, portsOf);
  const ids = matchEnds(built.cluster, ends, built.externalOf);
  ends.forEach((d, i) => {
    if (ids[i] !== undefined || d.kind !== 'pod') return;
    diagnostics.push(
      warning(
        undefined,
        0,
        `${describe(d)} matches no pod or workload of the cluster: its flows are left out`,
      ),
    );
  });
  const connections = new Map<string, { flow: ObservedConnection; count: number; audited: number }>();
  const dropped = new Map<string, { flow: ObservedConnection; count: number; audited: number }>();
  for (const t of tuples.values()) {
    const from = ids[t.from];
    const to = ids[t.to];
    if (from === undefined || to === undefined) {
      counts.unmatched++;
      continue;
    }
    const into = t.dropped ? dropped : connections;
    // Within one unit, loopback and traffic between two of its pods are different connections.
    const pods: PodPair | undefined =
      from !== to || t.samePod === undefined ? undefined : t.samePod ? 'same-pod' : 'two-pods';
    const key = `${from}|${to}|${t.port}|${t.protocol}|${pods ?? ''}`;
    const known = into.get(key);
    if (known) {
      known.count++;
      if (t.audited) known.audited++;
    } else
      into.set(key, {
        flow: {
          from,
          to,
          port: t.port,
          protocol: t.protocol,
          count: 0,
          audited: 0,
          line: t.line,
          file: t.file,
          ...(pods ? { pods } : {}),
        },
        count: 1,
        audited: t.audited ? 1 : 0,
      });
  }
  const lookups = new Map<EndpointId, string[]>();
  for (const [end, names] of lookupsOf) {
    const id = ids[end];
    if (id !== undefined) lookups.set(id, [...new Set([...(lookups.get(id) ?? []), ...names])].sort());
  }
  const done = (m: typeof connections): ObservedConnection[] =>
    [...m.values()].map((c) => ({ ...c.flow, count: c.count, audited: c.audited }));
  return {
    cluster: built.cluster,
    clusterText: built.text,
    connections: done(connections),
    dropped: done(dropped),
    lookups,
    counts,
    diagnostics,
  };
}

/** Whether a flow's ends are one pod: the same address, else the same pod name; undefined when neither is known. */
function samePod(flow: ObservedFlow): boolean | undefined {
  const { source, destination } = flow;
  if (source.ip !== undefined && destination.ip !== undefined) return source.ip === destination.ip;
  if (source.podName !== undefined && destination.podName !== undefined)
    return source.podName === destination.podName && source.namespace === destination.namespace;
  return undefined;
}

function skipReason(flow: ObservedFlow): 'replies' | 'icmp' | 'noPort' | 'otherVerdict' | undefined {
  if (flow.verdict === 'ERROR' || flow.verdict === 'VERDICT_UNKNOWN') return 'otherVerdict';
  if (flow.isReply) return 'replies';
  if (flow.protocol === 'ICMP') return 'icmp';
  if (flow.protocol === undefined || flow.destinationPort === 0) return 'noPort';
  return undefined;
}

/** A DNS request: an L7 DNS query, or a flow to a kube-dns pod on port 53. */
function isLookup(flow: ObservedFlow, destination: EndDescriptor): boolean {
  if (flow.dnsQuery !== undefined) return true;
  return (
    flow.destinationPort === 53 &&
    destination.kind === 'pod' &&
    destination.namespace === 'kube-system' &&
    destination.labels[RESOLVER_LABEL] === 'kube-dns'
  );
}

/** A workload's labels are those all its pods' flows agree on. */
function narrowLabels(ends: EndDescriptor[], at: number, labels: Labels): void {
  const d = ends[at];
  if (d?.kind !== 'pod') return;
  let changed = false;
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.labels)) {
    if (labels[k] === v) kept[k] = v;
    else changed = true;
  }
  if (changed) ends[at] = { ...d, labels: kept };
}

function describe(d: EndDescriptor): string {
  if (d.kind === 'external') return d.names[0] ?? d.ip ?? d.entity;
  const labels = Object.entries(d.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const name = d.podName ?? (d.workload ? `${d.workload.kind}/${d.workload.name}` : '?');
  return `${d.namespace}/${name}${labels ? ` (${labels})` : ''}`;
}

function warning(file: string | undefined, line: number, message: string): Diagnostic {
  const range = line > 0 ? { range: { line, column: 1, endLine: line, endColumn: 1, start: 0, end: 0 } } : {};
  return {
    code: 'hubble/left-out',
    severity: 'warning',
    message,
    path: '',
    ...range,
    ...(file ? { file } : {}),
  };
}

interface Built {
  readonly cluster: Cluster;
  readonly text: string | undefined;
  /** The external endpoint name each external end became. */
  readonly externalOf: ReadonlyMap<number, string>;
}

/** The given cluster, with an ExternalEndpoint for every outside end that none of its own stands for. */
function extendCluster(
  cluster: Cluster,
  ends: readonly EndDescriptor[],
  addresses: (i: number) => string[],
): Built {
  const externalOf = new Map<number, string>();
  const added: ExternalEndpoint[] = [];
  const taken = new Set(cluster.externals.map((e) => e.name));
  ends.forEach((d, i) => {
    if (d.kind !== 'external') return;
    const ips = addresses(i);
    const found =
      cluster.externals.find((e) => ips.some((ip) => e.ips.includes(ip))) ??
      cluster.externals.find((e) => d.names.some((n) => e.dnsNames.includes(n))) ??
      (d.entity === 'world' ? undefined : cluster.externals.find((e) => e.entity === d.entity));
    if (found) {
      externalOf.set(i, found.name);
      return;
    }
    const external = newExternal(d, ips, taken);
    if (!external) return;
    added.push(external);
    externalOf.set(i, external.name);
  });
  return {
    cluster: added.length > 0 ? { ...cluster, externals: [...cluster.externals, ...added] } : cluster,
    text: undefined,
    externalOf,
  };
}

function newExternal(
  d: EndDescriptor,
  ips: readonly string[],
  taken: Set<string>,
): ExternalEndpoint | undefined {
  if (d.kind !== 'external') return undefined;
  if (ips.length === 0) return undefined;
  const base = externalName(d.entity === 'world' ? (d.names[0] ?? `world-${ips[0] ?? ''}`) : d.entity);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 60)}-${n}`;
  taken.add(name);
  return { name, ips: [...ips], dnsNames: [...d.names], entity: d.entity };
}

/** A cluster made of what the flows show: namespaces, workloads with their labels and served ports, outside endpoints. */
function buildCluster(
  ends: readonly EndDescriptor[],
  addresses: (i: number) => string[],
  portsOf: ReadonlyMap<number, ReadonlyMap<string, { port: number; protocol: string }>>,
): Built {
  const docs: unknown[] = [];
  const namespaces = new Set<string>();
  const externalOf = new Map<number, string>();
  const taken = new Set<string>();
  ends.forEach((d, i) => {
    if (d.kind === 'external') {
      const external = newExternal(d, addresses(i), taken);
      if (!external) return;
      externalOf.set(i, external.name);
      docs.push({
        apiVersion: 'netpol-lab/v1',
        kind: 'ExternalEndpoint',
        metadata: { name: external.name },
        spec: {
          entity: external.entity,
          ips: external.ips,
          ...(external.dnsNames.length > 0 ? { dnsNames: external.dnsNames } : {}),
        },
      });
      return;
    }
    namespaces.add(d.namespace);
    const ports = [...(portsOf.get(i)?.values() ?? [])]
      .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))
      .map((p) => ({ containerPort: p.port, protocol: p.protocol }));
    const podSpec = {
      containers: [{ name: 'main', image: 'observed', ...(ports.length > 0 ? { ports } : {}) }],
    };
    const name = d.workload?.name ?? d.podName;
    if (name === undefined) return;
    const metadata = { name, namespace: d.namespace, labels: d.labels };
    if (!d.workload) docs.push({ apiVersion: 'v1', kind: 'Pod', metadata, spec: podSpec });
    else docs.push(workloadDoc(d.workload.kind, metadata, podSpec));
  });
  const text = [
    ...[...namespaces].sort().map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    ...docs,
  ]
    .map((doc) => stringify(doc, { aliasDuplicateObjects: false }))
    .join('---\n');
  const loaded = loadCluster(text);
  const cluster: Cluster = loaded.ok
    ? loaded.value
    : { namespaces: [], pods: [], workloads: [], services: [], externals: [] };
  return { cluster, text, externalOf };
}

function workloadDoc(
  kind: string,
  metadata: { name: string; namespace: string; labels: Labels },
  podSpec: unknown,
): unknown {
  const template = { metadata: { labels: metadata.labels }, spec: podSpec };
  const selector = { matchLabels: metadata.labels };
  const apiVersion =
    kind === 'CronJob' || kind === 'Job' ? 'batch/v1' : kind === 'ReplicationController' ? 'v1' : 'apps/v1';
  if (kind === 'CronJob')
    return {
      apiVersion,
      kind,
      metadata,
      spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template } } },
    };
  if (kind === 'Job') return { apiVersion, kind, metadata, spec: { template } };
  return { apiVersion, kind, metadata, spec: { selector, template } };
}

/** The unit id each end stands for in `cluster` (undefined: matches nothing). */
function matchEnds(
  cluster: Cluster,
  ends: readonly EndDescriptor[],
  externalOf: ReadonlyMap<number, string>,
): (EndpointId | undefined)[] {
  const handle = analyze(cluster, []);
  const unitId = (id: string): EndpointId | undefined => {
    const r = handle.resolve(id);
    return r?.kind === 'unit' ? r.unit.id : undefined;
  };
  return ends.map((d, i) => {
    if (d.kind === 'external') {
      const name = externalOf.get(i);
      return name === undefined ? undefined : unitId(name);
    }
    if (d.podName !== undefined) {
      const pod = cluster.pods.find(
        (p) => !p.template && p.namespace === d.namespace && p.name === d.podName,
      );
      if (pod) return handle.units[handle.unitOf[handle.indexOf(`${pod.namespace}/${pod.name}`)] ?? -1]?.id;
    }
    if (d.workload) {
      const direct = cluster.workloads.find(
        (w) => w.namespace === d.namespace && w.kind === d.workload?.kind && w.name === d.workload.name,
      );
      if (direct) return unitId(`${direct.namespace}/${direct.kind}/${direct.name}`);
    }
    // By labels: the workload (else stray pod) of the namespace whose labels the pod carries, the most specific first.
    const fits = (labels: Labels): boolean =>
      Object.keys(labels).length > 0 && Object.entries(labels).every(([k, v]) => d.labels[k] === v);
    const workload = cluster.workloads
      .filter((w) => w.namespace === d.namespace && !w.owner && fits(w.labels))
      .sort((a, b) => Object.keys(b.labels).length - Object.keys(a.labels).length)[0];
    if (workload) return unitId(`${workload.namespace}/${workload.kind}/${workload.name}`);
    const pod = cluster.pods.find(
      (p) => !p.template && !p.owner && p.namespace === d.namespace && fits(p.labels),
    );
    return pod ? unitId(`${pod.namespace}/Pod/${pod.name}`) : undefined;
  });
}
