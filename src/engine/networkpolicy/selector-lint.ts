import type { DiagnosticSink } from '../model/diagnostic.ts';
import type { NetworkPolicyPeerSpec } from '../model/policy.ts';
import type { Cluster, Namespace, Pod } from '../model/types.ts';
import { compileSelector, selectorMatches, type Selector } from '../match/label-selector.ts';
import { isDnsIdiom, isEmptySelector } from './static-lint.ts';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Warns about a peer whose selectors match nothing in the cluster: a `namespaceSelector` no namespace carries
 * (most often `name: kube-system` where only `kubernetes.io/metadata.name` is set), or a `podSelector` no pod of
 * the selected namespaces carries.
 */
export function lintPeerSelectors(
  peer: NetworkPolicyPeerSpec,
  path: readonly (string | number)[],
  namespace: string,
  cluster: Cluster,
  sink: DiagnosticSink,
): void {
  let scope: readonly Namespace[] = cluster.namespaces.filter((n) => n.name === namespace);
  if (peer.namespaceSelector) {
    const nsSel = compileSelector(peer.namespaceSelector);
    scope = cluster.namespaces.filter((n) => selectorMatches(nsSel, n.labels));
    if (scope.length === 0) {
      sink.warn(
        'lint/namespace-selector-matches-nothing',
        [...path, 'namespaceSelector'],
        `namespaceSelector \`${nsSel.text}\` matches no namespace (${namespaceList(cluster.namespaces)}), so this peer matches nothing`,
        namespaceFix(nsSel, cluster.namespaces),
      );
      return;
    }
  }
  if (!peer.podSelector || isEmptySelector(peer.podSelector)) return;
  // Without a namespaceSelector, pods elsewhere are the other-namespace lint's case.
  if (!peer.namespaceSelector) return;
  // The DNS idiom names pods a real cluster always has, even when a scenario leaves them out.
  if (isDnsIdiom(peer)) return;
  const podSel = compileSelector(peer.podSelector);
  const names = new Set(scope.map((n) => n.name));
  const candidates = cluster.pods.filter((p) => names.has(p.namespace));
  if (candidates.some((p) => selectorMatches(podSel, p.labels))) return;
  sink.warn(
    'lint/pod-selector-matches-nothing',
    [...path, 'podSelector'],
    `podSelector \`${podSel.text}\` matches no pod in the ${scope.length === 1 ? 'namespace' : 'namespaces'} this peer selects (${[...names].map((n) => `\`${n}\``).join(', ')}), so this peer matches nothing`,
    podFix(podSel, candidates),
  );
}

/** Warns about a peer's lone podSelector that matches no pod of the policy's namespace nor of any other. */
export function lintLocalPodSelector(
  podSel: Selector,
  path: readonly (string | number)[],
  namespace: string,
  cluster: Cluster,
  sink: DiagnosticSink,
): void {
  if (podSel.requirements.length === 0) return;
  const candidates = cluster.pods.filter((p) => p.namespace === namespace);
  sink.warn(
    'lint/pod-selector-matches-nothing',
    [...path, 'podSelector'],
    `podSelector \`${podSel.text}\` matches no pod in \`${namespace}\` (nor anywhere else), so this peer matches nothing`,
    podFix(podSel, candidates),
  );
}

function namespaceList(namespaces: readonly Namespace[]): string {
  const shown = namespaces.slice(0, 4).map((n) => `\`${n.name}\``);
  const more = namespaces.length > 4 ? ` and ${namespaces.length - 4} more` : '';
  return `namespaces here: ${shown.join(', ')}${more}`;
}

// https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name
// The API server sets `kubernetes.io/metadata.name` on every namespace; a `name` label exists only if added.
function namespaceFix(selector: Selector, namespaces: readonly Namespace[]): string {
  for (const req of selector.requirements) {
    if (req.op !== 'In' || req.key === NAME_LABEL) continue;
    const meant = [...req.values].filter((v) => namespaces.some((n) => n.name === v));
    if (meant.length === 1)
      return `Select the namespace by the label the API server sets on every namespace: \`${NAME_LABEL}: ${meant[0] ?? ''}\` instead of \`${req.key}: ${meant[0] ?? ''}\`.`;
    if (meant.length > 1)
      return `Select the namespaces by the label the API server sets on every namespace: \`{key: ${NAME_LABEL}, operator: In, values: [${meant.join(', ')}]}\` instead of \`${req.key}\`.`;
  }
  return `Use a label the namespaces really carry (every namespace has \`${NAME_LABEL}: <its name>\`), or add the label to the Namespace.`;
}

function podFix(selector: Selector, candidates: readonly Pod[]): string {
  const keys = new Set(selector.requirements.map((r) => r.key));
  const near = candidates.find((p) => Object.keys(p.labels).some((k) => keys.has(k)));
  if (near) {
    const labels = Object.entries(near.labels)
      .filter(([k]) => keys.has(k))
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    return `Compare with the pods' real labels (e.g. \`${near.namespace}/${near.name}\` has \`${labels}\`) and the namespaces the peer selects.`;
  }
  return 'Compare the selector with the labels of the pods you mean, and check that the peer selects their namespace.';
}
