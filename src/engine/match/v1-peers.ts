import type { NetworkPolicyPeerSpec } from '../model/policy.ts';
import type { DirectionQuery, PeerTest } from '../model/target.ts';
import { matchAddress, type PeerTrace } from './address.ts';
import { parseCidr } from './ip.ts';
import { absentKeys, compileSelector, notInHeld, selectorMatches, selectorMiss } from './label-selector.ts';

type V1Peer = Extract<PeerTest, { kind: 'v1-pods' | 'v1-ip' }>;

/** Compiles a validated NetworkPolicyPeer at `path` (e.g. `ingress[0].from[1]`). */
export function compileV1Peer(spec: NetworkPolicyPeerSpec, ownNamespace: string, path: string): V1Peer {
  if (spec.ipBlock) {
    const cidr = parseCidr(spec.ipBlock.cidr);
    if (!cidr) throw new Error(`invalid CIDR survived validation: ${spec.ipBlock.cidr}`);
    const except = (spec.ipBlock.except ?? []).flatMap((e) => parseCidr(e) ?? []);
    return { kind: 'v1-ip', path, cidr, except };
  }
  return {
    kind: 'v1-pods',
    path,
    namespaces: spec.namespaceSelector ? compileSelector(spec.namespaceSelector) : undefined,
    ownNamespace,
    pods: spec.podSelector ? compileSelector(spec.podSelector) : undefined,
  };
}

/**
 * Returns whether a v1 peer matches the query's other end. The selector combinations
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors):
 * 1. podSelector only: pods matching it in the policy's own namespace;
 * 2. namespaceSelector only: every pod of the matching namespaces;
 * 3. both in one peer: pods matching podSelector inside namespaces matching namespaceSelector (AND);
 * 4. ipBlock: the connection's address of the peer (decision 0013) in `cidr` and in no `except`,
 *    pod addresses only with `ipBlockMatchesPods` (decision 0003).
 * Selector peers never match endpoints outside the pod network.
 */
export function matchV1Peer(test: V1Peer, query: DirectionQuery, trace?: PeerTrace): boolean {
  const peer = query.peer;
  if (test.kind === 'v1-ip') {
    if (peer.kind === 'pod' && !query.options.ipBlockMatchesPods) {
      if (trace) trace.miss = { code: 'pod-address-not-matched' };
      return false;
    }
    return matchAddress(
      [test.cidr],
      test.except,
      query,
      trace,
      peer.kind === 'pod' ? 'pod-address' : 'address',
    );
  }
  if (peer.kind !== 'pod') {
    if (trace) trace.miss = { code: 'not-a-pod' };
    return false;
  }
  const ns = peer.namespace;
  if (!test.namespaces) {
    if (ns.name !== test.ownNamespace) {
      if (trace) trace.miss = { code: 'not-in-own-namespace', namespace: test.ownNamespace, actual: ns.name };
      return false;
    }
  } else if (!selectorMatches(test.namespaces, ns.labels)) {
    const miss = trace && selectorMiss(test.namespaces, ns.labels);
    if (trace && miss) trace.miss = { code: 'namespace-labels', namespace: ns.name, miss };
    return false;
  }
  if (test.pods && !selectorMatches(test.pods, peer.pod.labels)) {
    const miss = trace && selectorMiss(test.pods, peer.pod.labels);
    if (trace && miss) trace.miss = { code: 'pod-labels', miss };
    return false;
  }
  if (trace) {
    const absent = [
      ...(test.namespaces
        ? absentKeys(test.namespaces, ns.labels).map((a) => ({ ...a, on: 'namespace' as const }))
        : []),
      ...(test.pods ? absentKeys(test.pods, peer.pod.labels).map((a) => ({ ...a, on: 'pod' as const })) : []),
    ];
    const notIn = [
      ...(test.namespaces
        ? notInHeld(test.namespaces, ns.labels).map((a) => ({ ...a, on: 'namespace' as const }))
        : []),
      ...(test.pods ? notInHeld(test.pods, peer.pod.labels).map((a) => ({ ...a, on: 'pod' as const })) : []),
    ];
    trace.hit = {
      code: 'selector',
      ...(absent.length > 0 ? { absent } : {}),
      ...(notIn.length > 0 ? { notIn } : {}),
    };
  }
  return true;
}
