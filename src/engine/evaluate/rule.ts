import type { DirectionQuery, PeerTest, PolicyTarget, PortTest, TargetRule } from '../model/target.ts';
import type { HttpFilter, HttpMiss, L7Hold, L7Result } from '../model/l7.ts';
import type { Action, Effect, PeerHit, PeerMiss, RuleMiss, RuleTried } from '../model/verdict.ts';
import { assertNever } from '../model/assert.ts';
import { cacheable, type PeerTrace } from '../match/address.ts';
import { matchHttpRule } from '../match/http.ts';
import { findPort, portTestMatches } from '../match/ports.ts';
import { matchV1Peer } from '../match/v1-peers.ts';
import { matchCiliumPeer } from '../cilium/peers.ts';
import { matchClusterPeer } from '../cluster-policy/peers.ts';

/**
 * The one decision path for rules of every kind. A rule matches when one of its peers AND one of its
 * ports match (a missing list matches everything); a target's rules are tried in order and the first
 * that matches decides. `evaluateTarget` answers with a code (the whole-cluster loops call it for every
 * class pair, with peer answers cached per class); `traceTarget` asks the same functions with a trace
 * and returns the effect the explanation words.
 */

/**
 * Outcome codes of a target for one query: no rule matched, or the action of the rule that did; or only
 * rules with HTTP rules matched, so the connection opens with its requests `filtered` (a query without a
 * request) or the query's request is `rejected` (none of their HTTP rules admits it).
 */
export const OUTCOME = { none: 0, allow: 1, deny: 2, pass: 3, filtered: 4, rejected: 5 } as const;

/** One of `OUTCOME`'s values. */
export type OutcomeCode = (typeof OUTCOME)[keyof typeof OUTCOME];

/** Per-analysis answers of cacheable peer tests, per peer class and address slot (0 unknown, 1 miss, 2 hit). */
export class PeerMemo {
  // Keyed weakly: the memo outlives analyses of one cluster, and tests of edited policies go away.
  private readonly answers = new WeakMap<PeerTest, Uint8Array>();
  private readonly size: number;

  constructor(classCount: number) {
    this.size = classCount * 3;
  }

  private lastTest: PeerTest | undefined;
  private lastRow: Uint8Array = new Uint8Array(0);

  /** Returns whether `test` matches the query's peer, computing it once per class and slot. */
  matches(test: PeerTest, query: DirectionQuery): boolean {
    if (query.peerClass < 0 || !cacheable(test)) return matchPeer(test, query);
    // Whole-cluster loops ask one test about many peers in a row: keep its answers at hand.
    let row = test === this.lastTest ? this.lastRow : this.answers.get(test);
    if (!row) {
      row = new Uint8Array(this.size);
      this.answers.set(test, row);
    }
    this.lastTest = test;
    this.lastRow = row;
    const at = query.peerClass * 3 + (query.peerAddress?.slot ?? 0);
    let answer = row[at] ?? 0;
    if (answer === 0) {
      answer = matchPeer(test, query) ? 2 : 1;
      row[at] = answer;
    }
    return answer === 2;
  }
}

/** Returns whether one peer test matches the query's other end (each kind's matcher, chosen by the test). */
export function matchPeer(test: PeerTest, query: DirectionQuery, trace?: PeerTrace): boolean {
  switch (test.kind) {
    case 'v1-pods':
    case 'v1-ip':
      return matchV1Peer(test, query, trace);
    case 'cilium-endpoints':
    case 'cilium-entities':
    case 'cilium-cidr':
    case 'cilium-fqdn':
    case 'cilium-service':
    case 'unmodelled':
      return matchCiliumPeer(test, query, trace);
    case 'cluster-namespaces':
    case 'cluster-pods':
    case 'cluster-networks':
    case 'cluster-nodes':
    case 'cluster-domains':
      return matchClusterPeer(test, query, trace);
    default:
      return assertNever(test);
  }
}

/** What `matchRule` reports when asked to explain: the peer and port that matched (-1: the rule has no such list), or why it missed. */
interface RuleTrace {
  peer: number;
  port: number;
  hit: PeerHit | undefined;
  miss: RuleMiss | undefined;
  /** What the port's L7 rules made of the match, when it has any. */
  l7: L7Result | undefined;
}

/**
 * How a rule answers a query: it misses; it matches; or its peer and port match but HTTP rules stand
 * between the connection and its requests (`held`: the connection opens, and a request no HTTP rule
 * admits is refused).
 */
export const MATCH = { miss: 0, full: 1, held: 2 } as const;

/** One of `MATCH`'s values. */
export type MatchCode = (typeof MATCH)[keyof typeof MATCH];

/**
 * Returns how the rule answers the query. Without a trace this is the hot path (peer answers from
 * `memo`); with one it also records which peer and port matched, or why the rule missed.
 */
export function matchRule(
  rule: TargetRule,
  query: DirectionQuery,
  memo?: PeerMemo,
  trace?: RuleTrace,
): MatchCode {
  if (rule.never) {
    if (trace) trace.miss = { code: 'never', never: rule.never };
    return MATCH.miss;
  }
  const port = rule.ports ? findPort(rule.ports, query.port, query.protocol, query.destination) : -1;
  if (rule.ports && port < 0 && !trace) return MATCH.miss;
  if (rule.peers) {
    const misses: PeerMiss[] = [];
    let peer = -1;
    for (let i = 0; i < rule.peers.length && peer < 0; i++) {
      const test = rule.peers[i] as PeerTest;
      const t: PeerTrace | undefined = trace ? {} : undefined;
      const hit = t ? matchPeer(test, query, t) : memo ? memo.matches(test, query) : matchPeer(test, query);
      if (hit) {
        peer = i;
        if (trace) trace.hit = t?.hit;
      } else if (t?.miss) misses.push(t.miss);
    }
    if (peer < 0) {
      if (trace) trace.miss = { code: 'peer', misses };
      return MATCH.miss;
    }
    if (trace) trace.peer = peer;
  }
  if (rule.ports && port < 0) {
    if (trace) {
      const named = query.destination.kind === 'pod' && rule.ports.some((p) => p.kind === 'named');
      trace.miss = { code: 'port', named };
    }
    return MATCH.miss;
  }
  if (trace) trace.port = port;
  return rule.l7 ? matchL7(rule, port, query, trace) : MATCH.full;
}

/**
 * The L7 step of a rule whose peer and port matched. Every port test of the rule that admits the flow
 * counts: one without HTTP rules admits every request (Cilium: "the layer 7 portions of the latter rule
 * will have no effect"), else the request must match one HTTP rule of any of them (they are ORed). HTTP
 * rules apply to TCP only (Cilium rejects them on other protocols).
 * https://docs.cilium.io/en/stable/security/policy/layer7/
 */
function matchL7(rule: TargetRule, first: number, query: DirectionQuery, trace?: RuleTrace): MatchCode {
  const ports = rule.ports ?? [];
  const filters: { port: number; filter: HttpFilter }[] = [];
  for (let i = first; i < ports.length; i++) {
    const test = ports[i] as PortTest;
    if (i !== first && !portTestMatches(test, query.port, query.protocol, query.destination)) continue;
    const l7 = rule.l7?.[i];
    if (l7?.kind !== 'http' || query.protocol !== 'TCP') {
      if (trace) trace.port = i;
      return MATCH.full;
    }
    filters.push({ port: i, filter: l7 });
  }
  const request = query.http;
  if (!request) {
    if (trace) trace.l7 = { kind: 'filtered', holds: filters.map((f) => ({ rule, ...f })) };
    return MATCH.held;
  }
  const holds: L7Hold[] = [];
  for (const { port, filter } of filters) {
    const misses: HttpMiss[] = [];
    for (const test of filter.rules) {
      const answer = matchHttpRule(test, request);
      if (!answer.miss) {
        if (trace) {
          trace.port = port;
          trace.l7 = { kind: 'admitted', filter, index: test.index, actions: answer.actions };
        }
        return MATCH.full;
      }
      misses.push(answer.miss);
    }
    holds.push({ rule, port, filter, misses });
  }
  if (trace) trace.l7 = { kind: 'rejected', holds };
  return MATCH.held;
}

const CODES: Readonly<Record<Action, OutcomeCode>> = {
  allow: OUTCOME.allow,
  deny: OUTCOME.deny,
  pass: OUTCOME.pass,
};

/** The rule of a target that decides a query, and whether HTTP rules hold it (see `MATCH`). */
interface Decider {
  readonly index: number;
  readonly held: boolean;
}

const NONE: Decider = { index: -1, held: false };

/**
 * Returns the rule of `target` that decides the query: the first that matches; when the only matches are
 * held by HTTP rules, the first of those (every rule is tried, as Cilium merges a port's rules). With
 * `tried`, each rule that missed is recorded with why, the held matches are gathered in `holds`, and the
 * decider's trace is filled.
 */
function decidingRule(
  target: PolicyTarget,
  query: DirectionQuery,
  memo: PeerMemo | undefined,
  tried?: RuleTried[],
  trace?: RuleTrace,
  holds?: L7Hold[],
): Decider {
  const rules = target.rules(query.subject, query.direction);
  let held = -1;
  let heldTrace: RuleTrace | undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as TargetRule;
    if (trace) Object.assign(trace, { peer: -1, port: -1, hit: undefined, miss: undefined, l7: undefined });
    const code = matchRule(rule, query, memo, trace);
    if (code === MATCH.full) return { index: i, held: false };
    if (code === MATCH.held) {
      if (held < 0) {
        held = i;
        if (trace) heldTrace = { ...trace };
      }
      if (trace?.l7 && trace.l7.kind !== 'admitted') holds?.push(...trace.l7.holds);
      if (tried && trace?.l7?.kind === 'rejected')
        for (const h of trace.l7.holds)
          tried.push({
            rule,
            miss: { code: 'http', port: h.port, filter: h.filter, misses: h.misses ?? [] },
          });
    } else if (tried && trace?.miss) tried.push({ rule, miss: trace.miss });
  }
  if (held < 0) return NONE;
  if (trace && heldTrace) Object.assign(trace, heldTrace);
  return { index: held, held: true };
}

/** Returns the outcome of a target that selects the query's subject: the deciding rule's action. */
export function evaluateTarget(target: PolicyTarget, query: DirectionQuery, memo?: PeerMemo): OutcomeCode {
  const { index, held } = decidingRule(target, query, memo);
  const rule = target.rules(query.subject, query.direction)[index];
  if (!rule) return OUTCOME.none;
  if (held) return query.http ? OUTCOME.rejected : OUTCOME.filtered;
  return CODES[rule.action];
}

/** Returns the effect of a target that selects the query's subject: `evaluateTarget`'s answer, with its reasons. */
export function traceTarget(target: PolicyTarget, query: DirectionQuery): Effect {
  const tried: RuleTried[] = [];
  const holds: L7Hold[] = [];
  const trace: RuleTrace = { peer: -1, port: -1, hit: undefined, miss: undefined, l7: undefined };
  const isolates = target.tier === 'namespaced' && target.isolates(query.subject, query.direction);
  const { index, held } = decidingRule(target, query, undefined, tried, trace, holds);
  const rule = target.rules(query.subject, query.direction)[index];
  if (!rule) return { kind: 'no-match', tier: target.tier, policy: target.ref, tried, isolates };
  const l7: L7Result | undefined = held
    ? { kind: query.http ? 'rejected' : 'filtered', holds }
    : trace.l7?.kind === 'admitted'
      ? trace.l7
      : undefined;
  return {
    kind: 'match',
    tier: target.tier,
    policy: target.ref,
    action: rule.action,
    rule,
    peer: trace.peer,
    port: trace.port,
    hit: trace.hit,
    // A rule whose HTTP rules refused the request was tried; the held rules themselves are in `l7`.
    tried: held ? tried.filter((t) => t.miss.code !== 'http') : tried,
    isolates,
    ...(l7 ? { l7 } : {}),
  };
}

/** Returns an effect's outcome code (what `evaluateTarget` returns for the same query). */
export function outcomeOf(effect: Effect): OutcomeCode {
  if (effect.kind !== 'match') return OUTCOME.none;
  if (effect.l7?.kind === 'filtered') return OUTCOME.filtered;
  if (effect.l7?.kind === 'rejected') return OUTCOME.rejected;
  return CODES[effect.action];
}
