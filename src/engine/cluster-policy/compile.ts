import type { Direction, Protocol, SourceRange } from '../model/types.ts';
import type { Action, Effect, PolicyRef, Reason } from '../model/verdict.ts';
import type {
  DirectionQuery,
  EndpointView,
  EngineOptions,
  PodView,
  PolicyTarget,
} from '../evaluate/target.ts';
import type { Cidr } from '../match/ip.ts';
import { decideManyOrdered } from './decide-many.ts';
import { peerMatches, peerMiss, portMatches, portText, subjectMatches, subjectMiss } from './match.ts';
import type { ClusterPolicy, ClusterRule } from './model.ts';

/**
 * Compiles a cluster-wide policy into a target of the admin or baseline tier. Rules are tried in
 * order and the first whose peer and port match decides (Accept/Allow, Deny or Pass); the
 * combiner orders policies by priority and moves on to the next tier on Pass or no match.
 */

type RuleOutcome =
  | { readonly matched: true; readonly reasons: readonly Reason[] }
  | { readonly matched: false; readonly reason: Reason };

function ruleLabel(rule: ClusterRule): string {
  const at = rule.path.replace(/^spec\./, '');
  return rule.name !== undefined ? `${at} (\`${rule.name}\`)` : at;
}

// https://network-policy-api.sigs.k8s.io/reference/spec/ — a rule matches when one peer AND one port (if any) match.
function matchRule(rule: ClusterRule, query: DirectionQuery, range: SourceRange | undefined): RuleOutcome {
  const at = range ? { range } : {};
  const label = ruleLabel(rule);
  const misses: string[] = [];
  const hit = rule.peers.find((p) => {
    const miss = peerMiss(p, query);
    if (miss !== undefined) misses.push(miss);
    return miss === undefined;
  });
  if (!hit) return { matched: false, reason: { text: `${label}: ${misses.join('; ') || 'no peer'}`, ...at } };
  const reasons: Reason[] = [
    {
      text: `${label}: \`${query.peer.id}\` matches ${hit.path.replace(/^spec\./, '')} (${hit.kind})`,
      ...at,
    },
  ];
  const flow = `${query.port}/${query.protocol}`;
  if (rule.ports !== undefined) {
    const port = rule.ports.find((p) => portMatches(p, query));
    if (!port)
      return {
        matched: false,
        reason: { text: `${label}: port ${flow} not in [${rule.ports.map(portText).join(', ')}]`, ...at },
      };
    reasons.push({ text: `port ${flow} matches ${portText(port)}`, ...at });
  } else {
    reasons.push({ text: `${label} lists no ports, so every port matches` });
  }
  return { matched: true, reasons };
}

function rulesFor(policy: ClusterPolicy, direction: Direction): readonly ClusterRule[] {
  return direction === 'ingress' ? policy.ingress : policy.egress;
}

/** Returns every CIDR of `networks` peers: pods are told apart by these (networks match pod IPs). */
function networkCidrs(policy: ClusterPolicy): Cidr[] {
  return [...policy.ingress, ...policy.egress].flatMap((r) =>
    r.peers.flatMap((p) => (p.kind === 'networks' ? p.cidrs : [])),
  );
}

/** Returns the compiled target; `rangeOf` maps field paths to source ranges for explanations. */
export function compileClusterPolicy(
  policy: ClusterPolicy,
  ref: PolicyRef,
  rangeOf: (path: string) => SourceRange | undefined,
): PolicyTarget {
  const tier = policy.tier;
  function evaluate(query: DirectionQuery): Effect {
    const miss = subjectMiss(policy.subject, query.subject);
    const rules = rulesFor(policy, query.direction);
    if (miss !== undefined || rules.length === 0) {
      const text = miss ?? `it has no ${query.direction} rules`;
      const range = rangeOf('spec.subject');
      return {
        kind: 'not-selected',
        tier,
        policy: ref,
        reasons: [{ text: `subject: ${text}`, ...(range && { range }) }],
      };
    }
    const misses: Reason[] = [];
    for (const rule of rules) {
      const range = rangeOf(rule.path);
      const outcome = matchRule(rule, query, range);
      if (outcome.matched) {
        // Earlier rules that missed explain why this one, further down, decided.
        const reasons = [
          ...misses,
          ...outcome.reasons,
          {
            text: `action ${rule.actionText}${rule.action === 'pass' ? ': skip the rest of this tier' : ''}`,
            ...(range && { range }),
          },
        ];
        return {
          kind: 'match',
          tier,
          policy: ref,
          action: rule.action,
          rulePath: rule.path.replace(/^spec\./, ''),
          ...(range && { range }),
          reasons,
        };
      }
      misses.push(outcome.reason);
    }
    return { kind: 'no-match', tier, policy: ref, reasons: misses };
  }
  function decide(query: DirectionQuery): Action | undefined {
    if (!subjectMatches(policy.subject, query.subject)) return undefined;
    for (const rule of rulesFor(policy, query.direction)) {
      const peerOk = rule.peers.some((p) => peerMatches(p, query));
      if (peerOk && (rule.ports === undefined || rule.ports.some((p) => portMatches(p, query))))
        return rule.action;
    }
    return undefined;
  }
  function decideMany(
    direction: Direction,
    subject: PodView,
    peers: readonly EndpointView[],
    port: number,
    protocol: Protocol,
    options: EngineOptions,
  ): Uint8Array {
    if (!subjectMatches(policy.subject, subject)) return new Uint8Array(peers.length);
    return decideManyOrdered(rulesFor(policy, direction), {
      direction,
      subject,
      peers,
      port,
      protocol,
      options,
    });
  }
  return {
    ref,
    tier,
    decideMany,
    priority: policy.priority,
    selects: (subject, direction) =>
      rulesFor(policy, direction).length > 0 && subjectMatches(policy.subject, subject),
    isolates: () => false,
    evaluate,
    decide,
    cidrs: networkCidrs(policy),
  };
}
