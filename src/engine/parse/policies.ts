import { DiagnosticSink } from '../model/diagnostic.ts';
import type { Policy } from '../model/policy.ts';
import type { Diagnostic } from '../model/types.ts';
import { isObject } from '../validate/field-spec.ts';
import { parseManifests, type ParsedManifests, type ParseOptions } from './manifests.ts';
import { classifyObject } from './object-kinds.ts';
import { findPolicyKind, registeredPolicyKinds } from './registry.ts';
import type { SourceDoc } from '../model/source.ts';

/** Valid policies from a text (invalid objects dropped) and every diagnostic: syntax, validation, static lint. */
export interface LoadedPolicies {
  readonly policies: readonly Policy[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses and validates policies of every registered kind. Never throws. */
export function loadPolicies(text: string, options: ParseOptions = {}): LoadedPolicies {
  return loadPolicyDocuments(parseManifests(text, options));
}

/**
 * The policies of documents already parsed, e.g. from several files (each document keeps its own file
 * and positions; a policy defined twice across them is reported like one defined twice in a file).
 */
export function loadPolicyDocuments(parsed: ParsedManifests): LoadedPolicies {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const policies: Policy[] = [];
  const seen = new Map<string, number>();
  const skipped = new Map<string, number>();
  for (const doc of parsed.documents) {
    // Other objects (a whole `kubectl get -o yaml` dump, a repository) are counted in one line, not reported each.
    const other = otherKind(doc);
    if (other !== undefined) {
      skipped.set(other, (skipped.get(other) ?? 0) + 1);
      continue;
    }
    const { policy, found } = loadPolicyCached(doc, doc.file);
    if (policy) {
      const key = `${policy.kind}/${policy.namespace ?? ''}/${policy.name}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const sink = new DiagnosticSink(doc);
        sink.add(
          'duplicate-object',
          ['metadata', 'name'],
          `${policy.kind} ${policy.namespace ? `${policy.namespace}/` : ''}${policy.name} is defined twice; like \`kubectl apply\`, the last one replaces the first`,
          { severity: 'warning', fix: 'Rename one of them or delete the duplicate.' },
        );
        policies[earlier] = policy;
        diagnostics.push(...sink.diagnostics);
      } else {
        seen.set(key, policies.length);
        policies.push(policy);
      }
    }
    diagnostics.push(...found);
  }
  if (skipped.size > 0) {
    const list = [...skipped].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    const total = list.reduce((n, [, k]) => n + k, 0);
    diagnostics.push({
      code: 'policies/skipped-kinds',
      severity: 'info',
      message: `skipped ${total} objects that are not policies: ${list.map(([kind, n]) => `${n} ${kind}`).join(', ')}`,
      path: '',
    });
  }
  return { policies, diagnostics };
}

/** The kind of a document that is neither a policy nor policy-like (skipped quietly), else undefined. */
function otherKind(doc: SourceDoc): string | undefined {
  const value = doc.value;
  if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string')
    return undefined;
  const what = classifyObject(value.apiVersion, value.kind);
  return what.kind === 'cluster' || what.kind === 'other' ? value.kind : undefined;
}

/**
 * Results of `loadPolicy` per parsed object. YAML parsing returns the same object for an unchanged
 * document, so after an edit in the editor only documents that changed or moved are validated again.
 * The key holds what else the result depends on: the file name and where the document starts (its
 * source ranges are positions in the whole text).
 */
const loaded = new WeakMap<
  object,
  { readonly key: string; readonly policy: Policy | undefined; readonly found: readonly Diagnostic[] }
>();

function loadPolicyCached(
  doc: SourceDoc,
  file: string | undefined,
): { policy: Policy | undefined; found: readonly Diagnostic[] } {
  const value = doc.value;
  // JSON documents are new objects on every parse, and their ranges are costly to compute: not kept.
  const cacheable = isObject(value) && !Object.getOwnPropertyDescriptor(doc, 'range')?.get;
  const key = cacheable ? `${file ?? ''}|${doc.range?.start ?? -1}|${doc.range?.line ?? -1}` : '';
  const hit = cacheable ? loaded.get(value) : undefined;
  if (hit?.key === key) return hit;
  const sink = new DiagnosticSink(doc);
  const result = { key, policy: loadPolicy(doc, sink), found: sink.diagnostics };
  if (cacheable) loaded.set(value, result);
  return result;
}

/** Validates one document through its kind's handler; undefined (with diagnostics) when invalid or not a policy. */
export function loadPolicy(doc: SourceDoc, sink: DiagnosticSink): Policy | undefined {
  const value = doc.value;
  if (!isObject(value)) {
    sink.add(
      'invalid-type',
      [],
      `Object 'Kind' is missing in '${JSON.stringify(value).slice(0, 40)}': expected a Kubernetes object`,
    );
    return undefined;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    sink.add(
      'required',
      typeof kind !== 'string' ? ['kind'] : ['apiVersion'],
      `Object 'Kind' is missing or apiVersion is not set: every manifest needs apiVersion and kind`,
    );
    return undefined;
  }
  const handler = findPolicyKind(apiVersion, kind);
  if (!handler) {
    const what = classifyObject(apiVersion, kind);
    if (what.kind === 'policy-like')
      sink.add('policy/unsupported-kind', ['kind'], what.message, { fix: what.fix });
    else
      sink.add(
        'unknown-kind',
        ['kind'],
        `no policy kind "${kind}" in version "${apiVersion}"; ignored (known policy kinds: ${registeredPolicyKinds().join(', ')})`,
        { severity: 'warning' },
      );
    return undefined;
  }
  handler.validate(doc, sink);
  if (sink.hasErrors) return undefined;
  const metadata = value.metadata as { name: string; namespace?: string };
  const namespace = handler.namespaced ? (metadata.namespace ?? 'default') : undefined;
  const range = doc.range;
  return {
    apiVersion,
    kind: handler.kind,
    name: metadata.name,
    ...(namespace !== undefined ? { namespace } : {}),
    ref: {
      kind: handler.kind,
      name: metadata.name,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(range ? { range } : {}),
    },
    object: value,
    source: doc,
  };
}
