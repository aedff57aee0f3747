import type { Direction, Protocol } from '../model/types.ts';
import { directionQueryFor } from './query.ts';
import {
  ACTION_CODES,
  type EndpointView,
  type EngineOptions,
  type PodView,
  type PolicyTarget,
} from './target.ts';

/** Action codes of one target for every peer, through `decideMany` or, failing that, one query per peer. */
function codesOf(
  target: PolicyTarget,
  direction: Direction,
  subject: PodView,
  peers: readonly EndpointView[],
  port: number,
  protocol: Protocol,
  options: EngineOptions,
  into: Uint8Array,
): Uint8Array {
  if (target.decideMany) return target.decideMany(direction, subject, peers, port, protocol, options, into);
  return Uint8Array.from(peers, (peer) => {
    const query = directionQueryFor(direction, subject, peer, port, protocol, options);
    const effect = target.decide ? target.decide(query) : target.evaluate(query);
    const action =
      typeof effect === 'object' ? (effect.kind === 'match' ? effect.action : undefined) : effect;
    return action === undefined ? ACTION_CODES.none : ACTION_CODES[action];
  });
}

/** Buffers `combineMany` works in, allocated once per matrix instead of once per call. */
export interface CombineScratch {
  readonly decided: Uint8Array;
  readonly passed: Uint8Array;
  readonly allow: Uint8Array;
  readonly deny: Uint8Array;
  /** One target's answers, read before the next target's are written. */
  readonly codes: Uint8Array;
}

/** Scratch buffers for subjects against `n` peers. */
export function combineScratch(n: number): CombineScratch {
  return {
    decided: new Uint8Array(n),
    passed: new Uint8Array(n),
    allow: new Uint8Array(n),
    deny: new Uint8Array(n),
    codes: new Uint8Array(n),
  };
}

/** The targets of one tier, in priority order (admin and baseline only: namespaced ones have no order). */
function ordered(selecting: readonly PolicyTarget[], tier: 'admin' | 'baseline'): PolicyTarget[] {
  return selecting.filter((t) => t.tier === tier).sort((a, b) => a.priority - b.priority);
}

/**
 * The same combination as `combineDirection` (admin by priority with Pass, namespaced union with
 * deny winning and isolation, baseline, default allow), for one subject against every peer at once.
 * Writes 1 (allowed) or 0 per peer into `out` from `at` on (the caller's table row).
 */
export function combineMany(
  selecting: readonly PolicyTarget[],
  direction: Direction,
  subject: PodView,
  peers: readonly EndpointView[],
  port: number,
  protocol: Protocol,
  options: EngineOptions,
  out: Uint8Array,
  at: number,
  scratch: CombineScratch,
): void {
  const n = peers.length;
  out.fill(1, at, at + n);
  if (selecting.length === 0) return;
  let tiered = false;
  for (const t of selecting) if (t.tier !== 'namespaced') tiered = true;
  const decided = scratch.decided.fill(0, 0, n);
  const orderedTier = (tier: 'admin' | 'baseline'): void => {
    const passed = scratch.passed.fill(0, 0, n);
    for (const target of ordered(selecting, tier)) {
      const codes = codesOf(target, direction, subject, peers, port, protocol, options, scratch.codes);
      for (let i = 0; i < n; i++) {
        if (decided[i] || passed[i]) continue;
        const code = codes[i];
        if (code === ACTION_CODES.allow || code === ACTION_CODES.deny) {
          decided[i] = 1;
          out[at + i] = code === ACTION_CODES.allow ? 1 : 0;
        } else if (code === ACTION_CODES.pass) passed[i] = 1;
      }
    }
  };
  // Only NetworkPolicies (the common case): no tiers to order.
  if (tiered) orderedTier('admin');
  const allow = scratch.allow.fill(0, 0, n);
  const deny = scratch.deny.fill(0, 0, n);
  let isolated = false;
  let any = false;
  for (const target of selecting) {
    if (target.tier !== 'namespaced') continue;
    any = true;
    const codes = codesOf(target, direction, subject, peers, port, protocol, options, scratch.codes);
    for (let i = 0; i < n; i++) {
      if (codes[i] === ACTION_CODES.deny) deny[i] = 1;
      else if (codes[i] === ACTION_CODES.allow) allow[i] = 1;
    }
    if (!isolated && target.isolates(subject, direction)) isolated = true;
  }
  if (any) {
    for (let i = 0; i < n; i++) {
      if (decided[i]) continue;
      if (deny[i] || allow[i] || isolated) {
        decided[i] = 1;
        out[at + i] = deny[i] ? 0 : allow[i] ? 1 : 0;
      }
    }
  }
  if (tiered) orderedTier('baseline');
}
