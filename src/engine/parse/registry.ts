import type { Policy } from '../model/policy.ts';
import type { PolicyKindHandler } from '../model/handler.ts';

export type { CompileContext, LintContext, PolicyKindHandler } from '../model/handler.ts';

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
