import type { DiagnosticSink } from '../model/diagnostic.ts';
import type { Policy } from '../model/policy.ts';
import type { Cluster, Diagnostic, Protocol } from '../model/types.ts';
import type { PolicyKind } from '../model/verdict.ts';
import type { EngineOptions, PolicyTarget } from '../evaluate/target.ts';
import type { SourceDoc } from './source.ts';

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
 * Cilium and cluster-wide kinds register theirs the same way (see `parse/builtin-kinds.ts`).
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

const handlers = new Map<string, PolicyKindHandler>();

/** Registers (or replaces) the handler for an apiVersion + kind. */
export function registerPolicyKind(handler: PolicyKindHandler): void {
  handlers.set(`${handler.apiVersion}/${handler.kind}`, handler);
}

/** Returns the handler for an apiVersion + kind, if one is registered. */
export function findPolicyKind(apiVersion: string, kind: string): PolicyKindHandler | undefined {
  return handlers.get(`${apiVersion}/${kind}`);
}

/** Returns the handler of a loaded policy (always registered, since it was loaded through it). */
export function handlerOf(policy: Policy): PolicyKindHandler {
  const handler = findPolicyKind(policy.apiVersion, policy.kind);
  if (!handler) throw new Error(`no handler registered for ${policy.apiVersion} ${policy.kind}`);
  return handler;
}

/** The apiVersion/kind pairs that have a handler, e.g. for "expected one of" messages. */
export function registeredPolicyKinds(): string[] {
  return [...handlers.keys()];
}
