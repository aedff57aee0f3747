import type { Document } from 'yaml';
import { isMap, isScalar } from 'yaml';
import { DiagnosticSink } from '../model/diagnostic.ts';
import type { Cluster, EndpointId, Result } from '../model/types.ts';
import { NAMESPACE_NAME_LABEL } from '../parse/cluster.ts';
import { checkDns1123Label, checkDns1123Subdomain } from '../validate/k8s-names.ts';
import {
  closeScenario,
  failure,
  headOf,
  joinDocuments,
  matchesKey,
  notFound,
  openScenario,
  parseDocuments,
  type ObjectKey,
} from './documents.ts';

/** A renamed scenario: the new text and which endpoint ids changed (old id → new id). */
export interface Renamed {
  readonly text: string;
  readonly endpoints: ReadonlyMap<EndpointId, EndpointId>;
}

// Kinds that live in a namespace even when metadata.namespace is left out (it then means `default`).
const NAMESPACED = new Set(['Pod', 'Service', 'NetworkPolicy', 'CiliumNetworkPolicy']);

/** Moves one document from namespace `from` to `to`; returns whether it moved. */
function moveDocument(doc: Document, from: string, to: string): boolean {
  const head = headOf(doc);
  const namespace = head.metadata?.namespace;
  const inside =
    typeof namespace === 'string'
      ? namespace === from
      : from === 'default' && typeof head.kind === 'string' && NAMESPACED.has(head.kind);
  if (inside) doc.setIn(['metadata', 'namespace'], to);
  return inside;
}

/** Renames the keys of the Scenario document's fixed graph positions, so a renamed pod keeps its place. */
function renameLayout(doc: Document, endpoints: ReadonlyMap<EndpointId, EndpointId>): void {
  if (headOf(doc).kind !== 'Scenario') return;
  const layout = doc.getIn(['spec', 'layout'], true);
  if (!isMap(layout)) return;
  for (const pair of layout.items) {
    if (isScalar(pair.key) && typeof pair.key.value === 'string')
      pair.key.value = endpoints.get(pair.key.value) ?? pair.key.value;
  }
}

function exists(cluster: Cluster, key: ObjectKey, name: string): boolean {
  switch (key.kind) {
    case 'Namespace':
      return cluster.namespaces.some((n) => n.name === name);
    case 'Pod':
      return cluster.pods.some((p) => p.namespace === (key.namespace ?? 'default') && p.name === name);
    case 'ExternalEndpoint':
      return cluster.externals.some((e) => e.name === name);
  }
}

/** Returns why `to` cannot be the object's new name, or nothing when it can. */
function checkNewName(cluster: Cluster, key: ObjectKey, to: string): Result<never> | undefined {
  if (!exists(cluster, key, key.name)) return notFound(key);
  const sink = new DiagnosticSink();
  // Namespace and external endpoint names are DNS-1123 labels, pod names DNS-1123 subdomains.
  // https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
  const errors = key.kind === 'Pod' ? checkDns1123Subdomain(to) : checkDns1123Label(to);
  for (const error of errors) sink.invalid(['metadata', 'name'], to, error);
  if (sink.hasErrors) return { ok: false, diagnostics: sink.diagnostics };
  if (to !== key.name && exists(cluster, key, to)) {
    const where = key.kind === 'Pod' ? ` in namespace "${key.namespace ?? 'default'}"` : '';
    const plural = { Namespace: 'namespaces', Pod: 'pods', ExternalEndpoint: 'external endpoints' }[key.kind];
    return failure('scenario/duplicate-name', 'metadata.name', `${plural} "${to}" already exists${where}`);
  }
  return undefined;
}

/** Renames the namespace document and moves every object in it. */
function renameNamespace(docs: readonly Document[], from: string, to: string): void {
  for (const doc of docs) {
    const head = headOf(doc);
    if (head.kind !== 'Namespace') moveDocument(doc, from, to);
    else if (head.metadata?.name === from) {
      doc.setIn(['metadata', 'name'], to);
      // The API server sets this label; a scenario that writes it out must keep it true.
      if (doc.getIn(['metadata', 'labels', NAMESPACE_NAME_LABEL]) === from)
        doc.setIn(['metadata', 'labels', NAMESPACE_NAME_LABEL], to);
    }
  }
}

/**
 * Returns the scenario with a namespace, pod or external endpoint renamed: a namespace takes its pods
 * and services along, and fixed graph positions follow. Fails on a bad or duplicate name.
 */
export function renameObject(text: string, key: ObjectKey, to: string): Result<Renamed> {
  const opened = openScenario(text);
  if (!opened.ok) return opened;
  const { docs, cluster } = opened.value;
  const problem = checkNewName(cluster, key, to);
  if (problem) return problem;
  if (to === key.name) return { ok: true, value: { text, endpoints: new Map() }, diagnostics: [] };
  const endpoints = new Map<EndpointId, EndpointId>();
  if (key.kind === 'Namespace') {
    for (const pod of cluster.pods.filter((p) => p.namespace === key.name))
      endpoints.set(`${key.name}/${pod.name}`, `${to}/${pod.name}`);
    renameNamespace(docs, key.name, to);
  } else {
    const prefix = key.kind === 'Pod' ? `${key.namespace ?? 'default'}/` : '';
    endpoints.set(`${prefix}${key.name}`, `${prefix}${to}`);
    docs.find((d) => matchesKey(d, key))?.setIn(['metadata', 'name'], to);
  }
  for (const doc of docs) renameLayout(doc, endpoints);
  const closed = closeScenario(docs);
  return closed.ok ? { ok: true, value: { text: closed.value, endpoints }, diagnostics: [] } : closed;
}

/** Returns policies text with every object in namespace `from` moved to `to` (unchanged if it does not parse). */
export function moveToNamespace(text: string, from: string, to: string): string {
  const docs = parseDocuments(text);
  if (docs.some((d) => d.errors.length > 0)) return text;
  const moved = docs.map((d) => moveDocument(d, from, to)).some(Boolean);
  return moved ? joinDocuments(docs) : text;
}

/** Returns flows (goals, a selection) with renamed endpoints replaced by their new ids. */
export function followRenames<T extends { readonly from: EndpointId; readonly to: EndpointId }>(
  flows: readonly T[],
  endpoints: ReadonlyMap<EndpointId, EndpointId>,
): T[] {
  return flows.map((f) => ({ ...f, from: endpoints.get(f.from) ?? f.from, to: endpoints.get(f.to) ?? f.to }));
}
