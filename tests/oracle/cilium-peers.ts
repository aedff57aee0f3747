/**
 * Cilium peers and subjects for the oracle: the labels Cilium gives an endpoint, endpoint selectors
 * with the namespace scoping of namespaced policies, entities, and CIDR peers (which never select pods,
 * nor host or remote-node addresses).
 * https://docs.cilium.io/en/stable/security/policy/language/
 */
import type { Cluster, Policy } from '../../src/engine/index.ts';
import { namespaceLabels, type DirectionQuery, type Endpoint } from './endpoints.ts';
import { inRange } from './ip.ts';
import { ciliumSelects, selectorKeys, type CiliumLabel, type Selector } from './selector.ts';

type Obj = Readonly<Record<string, unknown>>;

const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
// https://docs.cilium.io/en/stable/security/policy/kubernetes/#serviceaccounts
const SERVICE_ACCOUNT_KEY = 'io.cilium.k8s.policy.serviceaccount';

/** The Cilium labels of an endpoint: a pod's `k8s:` labels, namespace and namespace labels; an external's `reserved:` entity. */
export function ciliumLabels(cluster: Cluster, endpoint: Endpoint): CiliumLabel[] {
  if (endpoint.kind === 'external') return [{ source: 'reserved', key: endpoint.external.entity, value: '' }];
  const pod = endpoint.pod;
  return [
    ...Object.entries(pod.labels).map(([key, value]) => ({ source: 'k8s', key, value })),
    { source: 'k8s', key: NAMESPACE_KEY, value: pod.namespace },
    { source: 'k8s', key: SERVICE_ACCOUNT_KEY, value: pod.serviceAccount ?? 'default' },
    ...Object.entries(namespaceLabels(cluster, pod.namespace)).map(([key, value]) => ({
      source: 'k8s',
      key: `${NAMESPACE_LABELS_PREFIX}${key}`,
      value,
    })),
  ];
}

/** Whether a rule set's endpointSelector selects the subject (namespaced policies: only in their namespace). */
export function selectsSubject(policy: Policy, rules: Obj, query: DirectionQuery): boolean {
  const selector = rules.endpointSelector as Selector | undefined;
  if (!selector) return false;
  const pod = query.subject.pod;
  if (policy.namespace === undefined)
    return ciliumSelects(selector, ciliumLabels(query.cluster, query.subject));
  if (pod.namespace !== policy.namespace) return false;
  // The namespace of a namespaced policy's subject is its own, whatever the selector says.
  const matchLabels = Object.fromEntries(
    Object.entries(selector.matchLabels ?? {}).filter(([k]) => !k.endsWith(NAMESPACE_KEY)),
  );
  return ciliumSelects({ ...selector, matchLabels }, ciliumLabels(query.cluster, query.subject));
}

/** Whether a peer selector (from/toEndpoints) selects the peer, with Cilium's namespace scoping. */
export function endpointSelects(policy: Policy, selector: Selector, query: DirectionQuery): boolean {
  const keys = selectorKeys(selector).filter((k) => k.source === 'k8s' || k.source === 'any');
  const reserved = selectorKeys(selector).some((k) => k.source === 'reserved');
  if (!reserved && !keys.some((k) => k.key === NAMESPACE_KEY)) {
    if (query.peer.kind !== 'pod') return false;
    const namesNamespaceLabels = keys.some((k) => k.key.startsWith(NAMESPACE_LABELS_PREFIX));
    if (
      policy.namespace !== undefined &&
      !namesNamespaceLabels &&
      query.peer.pod.namespace !== policy.namespace
    )
      return false;
  }
  return ciliumSelects(selector, ciliumLabels(query.cluster, query.peer));
}

/** Whether a Cilium entity covers the peer (world-ipv4/ipv6: by the family of the peer's address in the pair). */
export function entityMatches(entity: string, query: DirectionQuery): boolean {
  if (entity === 'all') return true;
  const peer = query.peer;
  if (peer.kind === 'pod') return entity === 'cluster';
  const placed = peer.external.entity;
  switch (entity) {
    case 'cluster':
      return placed !== 'world';
    case 'world-ipv4':
      return placed === 'world' && query.peerAddress?.family === 4;
    case 'world-ipv6':
      return placed === 'world' && query.peerAddress?.family === 6;
    default:
      return placed === entity;
  }
}

/** Whether a CIDR peer (with except) matches: external endpoints other than host and remote-node, by their address in the pair. */
export function cidrMatches(cidr: string, except: readonly string[], query: DirectionQuery): boolean {
  const peer = query.peer;
  if (peer.kind !== 'external' || peer.external.entity === 'host' || peer.external.entity === 'remote-node')
    return false;
  return query.peerAddress !== undefined && inRange(query.peerAddress, cidr, except);
}
