import { stringify } from 'yaml';
import type { EngineOptions } from '../model/endpoint.ts';
import type { Cluster, Result } from '../model/types.ts';
import type { FlowChange, PortProtocol } from '../model/verdict.ts';
import { loadText, proofPorts, proveChanges } from '../author/prove.ts';
import { readDocuments, type PolicyKey } from '../author/text.ts';
import type { PolicyFormat } from '../author/model.ts';
import { asObject, Losses, scalarText, type Obj, type Untranslatable } from './model.ts';
import { networkPolicyToCilium } from './to-cilium.ts';
import { ciliumToNetworkPolicy } from './to-kubernetes.ts';

export type { Untranslatable } from './model.ts';

/** A policy left as written, with everything in it the other format cannot say. */
export interface KeptPolicy {
  readonly policy: PolicyKey;
  readonly losses: readonly Untranslatable[];
}

/** The policies text in the other format, what could not be converted, and the verdicts that would change. */
export interface Conversion {
  readonly text: string;
  readonly converted: readonly PolicyKey[];
  /** Policies kept in their own format because part of them has no equivalent (never dropped). */
  readonly kept: readonly KeptPolicy[];
  /** Verdicts that differ after converting (empty when the engine proved them identical); absent without a cluster. */
  readonly changes?: readonly FlowChange[];
  readonly ports?: readonly PortProtocol[];
}

/** The cluster a conversion is proven against. */
export interface ConversionProof {
  readonly cluster: Cluster;
  readonly options?: Partial<EngineOptions>;
  readonly ports?: readonly PortProtocol[];
}

function keyOf(object: Obj, kind: string): PolicyKey {
  const meta = asObject(object.metadata) ?? {};
  return {
    kind,
    name: scalarText(meta.name),
    namespace: typeof meta.namespace === 'string' ? meta.namespace : 'default',
  };
}

/**
 * Returns the policies text with every NetworkPolicy turned into a CiliumNetworkPolicy (`to: 'cilium'`) or
 * every CiliumNetworkPolicy into a NetworkPolicy (`to: 'kubernetes'`) where they are equivalent; other
 * documents stay as written. With a cluster, the verdicts before and after are compared by the engine.
 */
export function convertPolicies(text: string, to: PolicyFormat, proof?: ConversionProof): Result<Conversion> {
  const docs = readDocuments(text);
  if (!docs)
    return {
      ok: false,
      diagnostics: [
        {
          code: 'convert/unreadable',
          severity: 'error',
          path: '',
          message: 'The policies YAML has errors: fix them in the editor first.',
        },
      ],
    };
  const converted: PolicyKey[] = [];
  const kept: KeptPolicy[] = [];
  let out = '';
  let last = 0;
  docs.forEach((doc, i) => {
    const start = i === 0 ? 0 : (docs[i - 1]?.range[2] ?? 0);
    const end = doc.range[2];
    const object = asObject(doc.toJS({ maxAliasCount: 0 }));
    const from = to === 'cilium' ? 'NetworkPolicy' : 'CiliumNetworkPolicy';
    const apiVersion = to === 'cilium' ? 'networking.k8s.io/v1' : 'cilium.io/v2';
    if (object?.kind !== from || object.apiVersion !== apiVersion) return;
    const losses = new Losses();
    const result = to === 'cilium' ? networkPolicyToCilium(object) : ciliumToNetworkPolicy(object, losses);
    if (!result) return void kept.push({ policy: keyOf(object, from), losses: losses.items });
    // The comment lines above the object stay above it.
    const lead = text.slice(start, doc.contents?.range?.[0] ?? start);
    const lines = lead.split('\n').filter((l) => l.trimStart().startsWith('#'));
    const comment = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    const marker = i === 0 ? '' : '---\n';
    out +=
      text.slice(last, start) +
      marker +
      comment +
      stringify(result, { lineWidth: 0, aliasDuplicateObjects: false });
    last = end;
    converted.push(keyOf(object, String(result.kind)));
  });
  const newText = out + text.slice(last);
  if (!proof) return { ok: true, value: { text: newText, converted, kept }, diagnostics: [] };
  const before = loadText(proof.cluster, text, proof.options);
  const after = loadText(proof.cluster, newText, proof.options);
  const ports = proofPorts(proof.cluster, proof.ports ?? []);
  const changes = proveChanges(before.analysis, after.analysis, ports);
  return { ok: true, value: { text: newText, converted, kept, changes, ports }, diagnostics: [] };
}
