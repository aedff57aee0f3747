import {
  convertPolicies,
  type Cluster,
  type FlowChange,
  type Policy,
  type PolicyFormat,
  type PortProtocol,
} from '../../engine/index.ts';

/** The format the editor's policies are in: one of the two, both mixed, or none written yet. */
export type TextFormat = PolicyFormat | 'mixed' | 'none';

/** Returns the format of the loaded policies (other kinds, such as ClusterNetworkPolicy, do not count). */
export function textFormat(policies: readonly Policy[]): TextFormat {
  const kubernetes = policies.some((p) => p.ref.kind === 'NetworkPolicy');
  const cilium = policies.some((p) => p.ref.kind === 'CiliumNetworkPolicy');
  return kubernetes && cilium ? 'mixed' : kubernetes ? 'kubernetes' : cilium ? 'cilium' : 'none';
}

/** A conversion ready to apply, said in words, with the verdicts it would change (empty: none). */
export type ConvertOutcome =
  | {
      readonly ok: true;
      readonly text: string;
      readonly summary: string;
      /** What has no equivalent and was kept as written, one line each. */
      readonly steps: readonly string[];
      readonly changes: readonly FlowChange[];
    }
  | { readonly ok: false; readonly message: string };

const KIND: Readonly<Record<PolicyFormat, string>> = {
  kubernetes: 'NetworkPolicy',
  cilium: 'CiliumNetworkPolicy',
};

/** Returns the editor's text converted by the engine, proven on the scenario's ports. */
export function convertView(
  cluster: Cluster,
  text: string,
  to: PolicyFormat,
  ports: readonly PortProtocol[],
): ConvertOutcome {
  const result = convertPolicies(text, to, { cluster, ports });
  if (!result.ok) return { ok: false, message: result.diagnostics.map((d) => d.message).join(' ') };
  const { converted, kept, changes = [], ports: proven = ports } = result.value;
  if (converted.length === 0 && kept.length === 0)
    return {
      ok: false,
      message: `There is no ${KIND[to === 'cilium' ? 'kubernetes' : 'cilium']} to convert.`,
    };
  const steps = kept.flatMap((k) =>
    k.losses.map(
      (l) =>
        `Kept ${k.policy.kind} ${k.policy.namespace}/${k.policy.name} as written: ${l.path}: ${l.reason}`,
    ),
  );
  const n = converted.length;
  const verdicts =
    changes.length === 0
      ? `every verdict is unchanged (checked on ${proven.length} port${proven.length === 1 ? '' : 's'})`
      : `${changes.length} verdict${changes.length === 1 ? '' : 's'} changed`;
  const keptText = kept.length > 0 ? `; ${kept.length} kept as written (no equivalent)` : '';
  return {
    ok: true,
    text: result.value.text,
    summary: `Converted ${n} polic${n === 1 ? 'y' : 'ies'} to ${KIND[to]}${keptText}: ${verdicts}.`,
    steps,
    changes,
  };
}
