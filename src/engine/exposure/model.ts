import type { Direction, EndpointId, SourceRange } from '../model/types.ts';
import type { PolicyRef, PortProtocol } from '../model/verdict.ts';

/** Why a rule is in the exposure summary. */
export type OpenPeer =
  /** The rule has no `from`/`to`: every peer, inside and outside the cluster. */
  | 'any-peer'
  /** A CIDR of prefix length 0 (`0.0.0.0/0`, `::/0`) or Cilium's `world` / `all` entity. */
  | 'internet'
  /** `namespaceSelector: {}` (or a cluster-wide selector with no namespace constraint): every namespace. */
  | 'all-namespaces';

/** One allow rule that admits a broad set of peers, with where it is written. */
export interface OpenRule {
  readonly policy: PolicyRef;
  readonly direction: Direction;
  /** The rule's field path, `ingress[0]`. */
  readonly rule: string;
  /** The peer's field path, `ingress[0].from[1]`; absent when the rule has no peers. */
  readonly peer?: string;
  readonly reason: OpenPeer;
  /** The peer (or, without peers, the rule) in the policies text. */
  readonly range?: SourceRange;
  /** The file the policy was read from, when it was read from one. */
  readonly file?: string;
}

/** A connection a pod may open to the Kubernetes API server. */
export interface ApiServerConnection {
  readonly from: EndpointId;
  readonly to: EndpointId;
  readonly port: number;
  readonly protocol: PortProtocol['protocol'];
}

/** One line of the exposure summary with what is behind it. */
export type ExposureItem =
  | { readonly kind: 'no-ingress-isolation'; readonly pods: readonly EndpointId[] }
  | { readonly kind: 'no-egress-isolation'; readonly pods: readonly EndpointId[] }
  | { readonly kind: 'admits-internet'; readonly rules: readonly OpenRule[] }
  | { readonly kind: 'admits-all-namespaces'; readonly rules: readonly OpenRule[] }
  | {
      readonly kind: 'reaches-kube-apiserver';
      /** The cluster's external endpoints with entity `kube-apiserver` (empty: the cluster models none). */
      readonly endpoints: readonly EndpointId[];
      readonly connections: readonly ApiServerConnection[];
      /** The sources of `connections`, each once. */
      readonly pods: readonly EndpointId[];
    }
  | {
      readonly kind: 'allowed-pairs';
      readonly port: PortProtocol;
      readonly allowed: number;
      /** Ordered pairs of distinct pods. */
      readonly total: number;
    };

/** The exposure summary of a whole policy set, item by item in a fixed order. */
export interface Exposure {
  readonly items: readonly ExposureItem[];
  /** Pods in the cluster. */
  readonly pods: number;
}
