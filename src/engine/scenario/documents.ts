import { parseAllDocuments, type Document } from 'yaml';
import { loadCluster } from '../parse/cluster.ts';
import type { Cluster, Diagnostic, Result } from '../model/types.ts';

/** Identifies one document: kind, name and (for pods) namespace. */
export interface ObjectKey {
  readonly kind: 'Namespace' | 'Pod' | 'ExternalEndpoint';
  readonly name: string;
  readonly namespace?: string;
}

/** The parts of a manifest the edits look at. */
interface Head {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown; readonly labels?: unknown };
}

/** Returns the text of the documents, joined as one YAML stream. */
export function joinDocuments(docs: readonly (string | Document)[]): string {
  return (
    docs
      .map((d) => (typeof d === 'string' ? d : d.toString({ lineWidth: 0 })).trim())
      .filter((d) => d !== '')
      .join('\n---\n') + '\n'
  );
}

/** Returns the documents of a YAML stream, without empty ones (a stream of comments only). */
export function parseDocuments(text: string): Document.Parsed[] {
  const parsed = parseAllDocuments(text);
  return Array.isArray(parsed) ? parsed.filter((d) => d.contents !== null) : [];
}

/** Returns kind and metadata of a document as plain values (`{}` for a scalar document). */
export function headOf(doc: Document): Head {
  const value: unknown = doc.toJS({ maxAliasCount: 0 });
  return value !== null && typeof value === 'object' ? value : {};
}

/** Returns the namespace an object lives in (`default` when metadata.namespace is left out). */
export function namespaceOf(head: Head): string {
  return typeof head.metadata?.namespace === 'string' ? head.metadata.namespace : 'default';
}

/** Whether the document is the object `key` names. */
export function matchesKey(doc: Document, key: ObjectKey): boolean {
  const head = headOf(doc);
  return (
    head.kind === key.kind &&
    head.metadata?.name === key.name &&
    (key.kind !== 'Pod' || namespaceOf(head) === (key.namespace ?? 'default'))
  );
}

/** A scenario ready for an edit: its documents and the cluster they describe. */
export interface EditableScenario {
  readonly docs: Document.Parsed[];
  readonly cluster: Cluster;
}

/** Returns a failed result with one error at `path`. */
export function failure(
  code: string,
  path: string,
  message: string,
): { ok: false; diagnostics: Diagnostic[] } {
  return { ok: false, diagnostics: [{ code, severity: 'error', message, path }] };
}

/** Returns the failure for an object the text does not hold (removed or renamed in the YAML meanwhile). */
export function notFound(key: ObjectKey): { ok: false; diagnostics: Diagnostic[] } {
  const what =
    key.kind === 'Pod'
      ? `pod ${key.namespace ?? 'default'}/${key.name}`
      : `${key.kind === 'Namespace' ? 'namespace' : 'external endpoint'} ${key.name}`;
  return failure('scenario/not-found', 'metadata.name', `${what} is not in the scenario any more`);
}

/** Reads the scenario for an edit; fails when its YAML or its objects have errors (fix those first). */
export function openScenario(text: string): Result<EditableScenario> {
  const docs = parseDocuments(text);
  const loaded = loadCluster(text);
  if (docs.some((d) => d.errors.length > 0) || !loaded.ok)
    return failure(
      'scenario/unreadable',
      '',
      'The scenario YAML has errors: fix them in the editor before changing it here.',
    );
  return { ok: true, value: { docs, cluster: loaded.value }, diagnostics: [] };
}

/** Returns the edited text if the cluster still loads, or the errors the edit introduced. */
export function closeScenario(docs: readonly Document[]): Result<string> {
  const text = joinDocuments(docs);
  const loaded = loadCluster(text);
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics.filter((d) => d.severity === 'error') };
  return { ok: true, value: text, diagnostics: [] };
}
