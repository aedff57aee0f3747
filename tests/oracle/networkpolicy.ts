/**
 * NetworkPolicy v1 for the oracle, from the API reference: a policy selects pods of its namespace,
 * isolates them for each of its policyTypes, and allows what any rule of that direction matches.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 */
import type { Policy, Protocol } from '../../src/engine/index.ts';
import { namedPortMatches, namespaceLabels, type DirectionQuery } from './endpoints.ts';
import { inRange } from './ip.ts';
import { selects, type Selector } from './selector.ts';

interface PeerSpec {
  readonly podSelector?: Selector | null;
  readonly namespaceSelector?: Selector | null;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] | null } | null;
}

interface PortSpec {
  readonly protocol?: Protocol | null;
  readonly port?: number | string | null;
  readonly endPort?: number | null;
}

interface RuleSpec {
  readonly from?: readonly PeerSpec[] | null;
  readonly to?: readonly PeerSpec[] | null;
  readonly ports?: readonly PortSpec[] | null;
}

interface NetworkPolicySpec {
  readonly podSelector?: Selector | null;
  readonly policyTypes?: readonly ('Ingress' | 'Egress')[] | null;
  readonly ingress?: readonly RuleSpec[] | null;
  readonly egress?: readonly RuleSpec[] | null;
}

/** What one namespaced-tier policy did to one direction. */
export interface NamespacedEffect {
  /** Selected the subject and isolates it in this direction. */
  readonly isolates: boolean;
  readonly allows: boolean;
  readonly denies: boolean;
  /**
   * Cilium: only allow rules with HTTP rules matched, so the connection opens and each request is judged
   * (for a query with a request: none of those HTTP rules admits it).
   */
  readonly held?: boolean;
}

// The policyTypes in force: as written, else Ingress plus Egress when the policy has egress rules.
function policyTypes(spec: NetworkPolicySpec): readonly ('Ingress' | 'Egress')[] {
  if (spec.policyTypes && spec.policyTypes.length > 0) return spec.policyTypes;
  return (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function peerMatches(policy: Policy, peer: PeerSpec, query: DirectionQuery): boolean {
  if (peer.ipBlock) {
    if (query.peer.kind === 'pod' && !query.ipBlockMatchesPods) return false;
    return (
      query.peerAddress !== undefined &&
      inRange(query.peerAddress, peer.ipBlock.cidr, peer.ipBlock.except ?? [])
    );
  }
  if (query.peer.kind !== 'pod') return false;
  const pod = query.peer.pod;
  const namespaceOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, namespaceLabels(query.cluster, pod.namespace))
    : pod.namespace === policy.namespace;
  return namespaceOk && (!peer.podSelector || selects(peer.podSelector, pod.labels));
}

function portMatches(entry: PortSpec, query: DirectionQuery): boolean {
  const protocol = entry.protocol ?? 'TCP';
  if (protocol !== query.protocol) return false;
  const port = entry.port;
  if (port === undefined || port === null) return true;
  if (typeof port === 'string') return namedPortMatches(query, port, protocol);
  const end = entry.endPort ?? port;
  return query.port >= port && query.port <= end;
}

function ruleMatches(policy: Policy, rule: RuleSpec, query: DirectionQuery): boolean {
  const peers = (query.direction === 'ingress' ? rule.from : rule.to) ?? [];
  const ports = rule.ports ?? [];
  const peerOk = peers.length === 0 || peers.some((peer) => peerMatches(policy, peer, query));
  const portOk = ports.length === 0 || ports.some((entry) => portMatches(entry, query));
  return peerOk && portOk;
}

/** The effect of one NetworkPolicy on one direction of a flow. */
export function networkPolicyEffect(policy: Policy, query: DirectionQuery): NamespacedEffect {
  const spec = (policy.object.spec ?? {}) as NetworkPolicySpec;
  const subject = query.subject.pod;
  const type = query.direction === 'ingress' ? 'Ingress' : 'Egress';
  const applies =
    subject.namespace === policy.namespace &&
    selects(spec.podSelector ?? {}, subject.labels) &&
    policyTypes(spec).includes(type);
  if (!applies) return { isolates: false, allows: false, denies: false };
  const rules = (query.direction === 'ingress' ? spec.ingress : spec.egress) ?? [];
  return { isolates: true, allows: rules.some((rule) => ruleMatches(policy, rule, query)), denies: false };
}
