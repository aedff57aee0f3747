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
): Uint8Array {
  if (target.decideMany) return target.decideMany(direction, subject, peers, port, protocol, options);
  return Uint8Array.from(peers, (peer) => {
    const query = directionQueryFor(direction, subject, peer, port, protocol, options);
    const effect = target.decide ? target.decide(query) : target.evaluate(query);
    const action =
      typeof effect === 'object' ? (effect.kind === 'match' ? effect.action : undefined) : effect;
    return action === undefined ? ACTION_CODES.none : ACTION_CODES[action];
  });
}

/**
 * The same combination as `combineDirection` (admin by priority with Pass, namespaced union with
 * deny winning and isolation, baseline, default allow), for one subject against every peer at once.
 * Returns 1 (allowed) or 0 per peer.
 */
export function combineMany(
  selecting: readonly PolicyTarget[],
  direction: Direction,
  subject: PodView,
  peers: readonly EndpointView[],
  port: number,
  protocol: Protocol,
  options: EngineOptions,
): Uint8Array {
  const n = peers.length;
  const allowed = new Uint8Array(n).fill(1);
  if (selecting.length === 0) return allowed;
  const decided = new Uint8Array(n);
  const ordered = (tier: 'admin' | 'baseline'): PolicyTarget[] =>
    selecting.filter((t) => t.tier === tier).sort((a, b) => a.priority - b.priority);
  const orderedTier = (tier: 'admin' | 'baseline'): void => {
    const passed = new Uint8Array(n);
    for (const target of ordered(tier)) {
      const codes = codesOf(target, direction, subject, peers, port, protocol, options);
      for (let i = 0; i < n; i++) {
        if (decided[i] || passed[i]) continue;
        const code = codes[i];
        if (code === ACTION_CODES.allow || code === ACTION_CODES.deny) {
          decided[i] = 1;
          allowed[i] = code === ACTION_CODES.allow ? 1 : 0;
        } else if (code === ACTION_CODES.pass) passed[i] = 1;
      }
    }
  };
  orderedTier('admin');
  const namespaced = selecting.filter((t) => t.tier === 'namespaced');
  if (namespaced.length > 0) {
    const allow = new Uint8Array(n);
    const deny = new Uint8Array(n);
    for (const target of namespaced) {
      const codes = codesOf(target, direction, subject, peers, port, protocol, options);
      for (let i = 0; i < n; i++) {
        if (codes[i] === ACTION_CODES.deny) deny[i] = 1;
        else if (codes[i] === ACTION_CODES.allow) allow[i] = 1;
      }
    }
    const isolated = namespaced.some((t) => t.isolates(subject, direction));
    for (let i = 0; i < n; i++) {
      if (decided[i]) continue;
      if (deny[i] || allow[i] || isolated) {
        decided[i] = 1;
        allowed[i] = deny[i] ? 0 : allow[i] ? 1 : 0;
      }
    }
  }
  orderedTier('baseline');
  return allowed;
}
