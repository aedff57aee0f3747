import type { DirectionQuery, EndpointView } from '../evaluate/target.ts';
import { cidrContains, parseIp } from '../match/ip.ts';
import { selectorMatches, selectorMiss } from '../match/label-selector.ts';
import { matchesDomainName } from './domain-names.ts';
import type { ClusterPeer, ClusterPort, ClusterSubject } from './model.ts';
import type { PodView } from '../evaluate/target.ts';

/**
 * Peer, port and subject matching for cluster-wide policies. Peer cases:
 * 1. `namespaces`: every pod of a namespace the selector matches (never an external endpoint);
 * 2. `pods`: pods matching `podSelector` in namespaces matching `namespaceSelector`;
 * 3. `networks`: any address inside a CIDR, pods included (the API says cluster traffic is checked too);
 * 4. `nodes`: node addresses (ExternalEndpoints with entity host or remote-node); nodes carry no labels here;
 * 5. `domainNames`: an external destination one of whose DNS names matches (its lookup is the DNS step).
 */

/** Returns why the subject is not selected, or undefined when it is. */
export function subjectMiss(subject: ClusterSubject, pod: PodView): string | undefined {
  const nsMiss = selectorMiss(subject.namespaces, pod.namespace.labels);
  if (nsMiss !== undefined) return `namespace \`${pod.namespace.name}\` ${nsMiss}`;
  if (subject.kind === 'pods') {
    const podMiss = selectorMiss(subject.pods, pod.pod.labels);
    if (podMiss !== undefined) return `\`${pod.id}\` ${podMiss}`;
  }
  return undefined;
}

function ipsOf(endpoint: EndpointView, query: DirectionQuery): readonly string[] {
  if (endpoint.kind === 'pod') return endpoint.pod.ips;
  if (
    query.direction === 'egress' &&
    query.destinationIp !== undefined &&
    endpoint.external.ips.includes(query.destinationIp)
  ) {
    return [query.destinationIp];
  }
  return endpoint.external.ips;
}

/** Returns why the peer does not match the query's other end, or undefined when it does. */
// https://network-policy-api.sigs.k8s.io/reference/spec/#policy.networking.k8s.io/v1alpha2.ClusterNetworkPolicyEgressPeer
export function peerMiss(peer: ClusterPeer, query: DirectionQuery): string | undefined {
  const end = query.peer;
  const who = `\`${end.id}\``;
  switch (peer.kind) {
    case 'namespaces':
      if (end.kind !== 'pod') return `${who} is not a pod, so \`namespaces\` cannot select it`;
      return prefixed(
        `namespace \`${end.namespace.name}\``,
        selectorMiss(peer.namespaces, end.namespace.labels),
      );
    case 'pods': {
      if (end.kind !== 'pod') return `${who} is not a pod, so \`pods\` cannot select it`;
      const ns = selectorMiss(peer.namespaces, end.namespace.labels);
      if (ns !== undefined) return `namespace \`${end.namespace.name}\` ${ns}`;
      return prefixed(who, selectorMiss(peer.pods, end.pod.labels));
    }
    case 'networks': {
      const ips = ipsOf(end, query);
      const hit = ips.some((text) => {
        const ip = parseIp(text);
        return ip !== undefined && peer.cidrs.some((c) => cidrContains(c, ip));
      });
      return hit
        ? undefined
        : `${ips.join(', ') || 'no address'} of ${who} is outside networks [${peer.cidrs.map((c) => c.text).join(', ')}]`;
    }
    case 'nodes':
      if (
        end.kind !== 'external' ||
        (end.external.entity !== 'host' && end.external.entity !== 'remote-node')
      ) {
        return `${who} is not a node`;
      }
      return prefixed(`node ${who}`, selectorMiss(peer.nodes, {}));
    case 'domainNames': {
      if (end.kind !== 'external' || end.external.dnsNames.length === 0) return `${who} has no DNS name`;
      const hit = end.external.dnsNames.some((n) => peer.names.some((d) => matchesDomainName(d, n)));
      return hit
        ? undefined
        : `no DNS name of ${who} (${end.external.dnsNames.join(', ')}) is in domainNames [${peer.names.join(', ')}]`;
    }
    default:
      return assertNeverPeer(peer);
  }
}

/** Returns whether the peer matches the query's other end (the fast path of `peerMiss`). */
export function peerMatches(peer: ClusterPeer, query: DirectionQuery): boolean {
  const end = query.peer;
  switch (peer.kind) {
    case 'namespaces':
      return end.kind === 'pod' && selectorMatches(peer.namespaces, end.namespace.labels);
    case 'pods':
      return (
        end.kind === 'pod' &&
        selectorMatches(peer.namespaces, end.namespace.labels) &&
        selectorMatches(peer.pods, end.pod.labels)
      );
    case 'networks':
    case 'nodes':
    case 'domainNames':
      return peerMiss(peer, query) === undefined;
    default:
      return assertNeverPeer(peer);
  }
}

/** Returns whether the subject is selected (the fast path of `subjectMiss`). */
export function subjectMatches(subject: ClusterSubject, pod: PodView): boolean {
  return (
    selectorMatches(subject.namespaces, pod.namespace.labels) &&
    (subject.kind !== 'pods' || selectorMatches(subject.pods, pod.pod.labels))
  );
}

function prefixed(who: string, miss: string | undefined): string | undefined {
  return miss === undefined ? undefined : `${who} ${miss}`;
}

/** Returns whether a port entry admits the query; named ports resolve on the destination pod. */
export function portMatches(port: ClusterPort, query: DirectionQuery): boolean {
  switch (port.kind) {
    case 'range':
      return port.protocol === query.protocol && query.port >= port.start && query.port <= port.end;
    case 'named': {
      const dest = query.destination;
      if (dest.kind !== 'pod') return false;
      return dest.pod.ports.some(
        (p) => p.name === port.name && p.protocol === query.protocol && p.containerPort === query.port,
      );
    }
    default:
      return assertNeverPort(port);
  }
}

/** Returns a port entry as shown in explanations: `80/TCP`, `8000-8080/UDP`, `named port http`. */
export function portText(port: ClusterPort): string {
  if (port.kind === 'named') return `named port ${port.name}`;
  return `${port.start === port.end ? port.start : `${port.start}-${port.end}`}/${port.protocol}`;
}

function assertNeverPeer(value: never): never {
  throw new Error(`unexpected peer ${JSON.stringify(value)}`);
}

function assertNeverPort(value: never): never {
  throw new Error(`unexpected port ${JSON.stringify(value)}`);
}
