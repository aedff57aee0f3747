import { stringify } from 'yaml';
import { DiagnosticSink } from '../model/diagnostic.ts';
import type { ExternalEntity, Labels, Protocol, Result } from '../model/types.ts';
import { parseIp } from '../match/ip.ts';
import { checkDns1123Subdomain } from '../validate/k8s-names.ts';
import {
  closeScenario,
  notFound,
  joinDocuments,
  matchesKey,
  openScenario,
  parseDocuments,
  type ObjectKey,
} from './documents.ts';

export type { ObjectKey } from './documents.ts';

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

/** Returns the text with the object appended as a new document. */
export function addObject(text: string, object: ScenarioObject): string {
  return joinDocuments([text, stringify(manifestOf(object), { lineWidth: 0 })]);
}

/** Returns the text without the documents matching `key` (unchanged when the text does not parse). */
export function removeObject(text: string, key: ObjectKey): string {
  const docs = parseDocuments(text);
  if (docs.some((d) => d.errors.length > 0)) return text;
  return joinDocuments(docs.filter((d) => !matchesKey(d, key)));
}

/** Returns the text with the labels of the matching object replaced. */
export function setLabels(text: string, key: ObjectKey, labels: Labels): string {
  const docs = parseDocuments(text);
  if (docs.some((d) => d.errors.length > 0)) return text;
  for (const d of docs) if (matchesKey(d, key)) d.setIn(['metadata', 'labels'], d.createNode({ ...labels }));
  return joinDocuments(docs);
}

/** What an external endpoint stands for: its addresses, DNS names and Cilium entity. */
export interface ExternalSpec {
  readonly ips: readonly string[];
  readonly dnsNames: readonly string[];
  readonly entity: ExternalEntity;
}

/** The entities an external endpoint can stand for, as Cilium names them. */
export const EXTERNAL_ENTITIES: readonly ExternalEntity[] = [
  'world',
  'host',
  'remote-node',
  'kube-apiserver',
];

/** Returns the text with the external endpoint's spec replaced, or why the new spec is not valid. */
export function setExternal(text: string, name: string, spec: ExternalSpec): Result<string> {
  const opened = openScenario(text);
  if (!opened.ok) return opened;
  const sink = new DiagnosticSink();
  if (spec.ips.length === 0) sink.required(['spec', 'ips'], 'at least one IP address');
  spec.ips.forEach((ip, i) => {
    if (!parseIp(ip))
      sink.invalid(['spec', 'ips', i], ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  });
  spec.dnsNames.forEach((dns, i) => {
    for (const error of checkDns1123Subdomain(dns)) sink.invalid(['spec', 'dnsNames', i], dns, error);
  });
  if (!EXTERNAL_ENTITIES.includes(spec.entity))
    sink.unsupported(['spec', 'entity'], spec.entity, EXTERNAL_ENTITIES);
  if (sink.hasErrors) return { ok: false, diagnostics: sink.diagnostics };
  const doc = opened.value.docs.find((d) => matchesKey(d, { kind: 'ExternalEndpoint', name }));
  if (!doc) return notFound({ kind: 'ExternalEndpoint', name });
  doc.setIn(['spec', 'ips'], doc.createNode([...spec.ips], { flow: true }));
  if (spec.dnsNames.length > 0)
    doc.setIn(['spec', 'dnsNames'], doc.createNode([...spec.dnsNames], { flow: true }));
  else doc.deleteIn(['spec', 'dnsNames']);
  doc.setIn(['spec', 'entity'], spec.entity);
  return closeScenario(opened.value.docs);
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
