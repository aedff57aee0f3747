import type { Policy } from '../model/policy.ts';
import type { SourceRange } from '../model/types.ts';
import type { PolicyKindHandler } from '../model/handler.ts';
import { compileCiliumPolicy } from './compile.ts';
import { lintCiliumPolicy } from './lint.ts';
import { readCiliumPolicy } from './read.ts';
import { validateCiliumPolicy } from './validate.ts';
import { toFieldPath } from './field-path.ts';

/** Returns a function mapping `spec.x[0]` paths to ranges in the policy's source. */
export function rangeLookup(policy: Policy): (path: string) => SourceRange | undefined {
  return (path) => policy.source.locate(toFieldPath(path));
}

/** The handler for `cilium.io/v2` CiliumNetworkPolicy. */
export const ciliumNetworkPolicyHandler: PolicyKindHandler = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  namespaced: true,
  validate: (doc, sink) => validateCiliumPolicy(doc, sink, false),
  compile: (policy, { cluster }) => [
    compileCiliumPolicy(readCiliumPolicy(policy.object), policy.ref, rangeLookup(policy), cluster.services),
  ],
  lint: lintCiliumPolicy,
};

/** The handler for `cilium.io/v2` CiliumClusterwideNetworkPolicy. */
export const ciliumClusterwideNetworkPolicyHandler: PolicyKindHandler = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumClusterwideNetworkPolicy',
  namespaced: false,
  validate: (doc, sink) => validateCiliumPolicy(doc, sink, true),
  compile: (policy, { cluster }) => [
    compileCiliumPolicy(readCiliumPolicy(policy.object), policy.ref, rangeLookup(policy), cluster.services),
  ],
  lint: lintCiliumPolicy,
};
