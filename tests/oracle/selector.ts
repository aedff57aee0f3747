/**
 * Label selectors for the oracle: Kubernetes `metav1.LabelSelector` over a plain label map, and
 * Cilium's selector over source-qualified labels (`k8s:app=web`, `reserved:world`), where a key
 * without a source matches a label of any source.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 * https://docs.cilium.io/en/stable/security/policy/language/ (endpoint selectors, label sources)
 */

/** A label selector as written in a manifest. */
export interface Selector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?:
    | readonly {
        readonly key: string;
        readonly operator: string;
        readonly values?: readonly string[] | null;
      }[]
    | null;
}

/** One requirement: matchLabels entries become `In` with one value. */
interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

function requirements(selector: Selector): Requirement[] {
  const fromLabels = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    operator: 'In',
    values: [value],
  }));
  const fromExpressions = (selector.matchExpressions ?? []).map((e) => ({
    key: e.key,
    operator: e.operator,
    values: e.values ?? [],
  }));
  return [...fromLabels, ...fromExpressions];
}

/** Whether one requirement holds, given the values the endpoint has under the key (empty: no such label). */
function holds(req: Requirement, present: readonly string[]): boolean {
  switch (req.operator) {
    case 'In':
      return present.some((v) => req.values.includes(v));
    case 'NotIn':
      return !present.some((v) => req.values.includes(v));
    case 'Exists':
      return present.length > 0;
    case 'DoesNotExist':
      return present.length === 0;
    default:
      return false;
  }
}

/** Whether a Kubernetes label selector selects a label map (the empty selector selects everything). */
export function selects(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  return requirements(selector).every((req) =>
    holds(req, Object.hasOwn(labels, req.key) ? [labels[req.key] ?? ''] : []),
  );
}

/** A Cilium label: source (`k8s`, `reserved`, ...), key and value. */
export interface CiliumLabel {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

/** Splits a selector key into source and key; no source means any source. */
export function splitKey(written: string): { source: string; key: string } {
  const colon = written.indexOf(':');
  if (colon < 0) return { source: 'any', key: written };
  return { source: written.slice(0, colon), key: written.slice(colon + 1) };
}

/** The keys a Cilium selector names, split into source and key. */
export function selectorKeys(selector: Selector): { source: string; key: string }[] {
  return requirements(selector).map((req) => splitKey(req.key));
}

/** Whether a Cilium selector selects an endpoint with these labels. */
export function ciliumSelects(selector: Selector, labels: readonly CiliumLabel[]): boolean {
  return requirements(selector).every((req) => {
    const { source, key } = splitKey(req.key);
    const present = labels
      .filter((l) => l.key === key && (source === 'any' || l.source === source))
      .map((l) => l.value);
    return holds(req, present);
  });
}
