import type { NetworkPolicyPeerSpec } from '../model/policy.ts';
import type { SourceRange } from '../model/types.ts';
import type { EndpointView, EngineOptions } from '../evaluate/target.ts';
import { cidrContains, parseCidr, parseIp, type Cidr, type Ip } from './ip.ts';
import { compileSelector, selectorMatches, selectorMiss, type Selector } from './label-selector.ts';

/**
 * One compiled peer of a v1 rule. The selector combinations
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors):
 * 1. podSelector only: pods matching it in the policy's own namespace;
 * 2. namespaceSelector only: every pod of the matching namespaces;
 * 3. both in one peer: pods matching podSelector inside namespaces matching namespaceSelector (AND);
 * 4. ipBlock: addresses in `cidr` but not in any `except` (pod IPs only with `ipBlockMatchesPods`).
 * Selector peers never match endpoints outside the pod network.
 */
export type PeerMatcher =
  | {
      readonly kind: 'pods';
      /** `undefined` = the policy's own namespace (case 1). */
      readonly namespaces: Selector | undefined;
      readonly ownNamespace: string;
      /** `undefined` = every pod of the selected namespaces (case 2). */
      readonly pods: Selector | undefined;
      readonly range?: SourceRange;
    }
  | {
      readonly kind: 'ip';
      readonly cidr: Cidr;
      readonly except: readonly Cidr[];
      readonly range?: SourceRange;
    };

/** Compiles a validated NetworkPolicyPeer. */
export function compilePeer(
  spec: NetworkPolicyPeerSpec,
  ownNamespace: string,
  range?: SourceRange,
): PeerMatcher {
  const at = range ? { range } : {};
  if (spec.ipBlock) {
    const cidr = parseCidr(spec.ipBlock.cidr);
    if (!cidr) throw new Error(`invalid CIDR survived validation: ${spec.ipBlock.cidr}`);
    const except = (spec.ipBlock.except ?? []).flatMap((e) => parseCidr(e) ?? []);
    return { kind: 'ip', cidr, except, ...at };
  }
  return {
    kind: 'pods',
    namespaces: spec.namespaceSelector ? compileSelector(spec.namespaceSelector) : undefined,
    ownNamespace,
    pods: spec.podSelector ? compileSelector(spec.podSelector) : undefined,
    ...at,
  };
}

/** Readable form of a peer, e.g. `pods app=web in namespaces team=a` or `ipBlock 10.0.0.0/8 except 10.1.0.0/16`. */
export function peerText(peer: PeerMatcher): string {
  switch (peer.kind) {
    case 'ip':
      return `ipBlock ${peer.cidr.text}${peer.except.length ? ` except ${peer.except.map((c) => c.text).join(', ')}` : ''}`;
    case 'pods': {
      const pods = peer.pods
        ? peer.pods.text === '{}'
          ? 'all pods'
          : `pods \`${peer.pods.text}\``
        : 'all pods';
      const ns = peer.namespaces
        ? peer.namespaces.text === '{}'
          ? 'all namespaces'
          : `namespaces \`${peer.namespaces.text}\``
        : `namespace \`${peer.ownNamespace}\``;
      return `${pods} in ${ns}`;
    }
  }
}

const addresses = new WeakMap<EndpointView, Ip | undefined>();

function addressOf(endpoint: EndpointView, text: string | undefined): Ip | undefined {
  if (addresses.has(endpoint)) return addresses.get(endpoint);
  const ip = text === undefined ? undefined : parseIp(text);
  addresses.set(endpoint, ip);
  return ip;
}

/** Undefined when the peer matches the endpoint; otherwise why not, in words. */
export function peerMiss(
  peer: PeerMatcher,
  endpoint: EndpointView,
  options: EngineOptions,
): string | undefined {
  switch (peer.kind) {
    case 'ip': {
      if (endpoint.kind === 'pod' && !options.ipBlockMatchesPods)
        return `\`${endpoint.id}\` is a pod and ipBlock does not match pod IPs (option ipBlockMatchesPods is off)`;
      const text = endpoint.kind === 'pod' ? endpoint.pod.ips[0] : endpoint.external.ips[0];
      const ip = addressOf(endpoint, text);
      if (!ip) return `\`${endpoint.id}\` has no IP address`;
      if (!cidrContains(peer.cidr, ip)) return `${text ?? ''} is outside ${peer.cidr.text}`;
      const excepted = peer.except.find((c) => cidrContains(c, ip));
      return excepted ? `${text ?? ''} is in the excepted block ${excepted.text}` : undefined;
    }
    case 'pods': {
      if (endpoint.kind !== 'pod')
        return `\`${endpoint.id}\` is outside the pod network; only ipBlock peers match it`;
      const ns = endpoint.namespace;
      if (!peer.namespaces) {
        if (ns.name !== peer.ownNamespace)
          return `\`${endpoint.id}\` is not in namespace \`${peer.ownNamespace}\` (a podSelector alone only selects pods of the policy's namespace)`;
      } else {
        const miss = selectorMiss(peer.namespaces, ns.labels);
        if (miss !== undefined) return `namespace \`${ns.name}\` ${miss}`;
      }
      const podMiss = peer.pods ? selectorMiss(peer.pods, endpoint.pod.labels) : undefined;
      return podMiss === undefined ? undefined : `pod \`${endpoint.id}\` ${podMiss}`;
    }
  }
}

/** Fast check without explanation. */
export function peerMatches(peer: PeerMatcher, endpoint: EndpointView, options: EngineOptions): boolean {
  if (peer.kind === 'ip') return peerMiss(peer, endpoint, options) === undefined;
  if (endpoint.kind !== 'pod') return false;
  const ns = endpoint.namespace;
  if (peer.namespaces ? !selectorMatches(peer.namespaces, ns.labels) : ns.name !== peer.ownNamespace)
    return false;
  return !peer.pods || selectorMatches(peer.pods, endpoint.pod.labels);
}
