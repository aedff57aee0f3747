import type { Direction, EndpointId, ExternalEndpoint, Namespace, Pod, Protocol } from '../model/types.ts';
import type { Cidr } from '../match/ip.ts';
import type { Action, Effect, PolicyRef, Tier } from '../model/verdict.ts';

/**
 * The extension point every policy kind compiles into. The combiner (tiers, unions, denies)
 * only sees targets, so NetworkPolicy v1, Cilium and cluster-wide tiers plug in side by side.
 */

/** Codes used by `decideMany`: no match, allow, deny, pass. */
export const ACTION_CODES = { none: 0, allow: 1, deny: 2, pass: 3 } as const;

/** Options that change semantics where network plugins differ. */
export interface EngineOptions {
  /**
   * Whether `ipBlock` / CIDR peers match pod IPs. Plugin-dependent in Kubernetes; the default
   * and its reasons are recorded in docs/decisions/.
   */
  readonly ipBlockMatchesPods: boolean;
}

/** A pod as policies see it: with its namespace's labels. */
export interface PodView {
  readonly kind: 'pod';
  readonly id: EndpointId;
  readonly pod: Pod;
  readonly namespace: Namespace;
}

/** An endpoint outside the pod network. */
export interface ExternalView {
  readonly kind: 'external';
  readonly id: EndpointId;
  readonly external: ExternalEndpoint;
}

/** Either end of a flow. */
export type EndpointView = PodView | ExternalView;

/** One direction of one flow, asked of one policy. */
export interface DirectionQuery {
  readonly direction: Direction;
  /** Whose policies are asked: the source for egress, the destination for ingress. Always a pod. */
  readonly subject: PodView;
  /** The other end. */
  readonly peer: EndpointView;
  /** The flow's destination (named ports resolve against it). */
  readonly destination: EndpointView;
  /** The flow's destination address (an external endpoint's first IP, a pod's first IP), if any. */
  readonly destinationIp?: string;
  readonly port: number;
  readonly protocol: Protocol;
  /**
   * DNS names of the destination that the source resolved through a DNS-aware egress rule
   * (Cilium's DNS proxy). Cilium `toFQDNs` may only match these. ClusterNetworkPolicy
   * `domainNames` do not use them: they match the destination's DNS names directly (the DNS
   * lookup step already stops a flow whose lookup fails).
   */
  readonly observedNames: readonly string[];
  readonly options: EngineOptions;
}

/** A compiled policy of any kind. */
export interface PolicyTarget {
  readonly ref: PolicyRef;
  readonly tier: Tier;
  /** Ordering inside admin and baseline tiers (lower first); 0 in the namespaced tier. */
  readonly priority: number;
  /** When set, the target selects only pods of this namespace (lets grouping skip it elsewhere). */
  readonly subjectNamespace?: string;
  /** Whether this policy selects the subject for the direction (has a section for it). */
  selects(subject: PodView, direction: Direction): boolean;
  /**
   * Whether being selected isolates the subject (default deny for what is not allowed).
   * True for v1; for Cilium false when `enableDefaultDeny` turns it off; ignored outside the namespaced tier.
   */
  isolates(subject: PodView, direction: Direction): boolean;
  /**
   * Matches the query against the rules. Returns a `match` effect (allow, deny or pass, with the
   * rule path) or a `no-match` effect saying why each rule missed. In ordered tiers the first
   * matching rule is returned; in the namespaced tier a deny rule wins over an allow rule.
   */
  evaluate(query: DirectionQuery): Effect;
  /**
   * Optional fast path for whole-cluster results: the action of the effect `evaluate` would
   * return (`undefined` for no match), without building reasons. Must agree with `evaluate`.
   */
  decide?(query: DirectionQuery): Action | undefined;
  /**
   * Optional bulk form of `decide` for whole-cluster results: one action code per peer
   * (`ACTION_CODES`), for `subject` in `direction`, the peers being the flow's other ends.
   * `peers` is the same array for every call of one analysis, so per-peer work can be cached on it.
   * Must agree with `evaluate` (peers that are external endpoints with DNS names are re-checked
   * one by one by the caller, so FQDN selectors may ignore them here).
   */
  decideMany?(
    direction: Direction,
    subject: PodView,
    peers: readonly EndpointView[],
    port: number,
    protocol: Protocol,
    options: EngineOptions,
    /** A buffer of at least `peers.length` the answer may be written into (its contents are not kept). */
    into?: Uint8Array,
  ): Uint8Array;
  /**
   * Every CIDR (including `except` blocks) whose membership of a pod IP can change this target's
   * answers. Pods are grouped into equivalence classes only when they agree on all of them.
   */
  readonly cidrs?: readonly Cidr[];
  /**
   * DNS names that `subject`'s lookups to `resolver` may carry through a DNS-aware rule
   * (Cilium `toPorts[].rules.dns`); `undefined` when the kind has no DNS proxy rules.
   */
  dnsPatterns?(subject: PodView, resolver: PodView): readonly string[] | undefined;
}
