import type { DiagnosticSink } from './diagnostic.ts';
import type { EngineOptions } from './endpoint.ts';
import type { Policy } from './policy.ts';
import type { SourceDoc } from './source.ts';
import type { PolicyTarget } from './target.ts';
import type { Cluster, Diagnostic, Protocol } from './types.ts';
import type { PolicyKind } from './verdict.ts';

/** What a kind's compiler may look at besides the policy. */
export interface CompileContext {
  readonly cluster: Cluster;
  readonly options: EngineOptions;
}

/** What a kind's cluster-aware lint may look at. */
export interface LintContext {
  readonly cluster: Cluster;
  /** Every valid policy loaded together with this one, all kinds. */
  readonly policies: readonly Policy[];
  /** Whether `from` may open a connection to `to` on the port, under all policies. */
  readonly allows: (from: string, to: string, port: number, protocol: Protocol) => boolean;
}

/**
 * Everything the engine needs to know about one policy kind. NetworkPolicy v1 registers one;
 * Cilium and cluster-wide kinds register theirs the same way (see `kinds.ts`).
 */
export interface PolicyKindHandler {
  readonly apiVersion: string;
  readonly kind: PolicyKind;
  /** Whether objects of this kind live in a namespace (default namespace `default` when omitted). */
  readonly namespaced: boolean;
  /** Reports API-server errors and static lint warnings for one document. */
  validate(doc: SourceDoc, sink: DiagnosticSink): void;
  /** Compiles a valid policy into targets the combiner evaluates. */
  compile(policy: Policy, context: CompileContext): readonly PolicyTarget[];
  /** Lint that needs the cluster (a policy selecting no pod, named ports nobody defines, ...). */
  lint?(policy: Policy, context: LintContext): readonly Diagnostic[];
}
