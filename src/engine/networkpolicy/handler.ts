import type { PolicyKindHandler } from '../model/handler.ts';
import { validateNetworkPolicy } from './validate.ts';
import { lintNetworkPolicyInCluster } from './lint.ts';
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
