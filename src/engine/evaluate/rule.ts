import type { DirectionQuery, PeerTest, PolicyTarget, TargetRule } from '../model/target.ts';
import type { Action, Effect, PeerHit, PeerMiss, RuleMiss, RuleTried } from '../model/verdict.ts';
import { assertNever } from '../model/assert.ts';
import { cacheable, type PeerTrace } from '../match/address.ts';
import { findPort } from '../match/ports.ts';
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

/** Outcome codes of a target for one query: no rule matched, or the action of the rule that did. */
export const OUTCOME = { none: 0, allow: 1, deny: 2, pass: 3 } as const;

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
}

/**
 * Returns whether the rule matches the query. Without a trace this is the hot path (peer answers from
 * `memo`); with one it also records which peer and port matched, or why the rule missed.
 */
export function matchRule(
  rule: TargetRule,
  query: DirectionQuery,
  memo?: PeerMemo,
  trace?: RuleTrace,
): boolean {
  if (rule.never) {
    if (trace) trace.miss = { code: 'never', never: rule.never };
    return false;
  }
  const port = rule.ports ? findPort(rule.ports, query.port, query.protocol, query.destination) : -1;
  if (rule.ports && port < 0 && !trace) return false;
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
      return false;
    }
    if (trace) trace.peer = peer;
  }
  if (rule.ports && port < 0) {
    if (trace) {
      const named = query.destination.kind === 'pod' && rule.ports.some((p) => p.kind === 'named');
      trace.miss = { code: 'port', named };
    }
    return false;
  }
  if (trace) trace.port = port;
  return true;
}

const CODES: Readonly<Record<Action, OutcomeCode>> = {
  allow: OUTCOME.allow,
  deny: OUTCOME.deny,
  pass: OUTCOME.pass,
};

/**
 * Returns the index of the first rule of `target` that matches the query (the one that decides), or -1.
 * With `tried`, each rule that missed is recorded with why, and the match's trace is filled.
 */
function firstMatch(
  target: PolicyTarget,
  query: DirectionQuery,
  memo: PeerMemo | undefined,
  tried?: RuleTried[],
  trace?: RuleTrace,
): number {
  const rules = target.rules(query.subject, query.direction);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as TargetRule;
    if (trace) Object.assign(trace, { peer: -1, port: -1, hit: undefined, miss: undefined });
    if (matchRule(rule, query, memo, trace)) return i;
    if (tried && trace?.miss) tried.push({ rule, miss: trace.miss });
  }
  return -1;
}

/** Returns the outcome of a target that selects the query's subject: the first matching rule's action. */
export function evaluateTarget(target: PolicyTarget, query: DirectionQuery, memo?: PeerMemo): OutcomeCode {
  const at = firstMatch(target, query, memo);
  const rule = target.rules(query.subject, query.direction)[at];
  return rule ? CODES[rule.action] : OUTCOME.none;
}

/** Returns the effect of a target that selects the query's subject: `evaluateTarget`'s answer, with its reasons. */
export function traceTarget(target: PolicyTarget, query: DirectionQuery): Effect {
  const tried: RuleTried[] = [];
  const trace: RuleTrace = { peer: -1, port: -1, hit: undefined, miss: undefined };
  const isolates = target.tier === 'namespaced' && target.isolates(query.subject, query.direction);
  const at = firstMatch(target, query, undefined, tried, trace);
  const rule = target.rules(query.subject, query.direction)[at];
  if (!rule) return { kind: 'no-match', tier: target.tier, policy: target.ref, tried, isolates };
  return {
    kind: 'match',
    tier: target.tier,
    policy: target.ref,
    action: rule.action,
    rule,
    peer: trace.peer,
    port: trace.port,
    hit: trace.hit,
    tried,
    isolates,
  };
}

/** Returns an effect's outcome code (what `evaluateTarget` returns for the same query). */
export function outcomeOf(effect: Effect): OutcomeCode {
  return effect.kind === 'match' ? CODES[effect.action] : OUTCOME.none;
}
