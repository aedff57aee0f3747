import type { EngineOptions, PodView } from '../model/endpoint.ts';
import type { Cluster, Diagnostic, Direction, SourceRange } from '../model/types.ts';
import type { FlowChange, PortProtocol } from '../model/verdict.ts';
import type { PolicyKey } from './text.ts';

/** Which policy format new rules are written in. */
export type PolicyFormat = 'kubernetes' | 'cilium';

/** What every authoring action starts from: the cluster and the editor's policies text. */
export interface AuthorInput {
  readonly cluster: Cluster;
  readonly policiesText: string;
  readonly options?: Partial<EngineOptions>;
  /** Format of new policies; defaults to Cilium when the text holds only CiliumNetworkPolicies. */
  readonly format?: PolicyFormat;
  /** Ports the proof compares besides the scenario's and the flow's own. */
  readonly ports?: readonly PortProtocol[];
}

/** One change made to the text, in words, pointing at the policy it touched. */
export interface AuthorStep {
  readonly kind: 'added-rule' | 'created-policy' | 'removed-rule' | 'removed-peer';
  readonly policy: PolicyKey;
  readonly direction?: Direction;
  /** Field path of the rule or peer touched (before the edit, for removals). */
  readonly path?: string;
  readonly message: string;
}

/** The result of an action: the new text and what changed, proven by comparing verdicts before and after. */
export interface AuthorEdit {
  readonly text: string;
  readonly steps: readonly AuthorStep[];
  /** Every verdict that changed, over the proof's ports. */
  readonly changes: readonly FlowChange[];
  /** Changes other than the one asked for (allow/block), each unavoidable with selectors (see `because`). */
  readonly collateral: readonly FlowChange[];
  /** Why collateral changes could not be avoided. */
  readonly because?: string;
  /** `1 connection newly allowed`. */
  readonly summary: string;
  readonly ports: readonly PortProtocol[];
}

/** Which directions `isolatePod` closes. */
export type IsolateDirection = Direction | 'both';

/** Returns a failure with one diagnostic. */
export function refuse(
  code: string,
  message: string,
  range?: SourceRange,
): { readonly ok: false; readonly diagnostics: readonly Diagnostic[] } {
  return {
    ok: false,
    diagnostics: [
      { code: `author/${code}`, severity: 'error', message, path: '', ...(range ? { range } : {}) },
    ],
  };
}

/** Returns the pods of a namespace, as views, from an analysis's endpoints. */
export function podsIn(endpoints: readonly { kind: string }[], namespace: string): PodView[] {
  return endpoints.filter(
    (e): e is PodView => e.kind === 'pod' && (e as PodView).namespace.name === namespace,
  );
}
