import leven from 'leven';
import type { AnalysisHandle, Diagnostic, EndpointUnit } from '../engine/index.ts';
import type { FlowSource } from './input.ts';

/** Which end of a flow a name is for: only a destination may be a Service. */
export type FlowEnd = 'from' | 'to';

/** Something a flow end may name: how it is shown, and every way of writing it. */
export interface EndpointName {
  readonly shown: string;
  readonly spellings: readonly string[];
}

const MAX_SUGGESTIONS = 3;

/**
 * The names a flow end may use, each object once: units by their id (a workload also as
 * `namespace/Kind/name`), every pod as `namespace/pod`, ExternalEndpoints by name and, for a destination,
 * Services (`namespace/name` when that form reaches the Service, always `namespace/Service/name` and the
 * full DNS name).
 */
export function endpointNames(analysis: AnalysisHandle, end: FlowEnd): readonly EndpointName[] {
  const names: EndpointName[] = analysis.units.map((u) => ({ shown: u.id, spellings: spellingsOf(u) }));
  const listed = new Set(names.map((n) => n.shown));
  for (const e of analysis.endpoints)
    if (e.kind === 'pod' && !e.pod.template && !listed.has(e.id))
      names.push({ shown: e.id, spellings: [e.id] });
  if (end === 'to')
    for (const s of analysis.cluster.services) {
      const short = `${s.namespace}/${s.name}`;
      const explicit = `${s.namespace}/Service/${s.name}`;
      const reaches = analysis.resolve(short)?.kind === 'service';
      const dns = `${s.name}.${s.namespace}.svc.cluster.local`;
      names.push({ shown: reaches ? short : explicit, spellings: [short, explicit, dns] });
    }
  return names;
}

function spellingsOf(unit: EndpointUnit): string[] {
  if (unit.workload) return [unit.id, `${unit.namespace ?? ''}/${unit.workload.kind}/${unit.name}`];
  if (unit.kind === 'pod') return [unit.id, `${unit.namespace ?? ''}/Pod/${unit.name}`];
  return [unit.id];
}

const lastSegment = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/**
 * Names close to one that is not known: objects of the same name in other namespaces or of another kind
 * (a bare name matches `namespace/name`), else the closest by edit distance (at most a third of the
 * name's length), best first and at most three.
 */
export function closestNames(id: string, names: readonly EndpointName[]): readonly string[] {
  const bare = lastSegment(id);
  const sameName = names.filter(
    (n) => !n.spellings.includes(id) && n.spellings.some((s) => lastSegment(s) === bare),
  );
  if (sameName.length > 0) return [...new Set(sameName.map((n) => n.shown))].sort();
  const limit = Math.max(1, Math.floor(id.length / 3));
  const lower = id.toLowerCase();
  const distance = (n: EndpointName): number =>
    Math.min(...n.spellings.map((s) => leven(lower, s.toLowerCase(), { maxDistance: limit + 1 })));
  return names
    .map((n) => ({ name: n.shown, distance: distance(n) }))
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

/** Workloads a plain `namespace/name` could mean when no pod has that name (more than one: ambiguous). */
function sharedWorkloadName(analysis: AnalysisHandle, id: string): readonly string[] {
  const parts = id.split('/');
  const named = analysis.endpoint(id);
  // A template stands in under its workload's name: it does not make the name a pod's.
  if (parts.length !== 2 || (named?.kind === 'pod' && !named.pod.template)) return [];
  const [namespace, name] = parts;
  const workloads = analysis.units.filter(
    (u) => u.workload !== undefined && u.namespace === namespace && u.name === name,
  );
  return workloads.length > 1 ? workloads.map((u) => u.id).sort() : [];
}

/**
 * The diagnostic for a flow end that names nothing, names two workloads at once, or names a Service as
 * a source; undefined when the name is fine. `at` places it in the flows file it came from; `near` is the
 * source's namespace, where a bare Service name is looked up.
 */
export function unknownEndpoint(
  analysis: AnalysisHandle,
  id: string,
  end: FlowEnd,
  at?: FlowSource,
  near?: string,
): Diagnostic | undefined {
  const shared = sharedWorkloadName(analysis, id);
  const resolved = shared.length > 0 ? undefined : analysis.resolve(id, near);
  if (resolved?.kind === 'unit' || (resolved?.kind === 'service' && end === 'to')) return undefined;
  const diagnostic = (code: string, message: string): Diagnostic => {
    const range = at?.doc.locate([...at.path, end]);
    return {
      code,
      severity: 'error',
      message: `${end}: ${message}`,
      path: end,
      ...(range ? { range } : {}),
      ...(at?.doc.file !== undefined ? { file: at.doc.file } : {}),
    };
  };
  if (shared.length > 0)
    return diagnostic(
      'flow/ambiguous-endpoint',
      `Invalid value: "${id}": ${shared.length} workloads have that name: ${shared.map((s) => `"${s}"`).join(', ')} (write namespace/Kind/name)`,
    );
  if (resolved?.kind === 'service')
    return diagnostic(
      'flow/service-as-source',
      `Invalid value: "${id}": a Service is only a destination; name a pod or workload it selects`,
    );
  const hint = suggestionText(id, closestNames(id, endpointNames(analysis, end)));
  return diagnostic(
    'flow/unknown-endpoint',
    `Not found: "${id}": no pod, workload${end === 'to' ? ', Service' : ''} or ExternalEndpoint with that name${hint}`,
  );
}
