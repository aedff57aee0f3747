import type { Direction, EndpointId, Flow, Protocol, SourceRange } from './types.ts';

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

/** One reason, in plain words, with the source it refers to. */
export interface Reason {
  /** Plain sentence; may contain `code` in backticks, e.g. "namespace `shop` has no label `team=search`". */
  readonly text: string;
  readonly range?: SourceRange;
}

/**
 * What one policy did to one direction of a flow. The explanation is this list made readable.
 * - `not-selected`: the policy does not select the subject (only listed when relevant).
 * - `match`: a rule (and peer, port) matched; `action` says what it did.
 * - `no-match`: the policy selects the subject in this direction but none of its rules matched.
 */
export type Effect =
  | {
      readonly kind: 'match';
      readonly tier: Tier;
      readonly policy: PolicyRef;
      readonly action: Action;
      /** e.g. `ingress[1]`, `egressDeny[0]`, `ingress[0].from[2]`. */
      readonly rulePath: string;
      readonly range?: SourceRange;
      readonly reasons: readonly Reason[];
    }
  | {
      readonly kind: 'no-match';
      readonly tier: Tier;
      readonly policy: PolicyRef;
      /** Why each rule missed, in rule order. */
      readonly reasons: readonly Reason[];
    }
  | {
      readonly kind: 'not-selected';
      readonly tier: Tier;
      readonly policy: PolicyRef;
      readonly reasons: readonly Reason[];
    };

/** How a direction's answer was reached. */
export type Decision =
  /** No policy selects the subject in this direction. */
  | 'not-isolated'
  /** External endpoints have no policies of their own. */
  | 'not-enforced'
  | 'allowed-by-rule'
  | 'denied-by-rule'
  /** Selected (isolated) but no rule allowed it. */
  | 'default-deny'
  /** A pod talking to itself: never blocked by network policy. */
  | 'loopback'
  /** The flow names an endpoint the cluster does not have. */
  | 'unknown-endpoint';

/** The answer for one direction of a flow. */
export interface DirectionVerdict {
  readonly direction: Direction;
  /** Whose policies apply: the source for egress, the destination for ingress. */
  readonly subject: EndpointId;
  readonly allowed: boolean;
  readonly decision: Decision;
  readonly effects: readonly Effect[];
  /** The chain across tiers, e.g. `[Admin cnp/deny-ns] Pass → [NetworkPolicy x/allow-a] Allow`. */
  readonly chain: string;
}

/** The DNS lookup that precedes a connection to an endpoint with DNS names. */
export interface DnsLookupVerdict {
  readonly name: string;
  /** The resolver pod used (a `k8s-app=kube-dns` pod in kube-system), absent when the cluster has none. */
  readonly resolver?: EndpointId;
  readonly allowed: boolean;
  readonly udp: {
    readonly egress: DirectionVerdict;
    readonly ingress: DirectionVerdict;
    readonly allowed: boolean;
  };
  readonly tcp: {
    readonly egress: DirectionVerdict;
    readonly ingress: DirectionVerdict;
    readonly allowed: boolean;
  };
  /** Cilium toFQDNs: whether a DNS rule let the proxy see the lookup, so FQDN selectors can match. */
  readonly fqdnVisible: boolean;
}

/** The full answer for a flow: a new connection needs the source's egress AND the destination's ingress. */
export interface FlowVerdict {
  readonly flow: Flow;
  readonly allowed: boolean;
  /** Set when the destination has DNS names; if the lookup fails the learner sees "Resolving timed out". */
  readonly dns?: DnsLookupVerdict;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
  /** What the learner would see: `connected`, `resolving timed out` or `connection timed out`. */
  readonly outcome: 'connected' | 'resolving-timed-out' | 'connection-timed-out';
  /** One plain sentence, e.g. "Denied: no ingress rule of data/allow-search matches storefront/frontend". */
  readonly summary: string;
  /** For a flow to a Service: the backing pod evaluated and the target port reached. */
  readonly via?: {
    readonly service: EndpointId;
    readonly backend?: EndpointId;
    readonly targetPort?: number;
  };
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
