import type { LabelSelectorRequirementSpec, LabelSelectorSpec } from '../model/policy.ts';
import type { PodView } from '../model/endpoint.ts';
import type { Labels } from '../model/types.ts';
import { NAMESPACE_NAME_LABEL } from '../parse/cluster.ts';

/** The narrowest label selector for a pod among the pods of its namespace, and who else it selects. */
export interface PodSelection {
  readonly selector: LabelSelectorSpec;
  /** Other pods of the namespace the selector also selects: same labels, so no selector tells them apart. */
  readonly alsoSelects: readonly PodView[];
}

function hasAll(labels: Labels, wanted: Labels): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/**
 * Returns `matchLabels` with all of the pod's labels, plus a `DoesNotExist` requirement for a key that
 * tells apart each other pod of the namespace whose labels include them all (a pod with more labels).
 */
export function selectPod(pod: PodView, pods: readonly PodView[]): PodSelection {
  const labels = pod.pod.labels;
  const supersets = pods.filter(
    (p) => p.id !== pod.id && p.namespace.name === pod.namespace.name && hasAll(p.pod.labels, labels),
  );
  const excluded: string[] = [];
  const alsoSelects: PodView[] = [];
  for (const other of supersets) {
    const extra = Object.keys(other.pod.labels).filter((k) => !(k in labels));
    if (extra.length === 0) alsoSelects.push(other);
    else if (!extra.some((k) => excluded.includes(k))) excluded.push(extra.sort()[0] ?? '');
  }
  const matchExpressions: LabelSelectorRequirementSpec[] = excluded
    .sort()
    .map((key) => ({ key, operator: 'DoesNotExist' }));
  const selector: LabelSelectorSpec = {
    ...(Object.keys(labels).length > 0 ? { matchLabels: { ...labels } } : {}),
    ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
  return { selector, alsoSelects };
}

/** Returns a NetworkPolicy peer for a pod seen from a policy in `from` namespace. */
export function podPeer(selection: PodSelection, pod: PodView, from: string): Record<string, unknown> {
  // https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name
  return pod.namespace.name === from
    ? { podSelector: selection.selector }
    : {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: pod.namespace.name } },
        podSelector: selection.selector,
      };
}

/** The label Cilium gives every endpoint for its namespace. */
export const CILIUM_NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

/** Returns a Cilium endpoint selector for a pod seen from a policy in `from` namespace. */
export function ciliumPeer(selection: PodSelection, pod: PodView, from: string): Record<string, unknown> {
  // https://docs.cilium.io/en/stable/security/policy/kubernetes/#namespaces — cross-namespace needs the label
  const matchLabels = {
    ...(selection.selector.matchLabels ?? {}),
    ...(pod.namespace.name === from ? {} : { [CILIUM_NAMESPACE_LABEL]: pod.namespace.name }),
  };
  return {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    ...(selection.selector.matchExpressions ? { matchExpressions: selection.selector.matchExpressions } : {}),
  };
}

/** Returns a CIDR holding exactly one address. */
export function hostCidr(ip: string): string {
  return ip.includes(':') ? `${ip}/128` : `${ip}/32`;
}

/** Returns a DNS-label-safe piece of a name for generated policy names. */
export function nameSafe(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'pod'
  );
}
