import type { PolicyKindHandler } from '../parse/registry.ts';
import { validateNetworkPolicy } from '../validate/networkpolicy.ts';
import { lintNetworkPolicyInCluster } from '../lint/networkpolicy-cluster.ts';
import { compileNetworkPolicy } from './compile.ts';

/** The handler for `networking.k8s.io/v1` NetworkPolicy. */
export const networkPolicyKind: PolicyKindHandler = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  namespaced: true,
  validate: validateNetworkPolicy,
  compile: (policy) => [compileNetworkPolicy(policy)],
  lint: lintNetworkPolicyInCluster,
};
