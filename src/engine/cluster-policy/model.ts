import type { Protocol } from '../model/types.ts';
import type { Action, Tier } from '../model/verdict.ts';
import type { Cidr } from '../match/ip.ts';
import type { Selector } from '../match/label-selector.ts';

/** Cluster-wide kinds of the Kubernetes network-policy-api. */
export type ClusterPolicyKind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

/** Whom a cluster-wide policy applies to: pods of selected namespaces, or selected pods of them. */
export type ClusterSubject =
  | { readonly kind: 'namespaces'; readonly namespaces: Selector }
  | { readonly kind: 'pods'; readonly namespaces: Selector; readonly pods: Selector };

/** One peer of a rule (exactly one field set). */
export type ClusterPeer =
  | { readonly kind: 'namespaces'; readonly namespaces: Selector; readonly path: string }
  | { readonly kind: 'pods'; readonly namespaces: Selector; readonly pods: Selector; readonly path: string }
  | { readonly kind: 'networks'; readonly cidrs: readonly Cidr[]; readonly path: string }
  | { readonly kind: 'nodes'; readonly nodes: Selector; readonly path: string }
  | { readonly kind: 'domainNames'; readonly names: readonly string[]; readonly path: string };

/** One destination-port match (`protocols` in v1alpha2, `ports` in v1alpha1). */
export type ClusterPort =
  | { readonly kind: 'range'; readonly protocol: Protocol; readonly start: number; readonly end: number }
  | { readonly kind: 'named'; readonly name: string };

/** One ordered ingress or egress rule. */
export interface ClusterRule {
  /** Field path, e.g. `spec.egress[2]`. */
  readonly path: string;
  readonly name: string | undefined;
  readonly action: Action;
  /** The action as written: Accept, Allow, Deny or Pass. */
  readonly actionText: string;
  readonly peers: readonly ClusterPeer[];
  /** Undefined when the rule does not restrict ports. */
  readonly ports: readonly ClusterPort[] | undefined;
}

/** A ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy, ready to compile. */
export interface ClusterPolicy {
  readonly kind: ClusterPolicyKind;
  readonly name: string;
  readonly tier: Exclude<Tier, 'namespaced'>;
  readonly priority: number;
  readonly subject: ClusterSubject;
  readonly ingress: readonly ClusterRule[];
  readonly egress: readonly ClusterRule[];
}
