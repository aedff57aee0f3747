import type { SourceDoc } from './source.ts';
import type { PolicyKind, PolicyRef } from './verdict.ts';

/** A valid policy object as loaded from a manifest, any kind. Compiled into targets by its kind's handler. */
export interface Policy {
  readonly apiVersion: string;
  readonly kind: PolicyKind;
  readonly name: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly ref: PolicyRef;
  /** The object as written (validated; defaults are applied by the compiler, not here). */
  readonly object: Readonly<Record<string, unknown>>;
  /** Where it came from, to point explanations back at source lines. */
  readonly source: SourceDoc;
}

/** `metav1.LabelSelector` as written. */
export interface LabelSelectorSpec {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirementSpec[] | null;
}

/** One `matchExpressions` item. */
export interface LabelSelectorRequirementSpec {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[] | null;
}

/** `networking.k8s.io/v1` NetworkPolicyPeer as written. */
export interface NetworkPolicyPeerSpec {
  readonly podSelector?: LabelSelectorSpec | null;
  readonly namespaceSelector?: LabelSelectorSpec | null;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] | null } | null;
}

/** `networking.k8s.io/v1` NetworkPolicyPort as written. */
export interface NetworkPolicyPortSpec {
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP' | null;
  readonly port?: number | string | null;
  readonly endPort?: number | null;
}

/** An ingress or egress rule as written (`from` for ingress, `to` for egress). */
export interface NetworkPolicyRuleSpec {
  readonly from?: readonly NetworkPolicyPeerSpec[] | null;
  readonly to?: readonly NetworkPolicyPeerSpec[] | null;
  readonly ports?: readonly NetworkPolicyPortSpec[] | null;
}

/** `networking.k8s.io/v1` NetworkPolicySpec as written. */
export interface NetworkPolicySpec {
  readonly podSelector?: LabelSelectorSpec | null;
  readonly policyTypes?: readonly ('Ingress' | 'Egress')[] | null;
  readonly ingress?: readonly NetworkPolicyRuleSpec[] | null;
  readonly egress?: readonly NetworkPolicyRuleSpec[] | null;
}
