import type { EndpointView } from '../model/endpoint.ts';
import type { EndpointSelectorSpec, SelectorOperator, SelectorRequirement } from '../model/matchers.ts';
import type { SelectorMiss } from '../model/verdict.ts';
import { LruCache } from '../cache/lru.ts';

/**
 * Cilium endpoint selectors: Kubernetes label selectors whose keys may carry a source prefix
 * (`k8s:app`, `reserved:world`, `any:app`; no prefix means `any`). Endpoints carry labels with
 * sources: a pod's own labels and the derived `k8s:io.kubernetes.pod.namespace` and
 * `k8s:io.cilium.k8s.namespace.labels.<key>` labels; an external endpoint `reserved:<entity>`.
 */

export type { SelectorOperator, SelectorRequirement };
/** A Cilium label selector as written (`matchLabels` plus `matchExpressions`). */
export type LabelSelectorSpec = EndpointSelectorSpec;

/** A label with its Cilium source. */
export interface SourcedLabel {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

/** An endpoint's labels indexed by key (without source), for fast lookups. */
export type LabelSet = ReadonlyMap<string, readonly SourcedLabel[]>;

/** The derived label holding a pod's namespace. */
export const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
/** The derived label holding a pod's service account. */
export const SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
/** Prefix of the derived labels copying the namespace's labels onto each pod. */
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

// Selector keys come from policy texts: a few dozen in practice, any number in a hostile one.
const splitCache = new LruCache<string, { readonly source: string; readonly key: string }>(2_000);

/** Returns `{source, key}` for a selector key: `k8s:app` → k8s/app, `app` → any/app. */
export function splitSelectorKey(key: string): { readonly source: string; readonly key: string } {
  return splitCache.get(key, computeSplit);
}

function computeSplit(key: string): { readonly source: string; readonly key: string } {
  const colon = key.indexOf(':');
  if (colon < 0) return { source: 'any', key };
  return { source: key.slice(0, colon), key: key.slice(colon + 1) };
}

const labelCache = new WeakMap<EndpointView, LabelSet>();

/** Returns the Cilium labels of an endpoint (computed once per endpoint view). */
export function endpointLabels(endpoint: EndpointView): LabelSet {
  let labels = labelCache.get(endpoint);
  if (!labels) {
    labels = indexLabels(computeLabels(endpoint));
    labelCache.set(endpoint, labels);
  }
  return labels;
}

function indexLabels(labels: readonly SourcedLabel[]): LabelSet {
  const index = new Map<string, SourcedLabel[]>();
  for (const label of labels) {
    const list = index.get(label.key);
    if (list) list.push(label);
    else index.set(label.key, [label]);
  }
  return index;
}

function computeLabels(endpoint: EndpointView): readonly SourcedLabel[] {
  if (endpoint.kind === 'external') {
    return [{ source: 'reserved', key: endpoint.external.entity, value: '' }];
  }
  const out: SourcedLabel[] = Object.entries(endpoint.pod.labels).map(([key, value]) => ({
    source: 'k8s',
    key,
    value,
  }));
  // https://docs.cilium.io/en/stable/security/policy/kubernetes/#namespaces
  out.push({ source: 'k8s', key: NAMESPACE_LABEL, value: endpoint.pod.namespace });
  // https://docs.cilium.io/en/stable/security/policy/kubernetes/#serviceaccounts — `default` when none is named.
  out.push({ source: 'k8s', key: SERVICE_ACCOUNT_LABEL, value: endpoint.pod.serviceAccount ?? 'default' });
  for (const [key, value] of Object.entries(endpoint.namespace.labels)) {
    out.push({ source: 'k8s', key: `${NAMESPACE_LABELS_PREFIX}${key}`, value });
  }
  return out;
}

/** Returns every requirement of a selector, `matchLabels` first. */
export function requirementsOf(selector: LabelSelectorSpec): readonly SelectorRequirement[] {
  const fromLabels = Object.entries(selector.matchLabels).map(([key, value]): SelectorRequirement => ({
    key,
    operator: 'In',
    values: [value],
  }));
  return [...fromLabels, ...selector.matchExpressions];
}

function valuesFor(labels: LabelSet, selectorKey: string): readonly string[] {
  const { source, key } = splitSelectorKey(selectorKey);
  const found = labels.get(key);
  if (!found) return [];
  if (found.length === 1 && (source === 'any' || found[0]?.source === source)) return [found[0]?.value ?? ''];
  return found.filter((l) => source === 'any' || l.source === source).map((l) => l.value);
}

/** Returns the first requirement that fails for these labels, with the labels' value for its key. */
function requirementMiss(req: SelectorRequirement, labels: LabelSet): SelectorMiss | undefined {
  if (holds(req, labels)) return undefined;
  const values = valuesFor(labels, req.key);
  const actual =
    req.operator === 'NotIn' ? values.find((v) => req.values.includes(v)) : (values[0] ?? undefined);
  return { key: req.key, operator: req.operator, values: req.values, actual };
}

function holds(req: SelectorRequirement, labels: LabelSet): boolean {
  const values = valuesFor(labels, req.key);
  switch (req.operator) {
    case 'In':
      return values.some((v) => req.values.includes(v));
    case 'NotIn':
      return !values.some((v) => req.values.includes(v));
    case 'Exists':
      return values.length > 0;
    case 'DoesNotExist':
      return values.length === 0;
    default:
      return assertNeverOperator(req.operator);
  }
}

/** Returns whether every requirement holds for the labels (the fast path of `selectorMiss`). */
export function selectorMatches(requirements: readonly SelectorRequirement[], labels: LabelSet): boolean {
  for (const req of requirements) if (!holds(req, labels)) return false;
  return true;
}

/** Returns the first requirement the labels fail, or undefined when the selector matches. */
export function selectorMiss(
  requirements: readonly SelectorRequirement[],
  labels: LabelSet,
): SelectorMiss | undefined {
  for (const req of requirements) {
    const miss = requirementMiss(req, labels);
    if (miss !== undefined) return miss;
  }
  return undefined;
}

/** Returns whether any requirement of the selector uses one of the keys (any source prefix). */
function mentionsKey(reqs: readonly SelectorRequirement[], test: (s: string, k: string) => boolean): boolean {
  return reqs.some((r) => {
    const { source, key } = splitSelectorKey(r.key);
    return test(source, key);
  });
}

/**
 * Returns the requirements a peer selector (`fromEndpoints` / `toEndpoints`) really applies.
 * Cases, as Cilium scopes them:
 * 1. any `reserved:` key: left as written (selects entities, not pods);
 * 2. the selector names `io.kubernetes.pod.namespace` (k8s or any source): left as written;
 * 3. clusterwide policy: only pods (a namespace label must exist), any namespace;
 * 4. namespaced policy naming `io.cilium.k8s.namespace.labels.*`: any namespace with those labels;
 * 5. otherwise namespaced policy: only pods of the policy's namespace.
 */
// https://docs.cilium.io/en/stable/security/policy/kubernetes/#namespaces
export function scopePeerSelector(
  selector: LabelSelectorSpec,
  policyNamespace: string | undefined,
): readonly SelectorRequirement[] {
  let byNamespace = peerCache.get(selector);
  if (!byNamespace) {
    byNamespace = new Map();
    peerCache.set(selector, byNamespace);
  }
  const key = policyNamespace ?? '';
  let reqs = byNamespace.get(key);
  if (!reqs) {
    reqs = computePeerScope(selector, policyNamespace);
    byNamespace.set(key, reqs);
  }
  return reqs;
}

const peerCache = new WeakMap<LabelSelectorSpec, Map<string, readonly SelectorRequirement[]>>();

function computePeerScope(
  selector: LabelSelectorSpec,
  policyNamespace: string | undefined,
): readonly SelectorRequirement[] {
  const reqs = requirementsOf(selector);
  if (mentionsKey(reqs, (source) => source === 'reserved')) return reqs;
  const anyOrK8s = (s: string): boolean => s === 'any' || s === 'k8s';
  if (mentionsKey(reqs, (s, k) => anyOrK8s(s) && k === NAMESPACE_LABEL)) return reqs;
  if (policyNamespace === undefined) {
    return [...reqs, { key: `k8s:${NAMESPACE_LABEL}`, operator: 'Exists', values: [] }];
  }
  if (mentionsKey(reqs, (s, k) => anyOrK8s(s) && k.startsWith(NAMESPACE_LABELS_PREFIX))) return reqs;
  return [...reqs, { key: `k8s:${NAMESPACE_LABEL}`, operator: 'In', values: [policyNamespace] }];
}

/**
 * Returns the requirements of a policy's own `endpointSelector`. A namespaced policy always
 * selects only endpoints of its own namespace (a namespace named in the selector is replaced).
 */
export function scopeSubjectSelector(
  selector: LabelSelectorSpec,
  policyNamespace: string | undefined,
): readonly SelectorRequirement[] {
  const reqs = requirementsOf(selector);
  if (policyNamespace === undefined) return reqs;
  const own = reqs.filter((r) => splitSelectorKey(r.key).key !== NAMESPACE_LABEL);
  return [{ key: `k8s:${NAMESPACE_LABEL}`, operator: 'In', values: [policyNamespace] }, ...own];
}

/** Returns the selector in the short form used in explanations, e.g. `{org=empire, class=deathstar}`. */
export function describeSelector(selector: LabelSelectorSpec): string {
  const parts = requirementsOf(selector).map((r) => {
    switch (r.operator) {
      case 'In':
        return r.values.length === 1
          ? `${r.key}=${r.values[0] ?? ''}`
          : `${r.key} in (${r.values.join(', ')})`;
      case 'NotIn':
        return `${r.key} notin (${r.values.join(', ')})`;
      case 'Exists':
        return r.key;
      case 'DoesNotExist':
        return `!${r.key}`;
      default:
        return assertNeverOperator(r.operator);
    }
  });
  return parts.length === 0 ? '{}' : `{${parts.join(', ')}}`;
}

function assertNeverOperator(value: never): never {
  throw new Error(`unexpected selector operator ${String(value)}`);
}
