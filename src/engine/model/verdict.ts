import type { SelectorOperator } from './matchers.ts';
import type { NeverMatches, TargetRule } from './target.ts';
import type { HttpFilter, HttpMiss, L7Result } from './l7.ts';
import type { Direction, EndpointId, Flow, Protocol, SourceRange } from './types.ts';

/**
 * Verdicts are data: what each policy did, as codes with parameters. `explain/` words them. Reasons name
 * the ends of a flow by role (the subject and the peer of a direction), never by id, so the verdict of one
 * class pair holds for every member of those classes.
 */

/** Policy families the engine evaluates. */
export type PolicyKind =
  | 'NetworkPolicy'
  | 'CiliumNetworkPolicy'
  | 'CiliumClusterwideNetworkPolicy'
  | 'ClusterNetworkPolicy'
  | 'AdminNetworkPolicy'
  | 'BaselineAdminNetworkPolicy';

/**
 * Evaluation order: `admin` (ClusterNetworkPolicy tier Admin, AdminNetworkPolicy),
 * then `namespaced` (NetworkPolicy v1 and Cilium policies, which union),
 * then `baseline` (ClusterNetworkPolicy tier Baseline, BaselineAdminNetworkPolicy), then the default allow.
 */
export type Tier = 'admin' | 'namespaced' | 'baseline';

/** What a matching rule does. */
export type Action = 'allow' | 'deny' | 'pass';

/** Points at one policy object in the policies text. */
export interface PolicyRef {
  readonly kind: PolicyKind;
  readonly name: string;
  readonly namespace?: string;
  /** Range of the whole policy document in the policies text. */
  readonly range?: SourceRange;
}

/** The first requirement of a label selector that failed, and what the labels had for its key. */
export interface SelectorMiss {
  /** The key as written (Cilium keys may carry a source, e.g. `k8s:app`). */
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
  /** The labels' value for the key; undefined when they have no such label. */
  readonly actual: string | undefined;
}

/** A NotIn or DoesNotExist requirement that held because the labels have no such key. */
export interface AbsentLabel {
  /** Whose labels: the peer pod's or its namespace's. */
  readonly on: 'pod' | 'namespace';
  readonly key: string;
  readonly operator: 'NotIn' | 'DoesNotExist';
}

/** A NotIn requirement that held because the label's value is not one of those listed. */
export interface NotInLabel {
  /** Whose labels: the peer pod's or its namespace's. */
  readonly on: 'pod' | 'namespace';
  readonly key: string;
  readonly values: readonly string[];
  readonly actual: string;
}

/** Why one peer of a rule did not match the other end of the flow. */
export type PeerMiss =
  /** Selector peers (v1 pod/namespace selectors, cluster `namespaces`/`pods`) select pods only. */
  | { readonly code: 'not-a-pod' }
  /** A v1 podSelector alone selects pods of the policy's own namespace. */
  | { readonly code: 'not-in-own-namespace'; readonly namespace: string; readonly actual: string }
  | { readonly code: 'namespace-labels'; readonly namespace: string; readonly miss: SelectorMiss }
  | { readonly code: 'pod-labels'; readonly miss: SelectorMiss }
  /** Cilium endpoint selectors (labels with sources, namespace as a label). */
  | { readonly code: 'endpoint-labels'; readonly miss: SelectorMiss }
  /** Cilium `fromEndpoints`/`toEndpoints` without `reserved:` keys select only pods. */
  | { readonly code: 'endpoints-select-pods' }
  /** ipBlock with option `ipBlockMatchesPods` off. */
  | { readonly code: 'pod-address-not-matched' }
  | { readonly code: 'no-address' }
  | { readonly code: 'outside-cidr'; readonly cidrs: readonly string[] }
  | { readonly code: 'excepted'; readonly cidr: string; readonly except: string }
  /** Cilium CIDR rules never select pods, nor node addresses. */
  | { readonly code: 'cidr-never-pods' }
  | { readonly code: 'cidr-never-nodes'; readonly entity: string }
  | {
      readonly code: 'not-in-entities';
      readonly entities: readonly string[];
      readonly has: readonly string[];
    }
  | { readonly code: 'fqdn-not-external' }
  | { readonly code: 'fqdn-no-names' }
  | { readonly code: 'fqdn-no-match'; readonly names: readonly string[] }
  /** The name matches, but the lookup never passed a DNS rule, so Cilium never learned the address. */
  | { readonly code: 'fqdn-not-observed'; readonly name: string }
  | { readonly code: 'unmodelled'; readonly field: string }
  /** `toServices` names no Service of the cluster. */
  | { readonly code: 'service-none' }
  /** The other end is no pod behind the Services named (`withoutSelector`: Services whose Endpoints are not modelled). */
  | {
      readonly code: 'service-backends';
      readonly services: readonly string[];
      readonly withoutSelector: readonly string[];
    }
  | { readonly code: 'not-a-node' }
  | { readonly code: 'domain-no-names' }
  | { readonly code: 'domain-no-match'; readonly names: readonly string[] };

/** What a matching peer matched on, when more than "its selector" is worth saying. */
export type PeerHit =
  /**
   * `absent`: requirements (NotIn, DoesNotExist) that held only because the labels lack their key;
   * `notIn`: NotIn requirements that held because the value is not listed.
   */
  | {
      readonly code: 'selector';
      readonly absent?: readonly AbsentLabel[];
      readonly notIn?: readonly NotInLabel[];
    }
  /** A CIDR peer matched the connection's address of the other end. */
  | { readonly code: 'address'; readonly cidr: string }
  /** ipBlock matched a pod address (plugin-dependent, option `ipBlockMatchesPods`). */
  | { readonly code: 'pod-address'; readonly cidr: string }
  | { readonly code: 'entity'; readonly entity: string }
  | { readonly code: 'fqdn'; readonly name: string }
  /** `toServices`: a pod the named Service's selector picks. */
  | { readonly code: 'service'; readonly service: string }
  | { readonly code: 'domain'; readonly name: string };

/** Why one rule did not match. */
export type RuleMiss =
  | { readonly code: 'never'; readonly never: NeverMatches }
  /** No peer matched: one miss per peer test, in order. */
  | { readonly code: 'peer'; readonly misses: readonly PeerMiss[] }
  /** The peer matched but the port did not; `named` when a named port was resolved against the destination. */
  | { readonly code: 'port'; readonly named: boolean }
  /** Peer and port matched, but none of the port's HTTP rules admits the request (one miss per HTTP rule). */
  | {
      readonly code: 'http';
      readonly port: number;
      readonly filter: HttpFilter;
      readonly misses: readonly HttpMiss[];
    };

/** A rule that was tried and missed. */
export interface RuleTried {
  readonly rule: TargetRule;
  readonly miss: RuleMiss;
}

/** Why a policy does not select the subject for a direction. */
export type SubjectMiss =
  /** The policy has no section (rules or policyType) for the direction. */
  | { readonly code: 'no-section' }
  | { readonly code: 'other-namespace'; readonly namespace: string }
  | { readonly code: 'subject-labels'; readonly path: string; readonly miss: SelectorMiss }
  | { readonly code: 'subject-namespace-labels'; readonly namespace: string; readonly miss: SelectorMiss }
  /** A Cilium host policy (`nodeSelector`) selects nodes, not pods. */
  | { readonly code: 'host-policy'; readonly path: string };

/**
 * What one policy did to one direction of a flow. The explanation is this list made readable.
 * - `match`: a rule matched (`peer`/`port` index its tests, -1 = the rule has none); `tried` lists
 *   the rules tried before it.
 * - `no-match`: the policy selects the subject but none of its rules matched.
 * - `not-selected`: the policy does not select the subject (listed when no policy does).
 */
export type Effect =
  | {
      readonly kind: 'match';
      readonly tier: Tier;
      readonly policy: PolicyRef;
      readonly action: Action;
      readonly rule: TargetRule;
      readonly peer: number;
      readonly port: number;
      readonly hit: PeerHit | undefined;
      readonly tried: readonly RuleTried[];
      /** Whether the policy isolates the subject in this direction (namespaced tier). */
      readonly isolates: boolean;
      /** Set when the matched port has HTTP rules: the request they admitted, or the filter the connection opens with. */
      readonly l7?: L7Result;
    }
  | {
      readonly kind: 'no-match';
      readonly tier: Tier;
      readonly policy: PolicyRef;
      readonly tried: readonly RuleTried[];
      readonly isolates: boolean;
    }
  | {
      readonly kind: 'not-selected';
      readonly tier: Tier;
      readonly policy: PolicyRef;
      readonly why: readonly SubjectMiss[];
    };

/** How a direction's answer was reached. */
export type Decision =
  /** No policy selects the subject in this direction: allowed. */
  | 'not-selected'
  /** Policies select the subject, but no tier decided and none isolates it: allowed by default. */
  | 'no-tier-decided'
  /** External endpoints have no policies of their own. */
  | 'not-enforced'
  | 'allowed-by-rule'
  /** The connection is allowed only by rules with HTTP rules: it opens, and each request is filtered by them. */
  | 'requests-filtered'
  /** The connection is allowed only by rules with HTTP rules, and none admits the flow's request (HTTP 403). */
  | 'request-denied'
  | 'denied-by-rule'
  /** Selected (isolated) but no rule allowed it. */
  | 'default-deny'
  /** A pod talking to itself: never blocked by network policy. */
  | 'loopback'
  /** The flow names an endpoint the cluster does not have, or a Service that leads nowhere. */
  | 'unknown-endpoint';

/** The answer for one direction of a flow (the subject is the source for egress, the destination for ingress). */
export interface DirectionVerdict {
  readonly direction: Direction;
  readonly allowed: boolean;
  readonly decision: Decision;
  /** The policies consulted, in the order the tiers consulted them. */
  readonly effects: readonly Effect[];
  /** Index in `effects` of the effect that decided (-1 when none did). */
  readonly decidedBy: number;
  /** When no policy selects the subject: policies of its namespace that came close, and why they miss. */
  readonly unselected: readonly Effect[];
  /** Policies that select the subject but were not consulted, because an earlier tier decided. */
  readonly notConsulted?: readonly { readonly tier: Tier; readonly policy: PolicyRef }[];
}

/** The DNS lookup that precedes a connection to an endpoint with DNS names. */
export interface DnsLookupVerdict {
  readonly name: string;
  /** The resolver pod used (a `k8s-app=kube-dns` pod in kube-system), absent when the cluster has none. */
  readonly resolver?: EndpointId;
  readonly allowed: boolean;
  readonly udp: DnsStep;
  readonly tcp: DnsStep;
  /** Cilium toFQDNs: whether a DNS rule let the proxy see the lookup, so FQDN selectors can match. */
  readonly fqdnVisible: boolean;
}

/** One transport of the lookup: the source's egress to the resolver and the resolver's ingress. */
export interface DnsStep {
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
  readonly allowed: boolean;
}

/** Which of an endpoint's addresses a connection uses, and why that one (decision 0013). */
export interface AddressUse {
  readonly text: string;
  /** `only`: its one address; `first`: the first of several; `first-ipv4`/`first-ipv6`: picked by family. */
  readonly choice: 'only' | 'first' | 'first-ipv4' | 'first-ipv6';
}

/** The addresses a connection uses; `lookup` for its DNS lookup to the resolver. */
export interface FlowAddresses {
  readonly source?: AddressUse;
  readonly destination?: AddressUse;
  readonly lookup?: { readonly source?: AddressUse; readonly destination?: AddressUse };
}

/** A flow that cannot be evaluated as asked, and why. */
export type FlowProblem =
  | { readonly code: 'unknown-endpoint'; readonly id: EndpointId }
  | { readonly code: 'service-no-port'; readonly service: EndpointId }
  | { readonly code: 'service-no-backends'; readonly service: EndpointId }
  | { readonly code: 'service-no-named-port'; readonly service: EndpointId; readonly name: string };

/** What the learner would see for a flow. */
export type FlowOutcome =
  'connected' | 'requests-filtered' | 'request-denied' | 'resolving-timed-out' | 'connection-timed-out';

/** The full answer for a flow: a new connection needs the source's egress AND the destination's ingress. */
export interface FlowVerdict {
  readonly flow: Flow;
  readonly allowed: boolean;
  /** Set when the destination has DNS names; if the lookup fails the learner sees "Resolving timed out". */
  readonly dns?: DnsLookupVerdict;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
  /**
   * What the learner would see: `requests-filtered` when the connection opens but L7 rules judge each
   * request (a flow without `http`); `request-denied` when they reject the flow's request (the proxy
   * answers HTTP 403 on an open connection).
   */
  readonly outcome: FlowOutcome;
  /** The addresses the connection uses (absent for an end without one), and those of the DNS lookup. */
  readonly addresses: FlowAddresses;
  /** For a flow to a Service: the backing pod evaluated and the target port reached. */
  readonly via?: {
    readonly service: EndpointId;
    readonly backend?: EndpointId;
    readonly targetPort?: number;
  };
  /** Set when the flow could not be evaluated as asked. */
  readonly problem?: FlowProblem;
  /** When an end names a workload: the pods the verdict shown was evaluated for. */
  readonly members?: { readonly source: EndpointId; readonly destination?: EndpointId };
}

/** A port to evaluate the whole cluster on. */
export interface PortProtocol {
  readonly port: number;
  readonly protocol: Protocol;
}

/** A flow whose verdict changed between two results. */
export interface FlowChange {
  readonly flow: Flow;
  readonly before: boolean;
  readonly after: boolean;
}
