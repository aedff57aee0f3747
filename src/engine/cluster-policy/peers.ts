import type { PodView } from '../model/endpoint.ts';
import type { DirectionQuery, PeerTest } from '../model/target.ts';
import type { SubjectMiss } from '../model/verdict.ts';
import { matchAddress, type PeerTrace } from '../match/address.ts';
import { absentKeys, notInHeld, selectorMatches, selectorMiss } from '../match/label-selector.ts';
import { matchesDomainName } from './domain-names.ts';
import type { ClusterSubject } from './model.ts';

type ClusterPeer = Extract<
  PeerTest,
  { kind: 'cluster-namespaces' | 'cluster-pods' | 'cluster-networks' | 'cluster-nodes' | 'cluster-domains' }
>;

/** Returns whether the subject is selected: pods of matching namespaces, or matching pods of them. */
export function subjectMatches(subject: ClusterSubject, pod: PodView): boolean {
  return (
    selectorMatches(subject.namespaces, pod.namespace.labels) &&
    (subject.kind !== 'pods' || selectorMatches(subject.pods, pod.pod.labels))
  );
}

/** Returns why the subject is not selected (empty when it is). */
export function subjectMisses(subject: ClusterSubject, pod: PodView): SubjectMiss[] {
  const ns = selectorMiss(subject.namespaces, pod.namespace.labels);
  if (ns) return [{ code: 'subject-namespace-labels', namespace: pod.namespace.name, miss: ns }];
  const own = subject.kind === 'pods' ? selectorMiss(subject.pods, pod.pod.labels) : undefined;
  return own ? [{ code: 'subject-labels', path: 'subject.pods.podSelector', miss: own }] : [];
}

/**
 * Returns whether a cluster-wide peer matches the query's other end. Cases:
 * 1. `namespaces`: every pod of a namespace the selector matches (never an external endpoint);
 * 2. `pods`: pods matching `podSelector` in namespaces matching `namespaceSelector`;
 * 3. `networks`: the connection's address of the peer (decision 0013) inside a block, pods included
 *    (the API says cluster traffic is checked too);
 * 4. `nodes`: node addresses (ExternalEndpoints with entity host or remote-node); nodes carry no labels here;
 * 5. `domainNames`: an external destination one of whose DNS names matches (its lookup is the DNS step).
 */
// https://network-policy-api.sigs.k8s.io/reference/spec/#policy.networking.k8s.io/v1alpha2.ClusterNetworkPolicyEgressPeer
export function matchClusterPeer(test: ClusterPeer, query: DirectionQuery, trace?: PeerTrace): boolean {
  const end = query.peer;
  switch (test.kind) {
    case 'cluster-namespaces':
    case 'cluster-pods': {
      if (end.kind !== 'pod') {
        if (trace) trace.miss = { code: 'not-a-pod' };
        return false;
      }
      if (!selectorMatches(test.namespaces, end.namespace.labels)) {
        const miss = trace && selectorMiss(test.namespaces, end.namespace.labels);
        if (trace && miss) trace.miss = { code: 'namespace-labels', namespace: end.namespace.name, miss };
        return false;
      }
      if (test.kind === 'cluster-pods' && !selectorMatches(test.pods, end.pod.labels)) {
        const miss = trace && selectorMiss(test.pods, end.pod.labels);
        if (trace && miss) trace.miss = { code: 'pod-labels', miss };
        return false;
      }
      if (trace) {
        const absent = [
          ...absentKeys(test.namespaces, end.namespace.labels).map((a) => ({
            ...a,
            on: 'namespace' as const,
          })),
          ...(test.kind === 'cluster-pods'
            ? absentKeys(test.pods, end.pod.labels).map((a) => ({ ...a, on: 'pod' as const }))
            : []),
        ];
        const notIn = [
          ...notInHeld(test.namespaces, end.namespace.labels).map((a) => ({
            ...a,
            on: 'namespace' as const,
          })),
          ...(test.kind === 'cluster-pods'
            ? notInHeld(test.pods, end.pod.labels).map((a) => ({ ...a, on: 'pod' as const }))
            : []),
        ];
        trace.hit = {
          code: 'selector',
          ...(absent.length > 0 ? { absent } : {}),
          ...(notIn.length > 0 ? { notIn } : {}),
        };
      }
      return true;
    }
    case 'cluster-networks':
      return matchAddress(test.cidrs, [], query, trace);
    case 'cluster-nodes': {
      const node =
        end.kind === 'external' && (end.external.entity === 'host' || end.external.entity === 'remote-node');
      if (!node || !selectorMatches(test.nodes, {})) {
        if (trace) trace.miss = { code: 'not-a-node' };
        return false;
      }
      if (trace) trace.hit = { code: 'selector' };
      return true;
    }
    case 'cluster-domains': {
      if (end.kind !== 'external' || end.external.dnsNames.length === 0) {
        if (trace) trace.miss = { code: 'domain-no-names' };
        return false;
      }
      const name = end.external.dnsNames.find((n) => test.names.some((d) => matchesDomainName(d, n)));
      if (name === undefined) {
        if (trace) trace.miss = { code: 'domain-no-match', names: end.external.dnsNames };
        return false;
      }
      if (trace) trace.hit = { code: 'domain', name };
      return true;
    }
  }
}
