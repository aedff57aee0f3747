import type { Diagnostic, Protocol } from '../model/types.ts';
import { handlerOf, type LintContext } from '../parse/registry.ts';
import type { Analysis } from './analysis.ts';
import { evaluateFlow } from './flow.ts';

/** Returns cluster-aware lint warnings for every policy of the analysis, through each kind's handler. */
export function lintPolicies(analysis: Analysis): Diagnostic[] {
  const context: LintContext = {
    cluster: analysis.cluster,
    policies: analysis.policies,
    allows: (from: string, to: string, port: number, protocol: Protocol) =>
      evaluateFlow(analysis, { from, to, port, protocol }).allowed,
  };
  return analysis.policies.flatMap((policy) => [...(handlerOf(policy).lint?.(policy, context) ?? [])]);
}
