import type { Direction, EndpointId } from '../model/types.ts';
import type { Action, Decision, DirectionVerdict, Effect, PolicyRef, Tier } from '../model/verdict.ts';
import { assertNever } from '../model/assert.ts';
import type { DirectionQuery, PolicyTarget } from './target.ts';

/**
 * Combines the targets that select a subject into one direction's answer:
 * 1. admin tier, by priority: the first matching rule decides (Allow/Deny), Pass skips to step 2;
 * 2. namespaced tier (v1, Cilium): any deny wins, else any allow; a subject selected by an isolating
 *    target and not allowed is denied (default deny);
 * 3. baseline tier, by priority: the first matching rule decides;
 * 4. otherwise the flow is allowed (not isolated).
 * https://network-policy-api.sigs.k8s.io/api-overview/ (tiers) and
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation
 */
export function combineDirection(
  direction: Direction,
  subject: EndpointId,
  selecting: readonly PolicyTarget[],
  query: DirectionQuery,
): DirectionVerdict {
  const effects: Effect[] = [];
  const chain: string[] = [];
  const done = (allowed: boolean, decision: Decision): DirectionVerdict => ({
    direction,
    subject,
    allowed,
    decision,
    effects,
    chain: chain.join(' → '),
  });
  for (const tier of ['admin', 'namespaced', 'baseline'] as const) {
    const targets = selecting.filter((t) => t.tier === tier);
    if (targets.length === 0) continue;
    if (tier === 'namespaced') {
      const answer = namespacedTier(targets, query, effects, chain);
      if (answer) return done(answer.allowed, answer.decision);
      continue;
    }
    for (const target of [...targets].sort((a, b) => a.priority - b.priority)) {
      const effect = target.evaluate(query);
      effects.push(effect);
      if (effect.kind !== 'match') continue;
      chain.push(`${label(tier, target.ref)} ${verb(effect.action)}`);
      if (effect.action === 'allow') return done(true, 'allowed-by-rule');
      if (effect.action === 'deny') return done(false, 'denied-by-rule');
      break; // Pass: skip the rest of this tier
    }
  }
  chain.push(
    selecting.length === 0 ? `no policy selects ${subject} for ${direction} → Allow` : '[Default] Allow',
  );
  return done(true, 'not-isolated');
}

function namespacedTier(
  targets: readonly PolicyTarget[],
  query: DirectionQuery,
  effects: Effect[],
  chain: string[],
): { allowed: boolean; decision: Decision } | undefined {
  let allow: Effect | undefined;
  let deny: Effect | undefined;
  for (const target of targets) {
    const effect = target.evaluate(query);
    effects.push(effect);
    if (effect.kind !== 'match') continue;
    if (effect.action === 'deny') deny ??= effect;
    else if (effect.action === 'allow') allow ??= effect;
  }
  if (deny) {
    chain.push(`${label('namespaced', deny.kind === 'match' ? deny.policy : targets[0]?.ref)} Deny`);
    return { allowed: false, decision: 'denied-by-rule' };
  }
  if (allow) {
    chain.push(`${label('namespaced', allow.kind === 'match' ? allow.policy : undefined)} Allow`);
    return { allowed: true, decision: 'allowed-by-rule' };
  }
  const isolating = targets.filter((t) => t.isolates(query.subject, query.direction));
  if (isolating.length === 0) return undefined;
  chain.push(
    `[${isolating.map((t) => `${t.ref.kind} ${refName(t.ref)}`).join(', ')}] Default deny (isolated, no rule allows)`,
  );
  return { allowed: false, decision: 'default-deny' };
}

/** The same answer as `combineDirection(...).allowed`, without building effects (whole-cluster results). */
export function decideDirection(selecting: readonly PolicyTarget[], query: DirectionQuery): boolean {
  if (selecting.length === 0) return true;
  for (const tier of ['admin', 'namespaced', 'baseline'] as const) {
    let allow = false;
    let isolated = false;
    for (const target of tier === 'namespaced' ? selecting : sorted(selecting)) {
      if (target.tier !== tier) continue;
      const action = actionOf(target, query);
      if (tier === 'namespaced') {
        if (action === 'deny') return false;
        allow ||= action === 'allow';
        isolated ||= target.isolates(query.subject, query.direction);
        continue;
      }
      if (action === 'allow' || action === 'deny') return action === 'allow';
      if (action === 'pass') break;
    }
    if (tier === 'namespaced' && (allow || isolated)) return allow;
  }
  return true;
}

const sortedCache = new WeakMap<readonly PolicyTarget[], readonly PolicyTarget[]>();

function sorted(targets: readonly PolicyTarget[]): readonly PolicyTarget[] {
  let out = sortedCache.get(targets);
  if (!out) {
    out = [...targets].sort((a, b) => a.priority - b.priority);
    sortedCache.set(targets, out);
  }
  return out;
}

function actionOf(target: PolicyTarget, query: DirectionQuery): Action | undefined {
  if (target.decide) return target.decide(query);
  const effect = target.evaluate(query);
  return effect.kind === 'match' ? effect.action : undefined;
}

/** `ns/name` or `name`. */
export function refName(ref: PolicyRef | undefined): string {
  if (!ref) return '?';
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

function label(tier: Tier, ref: PolicyRef | undefined): string {
  switch (tier) {
    case 'admin':
      return `[Admin ${ref?.kind ?? ''} ${refName(ref)}]`;
    case 'baseline':
      return `[Baseline ${ref?.kind ?? ''} ${refName(ref)}]`;
    case 'namespaced':
      return `[${ref?.kind ?? 'NetworkPolicy'} ${refName(ref)}]`;
    default:
      return assertNever(tier);
  }
}

function verb(action: Action): string {
  return action === 'allow' ? 'Allow' : action === 'deny' ? 'Deny' : 'Pass';
}
