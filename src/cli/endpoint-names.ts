import leven from 'leven';
import type { AnalysisHandle, Cluster, Diagnostic } from '../engine/index.ts';
import type { FlowSource } from './input.ts';

/** Which end of a flow a name is for: only a destination may be a Service. */
export type FlowEnd = 'from' | 'to';

const MAX_SUGGESTIONS = 3;

/**
 * The names a flow end may use: `namespace/pod`, ExternalEndpoint names and, for a destination,
 * `namespace/service`, each once.
 */
export function endpointNames(cluster: Cluster, end: FlowEnd): readonly string[] {
  const names = new Set<string>([
    ...cluster.pods.map((p) => `${p.namespace}/${p.name}`),
    ...cluster.externals.map((e) => e.name),
    ...(end === 'to' ? cluster.services.map((s) => `${s.namespace}/${s.name}`) : []),
  ]);
  return [...names];
}

/**
 * Names close to one that is not known: the same name in other namespaces (a bare name matches
 * `namespace/name`), else the closest by edit distance (at most a third of the name's length), best
 * first and at most three.
 */
export function closestNames(id: string, names: readonly string[]): readonly string[] {
  const bare = id.slice(id.lastIndexOf('/') + 1);
  const sameName = names.filter((name) => name !== id && name.slice(name.lastIndexOf('/') + 1) === bare);
  if (sameName.length > 0) return [...sameName].sort();
  const limit = Math.max(1, Math.floor(id.length / 3));
  const lower = id.toLowerCase();
  return names
    .map((name) => ({ name, distance: leven(lower, name.toLowerCase(), { maxDistance: limit + 1 }) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => c.name);
}

/** The sentence after "Not found": what the name could have meant, or nothing. */
export function suggestionText(id: string, candidates: readonly string[]): string {
  const quoted = candidates.map((c) => `"${c}"`);
  if (candidates.length === 0) return '';
  const bare = !id.includes('/');
  if (bare && candidates.length > 1 && candidates.every((c) => c.endsWith(`/${id}`)))
    return `; "${id}" is ambiguous, it is in several namespaces: ${quoted.join(', ')} (write namespace/name)`;
  if (candidates.length === 1) return `; did you mean ${quoted[0] ?? ''}?`;
  return `; did you mean one of ${quoted.join(', ')}?`;
}

/**
 * The diagnostic for a flow end that names no endpoint (with the closest names), or undefined when
 * the name is known. `at` places it in the flows file it came from.
 */
export function unknownEndpoint(
  analysis: AnalysisHandle,
  id: string,
  end: FlowEnd,
  at?: FlowSource,
): Diagnostic | undefined {
  if (analysis.endpoint(id) || (end === 'to' && analysis.service(id))) return undefined;
  const hint = suggestionText(id, closestNames(id, endpointNames(analysis.cluster, end)));
  const range = at?.doc.locate([...at.path, end]);
  return {
    code: 'flow/unknown-endpoint',
    severity: 'error',
    message: `${end}: Not found: "${id}": no pod (namespace/pod)${end === 'to' ? ', service' : ''} or ExternalEndpoint with that name${hint}`,
    path: end,
    ...(range ? { range } : {}),
    ...(at?.doc.file !== undefined ? { file: at.doc.file } : {}),
  };
}
