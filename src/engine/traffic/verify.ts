import type { EngineOptions } from '../model/endpoint.ts';
import type { Policy } from '../model/policy.ts';
import type { Cluster } from '../model/types.ts';
import type { FlowVerdict } from '../model/verdict.ts';
import { analyze, type AnalysisHandle } from '../evaluate/analyze.ts';
import { explainFlow, type Explanation } from '../explain/explain.ts';
import type { ObservedConnection, Traffic } from './observe.ts';

/** One observed connection with the policies' verdict on it. */
export interface VerifiedConnection {
  /** The observed connection (its ends are unit ids of the cluster). */
  readonly flow: ObservedConnection;
  /** How many connections of this pair and port were seen. */
  readonly count: number;
  readonly allowed: boolean;
  readonly verdict: FlowVerdict;
  readonly explanation: Explanation;
}

/** What the policies do to the traffic that ran. */
export interface TrafficVerification {
  /** Every observed connection (not dropped, not replies), in first-seen order. */
  readonly connections: readonly VerifiedConnection[];
  /** Those the policies would deny. */
  readonly denied: readonly VerifiedConnection[];
}

/**
 * Evaluates every connection that ran (forwarded or audited, not replies, not drops) against the
 * policies, with the engine's one evaluator. `cluster` is normally `observed.cluster` (the cluster the
 * connections were matched to, with the outside endpoints seen); `policies` may be an analysis already
 * built for that cluster (the playground holds one per edit).
 */
export function verifyTraffic(
  observed: Traffic,
  cluster: Cluster,
  policies: readonly Policy[] | AnalysisHandle,
  options: Partial<EngineOptions> = {},
): TrafficVerification {
  const handle = Array.isArray(policies)
    ? analyze(cluster, policies as readonly Policy[], options)
    : (policies as AnalysisHandle);
  const connections: VerifiedConnection[] = [];
  const denied: VerifiedConnection[] = [];
  for (const flow of observed.connections) {
    // Two pods of one workload are policed like any two pods; a pod talking to itself never is.
    const verdict = handle.evaluateFlow(
      { from: flow.from, to: flow.to, port: flow.port, protocol: flow.protocol },
      flow.pods,
    );
    const checked: VerifiedConnection = {
      flow,
      count: flow.count,
      allowed: verdict.allowed,
      verdict,
      explanation: explainFlow(verdict),
    };
    connections.push(checked);
    if (!checked.allowed) denied.push(checked);
  }
  return { connections, denied };
}
