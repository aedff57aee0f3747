import type { LabelSelectorSpec } from './endpoint-selector.ts';
import type { FqdnSelector } from './fqdn.ts';
import type { CiliumPortRule } from './ports.ts';

/** The two Cilium policy kinds (`cilium.io/v2`). */
export type CiliumKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';

/** A `fromCIDRSet` / `toCIDRSet` entry (a plain `fromCIDR` string is one with no `except`). */
export interface CidrPeer {
  readonly cidr: string;
  readonly except: readonly string[];
  /** Field path, e.g. `spec.egress[0].toCIDRSet[1]`. */
  readonly path: string;
}

/** Peer fields Cilium knows that this engine does not model (they select nothing here). */
export type UnmodelledPeerField =
  'fromRequires' | 'toRequires' | 'fromGroups' | 'toGroups' | 'fromNodes' | 'toNodes' | 'cidrGroupRef';

/** A `toServices` entry: a Service by name (`k8sService`) or Services by their labels (`k8sServiceSelector`). */
export type CiliumServiceRef = {
  /** Field path, e.g. `spec.egress[0].toServices[1]`. */
  readonly path: string;
  /** Empty or absent: Services of every namespace (Cilium compares only when it is set). */
  readonly namespace: string | undefined;
} & (
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'labels'; readonly selector: LabelSelectorSpec }
);

/** One rule of an `ingress`, `ingressDeny`, `egress` or `egressDeny` section. */
export interface CiliumRule {
  /** Field path, e.g. `spec.egress[0]` or `specs[1].ingressDeny[0]`. */
  readonly path: string;
  /** `fromEndpoints` / `toEndpoints`, undefined when absent or empty. */
  readonly endpoints: readonly LabelSelectorSpec[] | undefined;
  /** `fromEntities` / `toEntities`. */
  readonly entities: readonly string[] | undefined;
  /** `fromCIDR` + `fromCIDRSet` (or the `to` forms). */
  readonly cidrs: readonly CidrPeer[] | undefined;
  /** `toFQDNs` (egress only). */
  readonly fqdns: readonly FqdnSelector[] | undefined;
  /** `toServices` (egress only). */
  readonly services: readonly CiliumServiceRef[] | undefined;
  /** Peer fields present that are not modelled. */
  readonly unmodelled: readonly UnmodelledPeerField[];
  /** `toPorts`, undefined when absent or empty. */
  readonly toPorts: readonly CiliumPortRule[] | undefined;
  /** Whether `icmps` is present (ICMP is not a flow protocol here, so it admits none of our flows). */
  readonly icmps: boolean;
}

/** One rule object of a policy: the `spec`, or one entry of `specs`. */
export interface CiliumSpec {
  /** `spec` or `specs[N]`. */
  readonly path: string;
  /** Undefined for a host policy (`nodeSelector`), which selects no pod. */
  readonly endpointSelector: LabelSelectorSpec | undefined;
  readonly ingress: readonly CiliumRule[];
  readonly ingressDeny: readonly CiliumRule[];
  readonly egress: readonly CiliumRule[];
  readonly egressDeny: readonly CiliumRule[];
  /** `enableDefaultDeny`; undefined means the default (true when the direction has rules). */
  readonly enableDefaultDeny: { readonly ingress: boolean | undefined; readonly egress: boolean | undefined };
}

/** A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy, ready to compile. */
export interface CiliumPolicy {
  readonly kind: CiliumKind;
  readonly name: string;
  /** Undefined for the clusterwide kind. */
  readonly namespace: string | undefined;
  readonly specs: readonly CiliumSpec[];
}
