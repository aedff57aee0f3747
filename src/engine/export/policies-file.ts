import { stringify } from 'yaml';
import { parseManifests } from '../parse/manifests.ts';
import { loadPolicyDocuments } from '../parse/policies.ts';
import type { Policy } from '../model/policy.ts';
import { findPolicyKind } from '../parse/registry.ts';

/** An object of the policies text that the export does not write, and why. */
export interface LeftOutObject {
  /** `Kind namespace/name` as far as the object says, e.g. `ClusterRoleBinding everyone-admin`. */
  readonly object: string;
  readonly reason: string;
}

/** What `policiesFile` produces. */
export interface PoliciesFile {
  /** YAML with one document per policy, rebuilt from the loaded policy (no other field or object). */
  readonly content: string;
  readonly policies: number;
  readonly leftOut: readonly LeftOutObject[];
}

/**
 * Rebuilds the policies of a text for `kubectl apply`: only objects that loaded as a policy kind the
 * engine evaluates, each rebuilt from its validated fields. Everything else the text holds (a Pod, a
 * RoleBinding, an invalid policy) is listed as left out, so a pasted or shared text can never smuggle
 * other objects into a file the learner is told to apply.
 */
export function policiesFile(text: string): PoliciesFile {
  const parsed = parseManifests(text);
  const { policies } = loadPolicyDocuments(parsed);
  const kept = new Set<unknown>(policies.map((policy) => policy.object));
  const loadedTwice = new Set(policies.map(policyKey));
  const leftOut: LeftOutObject[] = [];
  for (const doc of parsed.documents) {
    if (kept.has(doc.value)) continue;
    leftOut.push({ object: describe(doc.value), reason: whyLeftOut(doc.value, loadedTwice) });
  }
  if (parsed.documents.length === 0 && parsed.diagnostics.some((d) => d.severity === 'error'))
    leftOut.push({ object: 'the whole text', reason: 'it is not valid YAML' });
  const content = policies.map((policy) => stringify(rebuild(policy), { version: '1.1', lineWidth: 0 }));
  return { content: content.join('---\n'), policies: policies.length, leftOut };
}

/** The object to apply: apiVersion, kind, name, namespace and labels, and the spec the engine validated. */
function rebuild(policy: Policy): Record<string, unknown> {
  const { object } = policy;
  const metadata = object.metadata as { labels?: Record<string, string> } | undefined;
  const labels = metadata?.labels;
  return {
    apiVersion: policy.apiVersion,
    kind: policy.kind,
    metadata: {
      name: policy.name,
      ...(policy.namespace !== undefined ? { namespace: policy.namespace } : {}),
      ...(labels && Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
    },
    // Cilium policies may hold a list of rules in `specs` beside (or instead of) `spec`.
    ...(object.spec !== undefined ? { spec: object.spec } : {}),
    ...(object.specs !== undefined ? { specs: object.specs } : {}),
  };
}

const policyKey = (policy: Policy): string => `${policy.kind}/${policy.namespace ?? ''}/${policy.name}`;

interface Described {
  kind?: unknown;
  apiVersion?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'a document that is not an object';
  const { kind, metadata } = value as Described;
  const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
  const what = typeof kind === 'string' ? kind : 'an object without a kind';
  if (name === undefined) return what;
  return `${what} ${namespace !== undefined ? `${namespace}/` : ''}${name}`;
}

function whyLeftOut(value: unknown, loaded: Set<string>): string {
  const { kind, apiVersion, metadata } = (value ?? {}) as Described;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return 'it has no apiVersion and kind';
  const handler = findPolicyKind(apiVersion, kind);
  if (handler === undefined) return 'it is not a policy kind the sandbox evaluates';
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  const namespace = handler.namespaced
    ? typeof metadata?.namespace === 'string'
      ? metadata.namespace
      : 'default'
    : '';
  if (loaded.has(`${handler.kind}/${namespace}/${name}`))
    return 'it is defined again later; the later definition is written';
  return 'it has errors, so the sandbox does not evaluate it';
}
