import { DiagnosticSink } from '../model/diagnostic.ts';
import type { Policy } from '../model/policy.ts';
import type { Diagnostic } from '../model/types.ts';
import type { LintContext } from '../model/handler.ts';
import { podView } from '../cilium/lint.ts';
import { subjectMatches } from './peers.ts';
import { readClusterPolicy } from './read.ts';
import type { ClusterPolicy } from './model.ts';

/**
 * Returns cluster-aware lint for a cluster-wide policy: a subject that selects no pod of the cluster, and another
 * policy of the same tier at the same priority.
 */
export function lintClusterPolicy(policy: Policy, context: LintContext): readonly Diagnostic[] {
  const { cluster } = context;
  const model = readClusterPolicy(policy.object);
  const sink = new DiagnosticSink(policy.source);
  lintSamePriority(policy, model, context.policies, sink);
  if (cluster.pods.length === 0) return sink.diagnostics;
  if (cluster.pods.some((p) => subjectMatches(model.subject, podView(cluster, p)))) return sink.diagnostics;
  sink.warn(
    'lint/selects-no-pod',
    ['spec', 'subject'],
    `${model.kind} ${model.name} selects no pod: no pod of the cluster matches its subject`,
    'Check the namespace and pod labels in `subject` (namespaces are matched by their labels, e.g. `kubernetes.io/metadata.name`).',
  );
  return sink.diagnostics;
}

const CLUSTER_KINDS = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

// https://network-policy-api.sigs.k8s.io/api-overview/ — policies of one tier are ordered by priority; two at the
// same priority have no defined order, so where their rules disagree the outcome depends on the implementation.
function lintSamePriority(
  policy: Policy,
  model: ClusterPolicy,
  policies: readonly Policy[],
  sink: DiagnosticSink,
): void {
  // A BaselineAdminNetworkPolicy is a singleton (named `default`): it has no priority.
  if (model.kind === 'BaselineAdminNetworkPolicy') return;
  const others = policies
    .filter((p) => p !== policy && CLUSTER_KINDS.has(p.kind) && p.kind !== 'BaselineAdminNetworkPolicy')
    .map((p) => readClusterPolicy(p.object))
    .filter((o) => o.tier === model.tier && o.priority === model.priority);
  if (others.length === 0) return;
  const names = others.map((o) => `${o.kind} ${o.name}`).join(', ');
  sink.warn(
    'lint/same-priority',
    ['spec', 'priority'],
    `${model.kind} ${model.name} has priority ${model.priority}, like ${names}: policies of one tier at the same priority have no defined order, so where their rules disagree the result depends on the implementation`,
    'Give each policy of the tier its own priority (a lower number is evaluated first).',
  );
}
