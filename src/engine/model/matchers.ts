/**
 * The compiled forms matchers work on (addresses, CIDR blocks, label selectors, FQDN selectors).
 * They live in `model/` so that policy targets can name them without a folder importing back.
 */

/** A parsed IP address. */
export interface Ip {
  readonly family: 4 | 6;
  readonly value: bigint;
  /** IPv4 only: the address as a number. */
  readonly v4?: number;
}

/** A parsed CIDR block. */
export interface Cidr {
  readonly family: 4 | 6;
  /** Network address with host bits cleared. */
  readonly base: bigint;
  readonly prefix: number;
  /** The text as written. */
  readonly text: string;
  /** IPv4 only: the network address as a number and the block size, for a fast path. */
  readonly v4?: { readonly base: number; readonly size: number };
}

/** One compiled requirement of a Kubernetes label selector. */
export type Requirement =
  | { readonly op: 'In'; readonly key: string; readonly values: ReadonlySet<string> }
  | { readonly op: 'NotIn'; readonly key: string; readonly values: ReadonlySet<string> }
  | { readonly op: 'Exists'; readonly key: string }
  | { readonly op: 'DoesNotExist'; readonly key: string };

/** A compiled Kubernetes label selector: all requirements must hold; none means "everything". */
export interface Selector {
  readonly requirements: readonly Requirement[];
  /** Readable form, e.g. `app=web, tier in (a, b)`, or `{}` when empty. */
  readonly text: string;
}

/** Operators of a label selector requirement. */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One Cilium selector requirement (a `matchLabels` pair is `In [value]`); keys may carry a source prefix. */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/** A Cilium endpoint selector as written: `matchLabels` plus `matchExpressions`. */
export interface EndpointSelectorSpec {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly SelectorRequirement[];
}

/** A Cilium `toFQDNs` / DNS rule entry. */
export type FqdnSelector =
  { readonly kind: 'name'; readonly name: string } | { readonly kind: 'pattern'; readonly pattern: string };
