import type { DirectionQuery, PeerTest } from '../model/target.ts';
import { matchAddress, type PeerTrace } from '../match/address.ts';
import { endpointLabels, selectorMatches, selectorMiss } from './endpoint-selector.ts';
import { entitiesOf, entityIncludes, isCiliumEntity } from './entities.ts';
import { matchesFqdnSelector, normalizeDnsName } from './fqdn.ts';
import { matchServicePeer } from './services.ts';

type CiliumPeer = Extract<
  PeerTest,
  {
    kind:
      | 'cilium-endpoints'
      | 'cilium-entities'
      | 'cilium-cidr'
      | 'cilium-fqdn'
      | 'cilium-service'
      | 'unmodelled';
  }
>;

/**
 * Returns whether one Cilium peer field matches the query's other end. Cases:
 * 1. endpoints: the peer's Cilium labels (its own, its namespace's as `io.cilium.k8s.namespace.labels.*`,
 *    the namespace as `io.kubernetes.pod.namespace`, `reserved:<entity>` outside the pod network) satisfy
 *    the scoped selector; without a `reserved:` key a selector selects pods only;
 * 2. entities: the peer belongs to one of them (Cilium's entity table, src/engine/cilium/entities.ts);
 * 3. CIDR: never a pod nor a node address; otherwise the connection's address of the peer (decision 0013)
 *    in the block and in no `except`;
 * 4. toFQDNs: an external destination with a matching DNS name that its lookup passed through a DNS rule;
 * 5. toServices: a pod the selector of a named Service picks (src/engine/cilium/services.ts);
 * 6. fields the engine does not model select nothing.
 */
// https://docs.cilium.io/en/stable/security/policy/language/
export function matchCiliumPeer(test: CiliumPeer, query: DirectionQuery, trace?: PeerTrace): boolean {
  const peer = query.peer;
  switch (test.kind) {
    case 'cilium-endpoints': {
      if (peer.kind === 'external' && !test.reserved) {
        if (trace) trace.miss = { code: 'endpoints-select-pods' };
        return false;
      }
      const labels = endpointLabels(peer);
      if (selectorMatches(test.requirements, labels)) {
        if (trace) trace.hit = { code: 'selector' };
        return true;
      }
      const miss = trace && selectorMiss(test.requirements, labels);
      if (trace && miss) trace.miss = { code: 'endpoint-labels', miss };
      return false;
    }
    case 'cilium-entities': {
      const family = query.peerAddress?.ip.family;
      const hit = test.entities.find((e) => isCiliumEntity(e) && entityIncludes(e, peer, family));
      if (hit !== undefined) {
        if (trace) trace.hit = { code: 'entity', entity: hit };
        return true;
      }
      if (trace)
        trace.miss = { code: 'not-in-entities', entities: test.entities, has: entitiesOf(peer, family) };
      return false;
    }
    case 'cilium-cidr':
      // https://docs.cilium.io/en/stable/security/policy/language/#ip-cidr-based — CIDR rules never select
      // endpoints Cilium manages (pods) nor node addresses (host, remote-node).
      if (peer.kind === 'pod') {
        if (trace) trace.miss = { code: 'cidr-never-pods' };
        return false;
      }
      if (peer.external.entity === 'host' || peer.external.entity === 'remote-node') {
        if (trace) trace.miss = { code: 'cidr-never-nodes', entity: peer.external.entity };
        return false;
      }
      return matchAddress([test.cidr], test.except, query, trace);
    case 'cilium-fqdn':
      return matchFqdn(test, query, trace);
    case 'cilium-service':
      return matchServicePeer(test, query, trace);
    case 'unmodelled':
      if (trace) trace.miss = { code: 'unmodelled', field: test.field };
      return false;
  }
}

// https://docs.cilium.io/en/stable/security/policy/language/#dns-based — toFQDNs selects only addresses the
// DNS proxy saw returned for a matching name.
function matchFqdn(
  test: Extract<PeerTest, { kind: 'cilium-fqdn' }>,
  query: DirectionQuery,
  trace: PeerTrace | undefined,
): boolean {
  const peer = query.peer;
  if (peer.kind === 'pod') {
    if (trace) trace.miss = { code: 'fqdn-not-external' };
    return false;
  }
  const names = peer.external.dnsNames;
  if (names.length === 0) {
    if (trace) trace.miss = { code: 'fqdn-no-names' };
    return false;
  }
  const matching = names.filter((n) => test.selectors.some((s) => matchesFqdnSelector(s, n)));
  if (matching.length === 0) {
    if (trace) trace.miss = { code: 'fqdn-no-match', names };
    return false;
  }
  const observed = new Set(query.observedNames.map(normalizeDnsName));
  const seen = matching.find((n) => observed.has(normalizeDnsName(n)));
  if (seen !== undefined) {
    if (trace) trace.hit = { code: 'fqdn', name: seen };
    return true;
  }
  if (trace) trace.miss = { code: 'fqdn-not-observed', name: matching[0] ?? '' };
  return false;
}
