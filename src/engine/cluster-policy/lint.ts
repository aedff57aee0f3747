import { DiagnosticSink } from '../model/diagnostic.ts';
import type { Policy } from '../model/policy.ts';
import type { Diagnostic } from '../model/types.ts';
import type { LintContext } from '../model/handler.ts';
import { podView } from '../cilium/lint.ts';
import { subjectMatches } from './peers.ts';
import { readClusterPolicy } from './read.ts';

/** Returns cluster-aware lint for a cluster-wide policy: a subject that selects no pod of the cluster. */
export function lintClusterPolicy(policy: Policy, context: LintContext): readonly Diagnostic[] {
  const { cluster } = context;
  if (cluster.pods.length === 0) return [];
  const model = readClusterPolicy(policy.object);
  if (cluster.pods.some((p) => subjectMatches(model.subject, podView(cluster, p)))) return [];
  const sink = new DiagnosticSink(policy.source);
  sink.warn(
    'lint/selects-no-pod',
    ['spec', 'subject'],
    `${model.kind} ${model.name} selects no pod: no pod of the cluster matches its subject`,
    'Check the namespace and pod labels in `subject` (namespaces are matched by their labels, e.g. `kubernetes.io/metadata.name`).',
  );
  return sink.diagnostics;
}
