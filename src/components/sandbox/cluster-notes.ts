/**
 * The sentence shown instead of an empty graph when a cluster text was read but holds nothing to draw:
 * no pods or workloads, and what was skipped, by kind. Null when there is something to draw or the text
 * could not be read (its errors say why).
 */
export function emptyClusterNote(read: {
  readonly ok: boolean;
  readonly endpoints: number;
  readonly skipped: Readonly<Record<string, number>>;
}): string | null {
  if (!read.ok || read.endpoints > 0) return null;
  const kinds = Object.entries(read.skipped).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const count = kinds.reduce((sum, [, n]) => sum + n, 0);
  const skipped =
    count === 0
      ? ''
      : ` ${count} ${count === 1 ? 'object was' : 'objects were'} skipped by kind: ${kinds.map(([k, n]) => `${n} ${k}`).join(', ')}.`;
  return (
    `No pods or workloads found in this cluster, so there is nothing to draw.${skipped} ` +
    'Paste Pods, Deployments, StatefulSets, DaemonSets, Jobs or CronJobs (for example the output of kubectl get namespaces,pods,deployments,statefulsets,daemonsets,services -A -o yaml).'
  );
}
