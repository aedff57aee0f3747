import type {
  Cidr,
  EndpointSelectorSpec,
  FqdnSelector,
  Ip,
  Selector,
  SelectorRequirement,
} from './matchers.ts';
import type { Direction, EndpointId, HttpRequest, Protocol, SourceRange } from './types.ts';
import type { PortL7 } from './l7.ts';
import type { Action, PolicyRef, SubjectMiss, Tier } from './verdict.ts';
import type { EndpointView, EngineOptions, PodView } from './endpoint.ts';

/**
 * What every policy kind compiles into. A kind only describes who it selects and its rules as
 * peer and port tests; one rule matcher, one target evaluation and one tier combiner (in
 * `evaluate/`) decide for every kind, on the per-flow and the whole-cluster paths alike.
 */

/** The address of the other end that a connection uses (decision 0013), with the slot it came from. */
export interface PeerAddress {
  readonly text: string;
  readonly ip: Ip;
  /** 0: the endpoint's first address, 1: its first IPv4 address, 2: its first IPv6 address. */
  readonly slot: 0 | 1 | 2;
}

/** One direction of one connection, asked of the policies that select its subject. */
export interface DirectionQuery {
  readonly direction: Direction;
  /** Whose policies are asked: the source for egress, the destination for ingress. Always a pod. */
  readonly subject: PodView;
  /** The other end. */
  readonly peer: EndpointView;
  /** The connection's destination (named ports resolve against it). */
  readonly destination: EndpointView;
  /** The peer's address this connection uses, when it has one (the only address CIDR peers test). */
  readonly peerAddress: PeerAddress | undefined;
  /** Class index of the peer in the analysis (-1 when unknown): lets peer tests be cached per class. */
  readonly peerClass: number;
  readonly port: number;
  readonly protocol: Protocol;
  /**
   * DNS names of the destination that the source resolved through a DNS-aware egress rule
   * (Cilium's DNS proxy): Cilium `toFQDNs` may only match these.
   */
  readonly observedNames: readonly string[];
  /**
   * The HTTP request the connection carries, for L7 rules: undefined asks about the connection (a port
   * with HTTP rules then opens with its requests filtered).
   */
  readonly http?: HttpRequest | undefined;
  readonly options: EngineOptions;
}

/**
 * One peer a rule may match. Cases by kind:
 * - NetworkPolicy v1: `v1-pods` (podSelector / namespaceSelector, AND within one peer), `v1-ip` (ipBlock);
 * - Cilium: `cilium-endpoints`, `cilium-entities`, `cilium-cidr`, `cilium-fqdn`, `cilium-service`
 *   (`toServices`), and `unmodelled` fields;
 * - ClusterNetworkPolicy / AdminNetworkPolicy: `cluster-namespaces`, `cluster-pods`, `cluster-networks`,
 *   `cluster-nodes`, `cluster-domains`.
 * `path` is the peer's field path as users read it (`ingress[0].from[1]`).
 */
export type PeerTest = Located &
  (
    | {
        readonly kind: 'v1-pods';
        readonly path: string;
        /** `undefined` = the policy's own namespace (a podSelector alone). */
        readonly namespaces: Selector | undefined;
        readonly ownNamespace: string;
        /** `undefined` = every pod of the selected namespaces. */
        readonly pods: Selector | undefined;
      }
    | { readonly kind: 'v1-ip'; readonly path: string; readonly cidr: Cidr; readonly except: readonly Cidr[] }
    | {
        readonly kind: 'cilium-endpoints';
        readonly path: string;
        readonly selector: EndpointSelectorSpec;
        /** The selector as Cilium applies it (namespace scoping added). */
        readonly requirements: readonly SelectorRequirement[];
        /** Whether the selector names `reserved:` labels (so it selects entities, not only pods). */
        readonly reserved: boolean;
      }
    | { readonly kind: 'cilium-entities'; readonly path: string; readonly entities: readonly string[] }
    | {
        readonly kind: 'cilium-cidr';
        readonly path: string;
        readonly cidr: Cidr;
        readonly except: readonly Cidr[];
      }
    | { readonly kind: 'cilium-fqdn'; readonly path: string; readonly selectors: readonly FqdnSelector[] }
    | {
        readonly kind: 'cilium-service';
        readonly path: string;
        /** The entry in short words, e.g. "k8sService `shop/cart`". */
        readonly text: string;
        /** The Services it names that have a selector: their pods, as Cilium's generated endpoint selector. */
        readonly backends: readonly {
          readonly service: EndpointId;
          readonly requirements: readonly SelectorRequirement[];
        }[];
        /** The Services it names that have no selector (their Endpoints' addresses are not modelled). */
        readonly withoutSelector: readonly EndpointId[];
      }
    | { readonly kind: 'unmodelled'; readonly path: string; readonly field: string }
    | { readonly kind: 'cluster-namespaces'; readonly path: string; readonly namespaces: Selector }
    | {
        readonly kind: 'cluster-pods';
        readonly path: string;
        readonly namespaces: Selector;
        readonly pods: Selector;
      }
    | { readonly kind: 'cluster-networks'; readonly path: string; readonly cidrs: readonly Cidr[] }
    | { readonly kind: 'cluster-nodes'; readonly path: string; readonly nodes: Selector }
    | { readonly kind: 'cluster-domains'; readonly path: string; readonly names: readonly string[] }
  );

/** Where a compiled piece was written, found on first use (most pieces are never explained). */
export interface Located {
  readonly range?: SourceRange;
}

/**
 * One port a rule may match. `protocol` is the flow protocol it admits, or `ANY`; other values (Cilium's
 * ICMP, VRRP, ...) admit none of the flows modelled here.
 */
export type PortTest = Located &
  (
    | { readonly kind: 'any'; readonly protocol: string; readonly path: string }
    | {
        readonly kind: 'range';
        readonly protocol: string;
        readonly start: number;
        readonly end: number;
        readonly path: string;
      }
    /** A container port name, resolved against the destination pod (`match/ports.ts`, the one resolver). */
    | { readonly kind: 'named'; readonly protocol: string; readonly name: string; readonly path: string }
  );

/** Why a rule can match nothing at all, whatever the flow. */
export type NeverMatches = 'empty-cilium-rule' | 'icmp-only';

/** A compiled rule of any kind: it matches when one peer AND one port match. */
export interface TargetRule {
  /** Field path as users read it: `ingress[1]`, `specs[0].egressDeny[0]`. */
  readonly path: string;
  /** The rule's `name`, when the kind has one. */
  readonly name?: string;
  readonly action: Action;
  /** The action as written (`Accept`, `Allow`, `Deny`, `Pass`), for ordered tiers. */
  readonly actionText?: string;
  /** `undefined`: the rule has no peer field and matches every peer. */
  readonly peers: readonly PeerTest[] | undefined;
  /** `undefined`: the rule lists no ports and matches every port and protocol. */
  readonly ports: readonly PortTest[] | undefined;
  /** Set when the rule matches nothing whatever the flow. */
  readonly never?: NeverMatches;
  /** `from` or `to`, the peer list's field name; '' for kinds with several peer fields (Cilium). */
  readonly peerField: string;
  /** Cilium: the L7 rules of the `toPorts` entry each port test comes from (undefined: none), per port test index. */
  readonly l7?: readonly (PortL7 | undefined)[];
  readonly range?: SourceRange;
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
  /** Why it does not select the subject for the direction (empty when it does). */
  whyNotSelected(subject: PodView, direction: Direction): readonly SubjectMiss[];
  /**
   * Whether being selected isolates the subject (default deny for what is not allowed).
   * True for v1; for Cilium false when `enableDefaultDeny` turns it off; ignored outside the namespaced tier.
   */
  isolates(subject: PodView, direction: Direction): boolean;
  /**
   * The rules that apply to a selected subject, in the order they are tried: the first that matches
   * decides (Cilium lists its deny rules first, so a deny wins inside the policy).
   */
  rules(subject: PodView, direction: Direction): readonly TargetRule[];
  /**
   * Every CIDR (including `except` blocks) whose membership of a pod address can change this target's
   * answers. Pods are grouped into classes only when they agree on all of them.
   */
  readonly cidrs: readonly Cidr[];
  /**
   * DNS names that `subject`'s lookups to `resolver` may carry through a DNS-aware rule
   * (Cilium `toPorts[].rules.dns`); `undefined` when the kind has no DNS proxy rules.
   */
  dnsPatterns?(subject: PodView, resolver: PodView, options: EngineOptions): readonly string[] | undefined;
}
