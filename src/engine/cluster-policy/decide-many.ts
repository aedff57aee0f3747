import type { Direction, Protocol } from '../model/types.ts';
import { directionQueryFor } from '../evaluate/query.ts';
import { ACTION_CODES, type EndpointView, type EngineOptions, type PodView } from '../evaluate/target.ts';
import { peerMatches, portMatches } from './match.ts';
import type { ClusterRule } from './model.ts';

/**
 * The whole-cluster fast path of a cluster-wide target: one subject against every peer, rules in
 * order, first match wins. Which peers a rule selects does not depend on the subject or the port, so
 * it is computed once per rule and peers array (the caller reuses one array per analysis).
 */

const peerCache = new WeakMap<readonly EndpointView[], Map<ClusterRule, Uint8Array>>();

function peersOf(
  rule: ClusterRule,
  direction: Direction,
  subject: PodView,
  peers: readonly EndpointView[],
  options: EngineOptions,
): Uint8Array {
  let byRule = peerCache.get(peers);
  if (!byRule) {
    byRule = new Map();
    peerCache.set(peers, byRule);
  }
  let hits = byRule.get(rule);
  if (!hits) {
    hits = Uint8Array.from(peers, (peer) => {
      const query = directionQueryFor(direction, subject, peer, 0, 'TCP', options);
      return rule.peers.some((p) => peerMatches(p, query)) ? 1 : 0;
    });
    byRule.set(rule, hits);
  }
  return hits;
}

/** Returns action codes per peer for an ordered rule list (the subject is already known to be selected). */
export function decideManyOrdered(
  rules: readonly ClusterRule[],
  ctx: {
    direction: Direction;
    subject: PodView;
    peers: readonly EndpointView[];
    port: number;
    protocol: Protocol;
    options: EngineOptions;
  },
): Uint8Array {
  const { direction, subject, peers, port, protocol, options } = ctx;
  const out = new Uint8Array(peers.length);
  const decided = new Uint8Array(peers.length);
  const probe = directionQueryFor(direction, subject, subject, port, protocol, options);
  for (const rule of rules) {
    const named = rule.ports?.some((p) => p.kind === 'named') ?? false;
    const perPeer = named && direction === 'egress';
    if (rule.ports && !perPeer && !rule.ports.some((p) => portMatches(p, probe))) continue;
    const hits = peersOf(rule, direction, subject, peers, options);
    const code = ACTION_CODES[rule.action];
    for (let i = 0; i < peers.length; i++) {
      if (decided[i] || !hits[i]) continue;
      if (perPeer) {
        const peer = peers[i];
        if (!peer) continue;
        const query = directionQueryFor(direction, subject, peer, port, protocol, options);
        if (!(rule.ports ?? []).some((p) => portMatches(p, query))) continue;
      }
      out[i] = code;
      decided[i] = 1;
    }
  }
  return out;
}
