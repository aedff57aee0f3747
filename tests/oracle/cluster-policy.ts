/**
 * The network-policy-api kinds for the oracle: ClusterNetworkPolicy (v1alpha2, tier Admin or Baseline),
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1). A policy that selects the subject
 * answers with the action of its first matching rule, in the order written.
 * https://network-policy-api.sigs.k8s.io/reference/spec/
 */
import type { Policy, Protocol } from '../../src/engine/index.ts';
import { namedPortMatches, namespaceLabels, type DirectionQuery } from './endpoints.ts';
import { inRange } from './ip.ts';
import { domainNameMatches } from './names.ts';
import { selects, type Selector } from './selector.ts';

type Obj = Readonly<Record<string, unknown>>;

/** What a matching rule does, in tier terms. */
export type ClusterAction = 'allow' | 'deny' | 'pass';

/** Where a cluster-wide policy sits: tier and priority (lower first). */
export interface Placement {
  readonly tier: 'admin' | 'baseline';
  readonly priority: number;
}

/** The tier and priority of a cluster-wide kind, or undefined for the namespaced kinds. */
export function placementOf(policy: Policy): Placement | undefined {
  const spec = (policy.object.spec ?? {}) as Obj;
  const priority = typeof spec.priority === 'number' ? spec.priority : 0;
  switch (policy.kind) {
    case 'ClusterNetworkPolicy':
      return { tier: spec.tier === 'Admin' ? 'admin' : 'baseline', priority };
    case 'AdminNetworkPolicy':
      return { tier: 'admin', priority };
    case 'BaselineAdminNetworkPolicy':
      return { tier: 'baseline', priority };
    default:
      return undefined;
  }
}

interface NamespacedPods {
  readonly namespaceSelector?: Selector;
  readonly podSelector?: Selector;
}

function podIn(selection: NamespacedPods, query: DirectionQuery, which: 'subject' | 'peer'): boolean {
  const endpoint = which === 'subject' ? query.subject : query.peer;
  if (endpoint.kind !== 'pod') return false;
  const pod = endpoint.pod;
  return (
    selects(selection.namespaceSelector ?? {}, namespaceLabels(query.cluster, pod.namespace)) &&
    selects(selection.podSelector ?? {}, pod.labels)
  );
}

function subjectSelected(spec: Obj, query: DirectionQuery): boolean {
  const subject = (spec.subject ?? {}) as { namespaces?: Selector; pods?: NamespacedPods };
  if (subject.namespaces) return podIn({ namespaceSelector: subject.namespaces }, query, 'subject');
  return subject.pods !== undefined && podIn(subject.pods, query, 'subject');
}

function peerMatches(peer: Obj, query: DirectionQuery): boolean {
  if (peer.namespaces) return podIn({ namespaceSelector: peer.namespaces }, query, 'peer');
  if (peer.pods) return podIn(peer.pods, query, 'peer');
  if (peer.networks) {
    const address = query.peerAddress;
    return address !== undefined && (peer.networks as string[]).some((cidr) => inRange(address, cidr));
  }
  if (peer.nodes) {
    const other = query.peer;
    const isNode =
      other.kind === 'external' &&
      (other.external.entity === 'host' || other.external.entity === 'remote-node');
    // Nodes carry no labels in the lab, so the selector is tested against an empty label set.
    return isNode && selects(peer.nodes, {});
  }
  if (peer.domainNames) {
    const other = query.peer;
    return (
      other.kind === 'external' &&
      other.external.dnsNames.some((name) =>
        (peer.domainNames as string[]).some((e) => domainNameMatches(e, name)),
      )
    );
  }
  return false;
}

interface PortNumber {
  readonly number?: number;
  readonly range?: { readonly start: number; readonly end: number };
}

/** ClusterNetworkPolicy `protocols` entry. */
function protocolMatches(entry: Obj, query: DirectionQuery): boolean {
  if (typeof entry.destinationNamedPort === 'string')
    return namedPortMatches(query, entry.destinationNamedPort, undefined);
  const key = query.protocol.toLowerCase();
  if (!(key in entry)) return false;
  const port = ((entry[key] ?? {}) as { destinationPort?: PortNumber }).destinationPort;
  if (!port) return true;
  if (port.range) return query.port >= port.range.start && query.port <= port.range.end;
  return port.number === query.port;
}

/** AdminNetworkPolicy / BaselineAdminNetworkPolicy `ports` entry. */
function anpPortMatches(entry: Obj, query: DirectionQuery): boolean {
  if (typeof entry.namedPort === 'string') return namedPortMatches(query, entry.namedPort, undefined);
  const number = entry.portNumber as { protocol?: Protocol; port: number } | undefined;
  if (number) return (number.protocol ?? 'TCP') === query.protocol && number.port === query.port;
  const range = entry.portRange as { protocol?: Protocol; start: number; end: number } | undefined;
  if (range)
    return (
      (range.protocol ?? 'TCP') === query.protocol && query.port >= range.start && query.port <= range.end
    );
  return false;
}

function ruleMatches(policy: Policy, rule: Obj, query: DirectionQuery): boolean {
  const peers = ((query.direction === 'ingress' ? rule.from : rule.to) ?? []) as Obj[];
  if (!peers.some((peer) => peerMatches(peer, query))) return false;
  if (policy.kind === 'ClusterNetworkPolicy') {
    const protocols = rule.protocols as Obj[] | undefined;
    return !protocols || protocols.some((entry) => protocolMatches(entry, query));
  }
  const ports = rule.ports as Obj[] | undefined;
  return !ports || ports.some((entry) => anpPortMatches(entry, query));
}

function actionOf(written: unknown): ClusterAction {
  if (written === 'Deny') return 'deny';
  if (written === 'Pass') return 'pass';
  return 'allow';
}

/** The action of the first rule of `policy` that matches the direction, when the policy selects the subject. */
export function clusterAction(policy: Policy, query: DirectionQuery): ClusterAction | undefined {
  const spec = (policy.object.spec ?? {}) as Obj;
  if (!subjectSelected(spec, query)) return undefined;
  const rules = ((query.direction === 'ingress' ? spec.ingress : spec.egress) ?? []) as Obj[];
  const hit = rules.find((rule) => ruleMatches(policy, rule, query));
  return hit ? actionOf(hit.action) : undefined;
}
