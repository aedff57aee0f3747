import type { Policy } from '../model/policy.ts';
import type { SourceRange } from '../model/types.ts';
import type { PolicyKindHandler } from '../model/handler.ts';
import { toFieldPath } from '../cilium/field-path.ts';
import { compileClusterPolicy } from './compile.ts';
import { lintClusterPolicy } from './lint.ts';
import { readClusterPolicy } from './read.ts';
import { validateClusterPolicy } from './validate.ts';

function rangeLookup(policy: Policy): (path: string) => SourceRange | undefined {
  return (path) => policy.source.locate(toFieldPath(path));
}

function compile(policy: Policy) {
  return [compileClusterPolicy(readClusterPolicy(policy.object), policy.ref, rangeLookup(policy))];
}

/** The handler for `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy (tier Admin or Baseline). */
export const clusterNetworkPolicyHandler: PolicyKindHandler = {
  apiVersion: 'policy.networking.k8s.io/v1alpha2',
  kind: 'ClusterNetworkPolicy',
  namespaced: false,
  validate: (doc, sink) => validateClusterPolicy(doc, sink, 'v1alpha2'),
  compile,
  lint: lintClusterPolicy,
};

/** The handler for the older `policy.networking.k8s.io/v1alpha1` AdminNetworkPolicy (admin tier). */
export const adminNetworkPolicyHandler: PolicyKindHandler = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  namespaced: false,
  validate: (doc, sink) => validateClusterPolicy(doc, sink, 'anp'),
  compile,
  lint: lintClusterPolicy,
};

/** The handler for the older `policy.networking.k8s.io/v1alpha1` BaselineAdminNetworkPolicy (baseline tier). */
export const baselineAdminNetworkPolicyHandler: PolicyKindHandler = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  namespaced: false,
  validate: (doc, sink) => validateClusterPolicy(doc, sink, 'banp'),
  compile,
  lint: lintClusterPolicy,
};
