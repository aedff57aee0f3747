import { parseAllDocuments, stringify, type Document } from 'yaml';
import type { ExternalEntity, Labels, Protocol } from '../model/types.ts';

/**
 * Edits a scenario's manifests as text, so the builder's visual controls and its YAML editor stay one
 * source of truth: every visual change is a small rewrite of the text, keeping the other documents
 * (and their comments) as they were.
 */

/** What the visual editor can add. */
export type ScenarioObject =
  | { readonly kind: 'Namespace'; readonly name: string; readonly labels: Labels }
  | {
      readonly kind: 'Pod';
      readonly namespace: string;
      readonly name: string;
      readonly labels: Labels;
      readonly ports: readonly {
        readonly name?: string;
        readonly containerPort: number;
        readonly protocol: Protocol;
      }[];
    }
  | {
      readonly kind: 'ExternalEndpoint';
      readonly name: string;
      readonly ips: readonly string[];
      readonly dnsNames: readonly string[];
      readonly entity: ExternalEntity;
    };

/** Identifies one document: kind, name and (for pods) namespace. */
export interface ObjectKey {
  readonly kind: 'Namespace' | 'Pod' | 'ExternalEndpoint';
  readonly name: string;
  readonly namespace?: string;
}

function manifestOf(object: ScenarioObject): unknown {
  switch (object.kind) {
    case 'Namespace':
      return {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: object.name, labels: { ...object.labels } },
      };
    case 'Pod':
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: object.name, namespace: object.namespace, labels: { ...object.labels } },
        spec: {
          containers: [
            {
              name: object.name,
              image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
              ports: object.ports.map((p) => ({ ...p })),
            },
          ],
        },
      };
    case 'ExternalEndpoint':
      return {
        apiVersion: 'netpol-lab/v1',
        kind: 'ExternalEndpoint',
        metadata: { name: object.name },
        spec: {
          ips: [...object.ips],
          ...(object.dnsNames.length > 0 ? { dnsNames: [...object.dnsNames] } : {}),
          entity: object.entity,
        },
      };
  }
}

function join(docs: readonly string[]): string {
  return (
    docs
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .join('\n---\n') + '\n'
  );
}

function documents(text: string): Document.Parsed[] {
  const parsed = parseAllDocuments(text);
  // A stream of only comments parses to an empty stream, not to documents.
  return Array.isArray(parsed) ? parsed.filter((d) => d.contents !== null) : [];
}

function matches(doc: Document.Parsed, key: ObjectKey): boolean {
  const value = doc.toJS({ maxAliasCount: 0 }) as {
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  } | null;
  if (value === null || typeof value !== 'object') return false;
  const namespace = typeof value.metadata?.namespace === 'string' ? value.metadata.namespace : 'default';
  return (
    value.kind === key.kind &&
    value.metadata?.name === key.name &&
    (key.kind !== 'Pod' || namespace === (key.namespace ?? 'default'))
  );
}

/** Returns the text with the object appended as a new document. */
export function addObject(text: string, object: ScenarioObject): string {
  return join([text, stringify(manifestOf(object), { lineWidth: 0 })]);
}

/** Returns the text without the documents matching `key` (unchanged when the text does not parse). */
export function removeObject(text: string, key: ObjectKey): string {
  const docs = documents(text);
  if (docs.some((d) => d.errors.length > 0)) return text;
  return join(docs.filter((d) => !matches(d, key)).map((d) => d.toString({ lineWidth: 0 })));
}

/** Returns the text with the labels of the matching object replaced. */
export function setLabels(text: string, key: ObjectKey, labels: Labels): string {
  const docs = documents(text);
  if (docs.some((d) => d.errors.length > 0)) return text;
  return join(
    docs.map((d) => {
      if (matches(d, key)) d.setIn(['metadata', 'labels'], d.createNode({ ...labels }));
      return d.toString({ lineWidth: 0 });
    }),
  );
}

/** Parses `key=value, key2=value2` as typed in a label field; returns what it can read and what it could not. */
export function parseLabelList(input: string): {
  readonly labels: Record<string, string>;
  readonly invalid: readonly string[];
} {
  const labels: Record<string, string> = {};
  const invalid: string[] = [];
  for (const part of input
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const key = eq === -1 ? '' : part.slice(0, eq).trim();
    if (key === '' || key === '__proto__') invalid.push(part);
    else
      Object.defineProperty(labels, key, {
        value: part.slice(eq + 1).trim(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return { labels, invalid };
}

/** Formats labels as `key=value, …` for a label field. */
export function formatLabelList(labels: Labels): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}
