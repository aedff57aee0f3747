import type { Direction, Protocol } from '../model/types.ts';
import { directionQueryFor } from '../evaluate/query.ts';
import { ACTION_CODES, type EndpointView, type EngineOptions, type PodView } from '../evaluate/target.ts';
import type { CiliumRule } from './model.ts';
import { ciliumPortRuleMatches } from './ports.ts';
import { hasPeerFields, peerMatches } from './rule-match.ts';

/**
 * The whole-cluster fast path of a Cilium target: one subject against every peer. Which peers a
 * rule's peer fields select does not depend on the subject or the port, so it is computed once per
 * rule and peers array (the caller reuses one array per analysis). FQDN peers are skipped here: the
 * caller re-checks external endpoints with DNS names one by one, with the names they resolved.
 */

const l3Cache = new WeakMap<readonly EndpointView[], Map<CiliumRule, Uint8Array>>();

function l3Of(
  rule: CiliumRule,
  direction: Direction,
  subject: PodView,
  peers: readonly EndpointView[],
  ns: string | undefined,
  options: EngineOptions,
): Uint8Array {
  let byRule = l3Cache.get(peers);
  if (!byRule) {
    byRule = new Map();
    l3Cache.set(peers, byRule);
  }
  let codes = byRule.get(rule);
  if (!codes) {
    codes = Uint8Array.from(peers, (peer) =>
      peerMatches(rule, directionQueryFor(direction, subject, peer, 0, 'TCP', options), ns) ? 1 : 0,
    );
    byRule.set(rule, codes);
  }
  return codes;
}

function hasNamedPort(rule: CiliumRule): boolean {
  return (rule.toPorts ?? []).some((pr) =>
    pr.ports.some((p) => typeof p.port === 'string' && !/^\d+$/.test(p.port)),
  );
}

/** Returns, per peer, whether the rule matches (1) or not (0): peer fields and ports as in `ciliumRuleMatches`. */
function ruleMany(
  rule: CiliumRule,
  direction: Direction,
  subject: PodView,
  peers: readonly EndpointView[],
  port: number,
  protocol: Protocol,
  ns: string | undefined,
  options: EngineOptions,
): Uint8Array | undefined {
  const peerFields = hasPeerFields(rule);
  if (!rule.toPorts && (rule.icmps || !peerFields)) return undefined;
  const perPeerPorts = rule.toPorts !== undefined && direction === 'egress' && hasNamedPort(rule);
  if (rule.toPorts && !perPeerPorts) {
    const probe = directionQueryFor(direction, subject, subject, port, protocol, options);
    if (!rule.toPorts.some((p) => ciliumPortRuleMatches(p, probe))) return undefined;
  }
  const l3 = peerFields ? l3Of(rule, direction, subject, peers, ns, options) : allOnes(peers);
  if (!perPeerPorts) return l3;
  return Uint8Array.from(peers, (peer, i) => {
    if (!l3[i]) return 0;
    const query = directionQueryFor(direction, subject, peer, port, protocol, options);
    return (rule.toPorts ?? []).some((p) => ciliumPortRuleMatches(p, query)) ? 1 : 0;
  });
}

const onesCache = new WeakMap<readonly EndpointView[], Uint8Array>();

function allOnes(peers: readonly EndpointView[]): Uint8Array {
  let ones = onesCache.get(peers);
  if (!ones) {
    ones = new Uint8Array(peers.length).fill(1);
    onesCache.set(peers, ones);
  }
  return ones;
}

/** Returns action codes per peer: deny when a deny rule matches, else allow when an allow rule matches. */
export function decideManyCilium(
  deny: readonly CiliumRule[],
  allow: readonly CiliumRule[],
  ctx: {
    direction: Direction;
    subject: PodView;
    peers: readonly EndpointView[];
    port: number;
    protocol: Protocol;
    ns: string | undefined;
    options: EngineOptions;
  },
): Uint8Array {
  const { direction, subject, peers, port, protocol, ns, options } = ctx;
  const out = new Uint8Array(peers.length);
  const mark = (rules: readonly CiliumRule[], code: number): void => {
    for (const rule of rules) {
      const hits = ruleMany(rule, direction, subject, peers, port, protocol, ns, options);
      if (!hits) continue;
      for (let i = 0; i < hits.length; i++) if (hits[i]) out[i] = code;
    }
  };
  mark(allow, ACTION_CODES.allow);
  mark(deny, ACTION_CODES.deny);
  return out;
}
