import type { NetworkPolicySpec, Policy } from '../model/policy.ts';
import type { Direction, SourceRange } from '../model/types.ts';
import type { Effect, Reason } from '../model/verdict.ts';
import { compileSelector, selectorMatches, type Selector } from '../match/label-selector.ts';
import { compilePeer, peerMatches, peerMiss, peerText, type PeerMatcher } from '../match/peers.ts';
import { compilePort, portMatches, portText, type PortMatcher } from '../match/ports.ts';
import {
  ACTION_CODES,
  type DirectionQuery,
  type EndpointView,
  type EngineOptions,
  type PodView,
  type PolicyTarget,
} from './target.ts';

/** One compiled ingress or egress rule. `undefined` peers/ports = the list was missing or empty (matches all). */
interface Rule {
  readonly path: string;
  readonly peers: readonly PeerMatcher[] | undefined;
  readonly ports: readonly PortMatcher[] | undefined;
  readonly range?: SourceRange;
}

// https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource (ipBlock)
const IP_BLOCK_POD_NOTE =
  '; ipBlock matching a pod IP depends on the network plugin (this engine matches them; option ipBlockMatchesPods)';

const specRanges = new WeakMap<Policy, SourceRange | undefined>();

function specRange(policy: Policy): SourceRange | undefined {
  if (!specRanges.has(policy)) specRanges.set(policy, policy.source.locate(['spec']));
  return specRanges.get(policy);
}

const rangeFinders = new WeakMap<object, () => SourceRange | undefined>();
const foundRanges = new WeakMap<object, SourceRange | undefined>();

// One getter for every piece: objects whose accessors are the same function share hidden classes,
// so the matchers stay fast (a new closure per object gave each rule and peer a class of its own).
function lazyRange(this: object): SourceRange | undefined {
  if (foundRanges.has(this)) return foundRanges.get(this);
  const range = rangeFinders.get(this)?.();
  foundRanges.set(this, range);
  return range;
}

/** Gives a compiled piece a `range` found on first use (most pieces are never explained). */
function withRange<T extends object>(
  value: T,
  find: () => SourceRange | undefined,
): T & { readonly range?: SourceRange } {
  rangeFinders.set(value, find);
  Object.defineProperty(value, 'range', { enumerable: true, get: lazyRange });
  return value;
}

/** A compiled NetworkPolicy v1: subject selector, per-direction isolation and rules. */
export interface NetworkPolicyTarget extends PolicyTarget {
  readonly selector: Selector;
  readonly namespace: string;
  readonly rules: Readonly<Record<Direction, readonly Rule[] | undefined>>;
}

// policyTypes defaults: Ingress always, Egress when `egress` has at least one rule (an empty `egress: []` does not count,
// as in the API server's SetDefaults_NetworkPolicy). https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
function policyTypes(spec: NetworkPolicySpec): Set<Direction> {
  if (spec.policyTypes && spec.policyTypes.length > 0)
    return new Set(spec.policyTypes.map((t) => (t === 'Ingress' ? 'ingress' : 'egress')));
  return new Set<Direction>(spec.egress && spec.egress.length > 0 ? ['ingress', 'egress'] : ['ingress']);
}

/** Compiles a valid NetworkPolicy into one namespaced-tier target. */
export function compileNetworkPolicy(policy: Policy): NetworkPolicyTarget {
  const spec = (policy.object.spec ?? {}) as NetworkPolicySpec;
  const namespace = policy.namespace ?? 'default';
  const types = policyTypes(spec);
  const locate = (path: (string | number)[]): SourceRange | undefined =>
    policy.source.locate(['spec', ...path]);
  const compileRules = (direction: Direction): Rule[] | undefined => {
    if (!types.has(direction)) return undefined;
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    return (spec[direction] ?? []).map((rule, r) => {
      const peers = rule[peersKey] ?? [];
      const ports = rule.ports ?? [];
      return withRange(
        {
          path: `${direction}[${r}]`,
          peers:
            peers.length === 0
              ? undefined
              : peers.map((p, i) =>
                  withRange(compilePeer(p, namespace), () => locate([direction, r, peersKey, i])),
                ),
          ports:
            ports.length === 0
              ? undefined
              : ports.map((p, i) => withRange(compilePort(p), () => locate([direction, r, 'ports', i]))),
        },
        () => locate([direction, r]),
      );
    });
  };
  const selector = compileSelector(spec.podSelector);
  const rules = { ingress: compileRules('ingress'), egress: compileRules('egress') };
  const selects = (subject: PodView, direction: Direction): boolean =>
    rules[direction] !== undefined &&
    subject.namespace.name === namespace &&
    selectorMatches(selector, subject.pod.labels);
  const peerSets = new WeakMap<readonly EndpointView[], Map<Rule, Uint8Array | undefined>>();
  const peerSet = (
    rule: Rule,
    peers: readonly EndpointView[],
    options: EngineOptions,
  ): Uint8Array | undefined => {
    let byRule = peerSets.get(peers);
    if (!byRule) {
      byRule = new Map<Rule, Uint8Array | undefined>();
      peerSets.set(peers, byRule);
    }
    if (!byRule.has(rule))
      byRule.set(
        rule,
        rule.peers
          ? Uint8Array.from(peers, (peer) => (rule.peers?.some((p) => peerMatches(p, peer, options)) ? 1 : 0))
          : undefined,
      );
    return byRule.get(rule);
  };
  return {
    ref: policy.ref,
    tier: 'namespaced',
    decideMany: (direction, subject, peers, port, protocol, options, into) => {
      const out = into ? into.fill(0, 0, peers.length) : new Uint8Array(peers.length);
      for (const rule of rules[direction] ?? []) {
        const set = peerSet(rule, peers, options);
        const ports = rule.ports;
        // Ingress: the destination is the subject, so the port check is the same for every peer.
        const fixedPort = !ports || direction === 'ingress' || ports.every((p) => p.kind !== 'named');
        if (fixedPort && ports && !ports.some((p) => portMatches(p, port, protocol, subject))) continue;
        for (let i = 0; i < peers.length; i++) {
          if (out[i] || (set && !set[i])) continue;
          const peer = peers[i];
          if (fixedPort || (peer && ports?.some((p) => portMatches(p, port, protocol, peer))))
            out[i] = ACTION_CODES.allow;
        }
      }
      return out;
    },
    priority: 0,
    selector,
    namespace,
    subjectNamespace: namespace,
    rules,
    selects,
    isolates: selects,
    evaluate: (query) => evaluateRules(policy, rules[query.direction] ?? [], query),
    cidrs: Object.values(rules).flatMap((list) =>
      (list ?? []).flatMap((r) =>
        (r.peers ?? []).flatMap((p) => (p.kind === 'ip' ? [p.cidr, ...p.except] : [])),
      ),
    ),
    decide: (query) =>
      (rules[query.direction] ?? []).some((rule) => ruleMatches(rule, query)) ? 'allow' : undefined,
  };
}

function ruleMatches(rule: Rule, query: DirectionQuery): boolean {
  const portOk =
    !rule.ports || rule.ports.some((p) => portMatches(p, query.port, query.protocol, query.destination));
  return portOk && (!rule.peers || rule.peers.some((p) => peerMatches(p, query.peer, query.options)));
}

// A rule allows when one of its peers AND one of its ports match; rules are OR'ed.
// https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
function evaluateRules(policy: Policy, rules: readonly Rule[], query: DirectionQuery): Effect {
  const missed: { rule: Rule; peerOk: boolean }[] = [];
  const peerWord = query.direction === 'ingress' ? 'source' : 'destination';
  for (const rule of rules) {
    const peerIndex = rule.peers
      ? rule.peers.findIndex((p) => peerMatches(p, query.peer, query.options))
      : -1;
    const portIndex = rule.ports
      ? rule.ports.findIndex((p) => portMatches(p, query.port, query.protocol, query.destination))
      : -1;
    const peerOk = !rule.peers || peerIndex >= 0;
    const portOk = !rule.ports || portIndex >= 0;
    if (peerOk && portOk) {
      const at = rule.range ? { range: rule.range } : {};
      const reasons: Reason[] = [];
      const peer = rule.peers?.[peerIndex];
      const port = rule.ports?.[portIndex];
      reasons.push(
        peer
          ? {
              text: `${peerWord} \`${query.peer.id}\` matches ${rule.path}.${query.direction === 'ingress' ? 'from' : 'to'}[${peerIndex}] (${peerText(peer)})${peer.kind === 'ip' && query.peer.kind === 'pod' ? IP_BLOCK_POD_NOTE : ''}`,
              ...(peer.range ? { range: peer.range } : {}),
            }
          : {
              text: `${rule.path} has no \`${query.direction === 'ingress' ? 'from' : 'to'}\`, so it matches every ${peerWord}, inside or outside the cluster`,
              ...at,
            },
      );
      reasons.push(
        port
          ? {
              text: `port ${query.port}/${query.protocol} matches ${rule.path}.ports[${portIndex}] (${portText(port)})`,
              ...(port.range ? { range: port.range } : {}),
            }
          : { text: `${rule.path} has no \`ports\`, so it matches every port and protocol`, ...at },
      );
      return {
        kind: 'match',
        tier: 'namespaced',
        policy: policy.ref,
        action: 'allow',
        rulePath: rule.path,
        ...at,
        reasons,
      };
    }
    missed.push({ rule, peerOk });
  }
  // Why each rule missed is worded only when someone reads it (verdict-only callers never do).
  const reasons = (): Reason[] => {
    const misses: Reason[] = missed.map(({ rule, peerOk }) => ({
      text: `${rule.path}: ${missText(rule, query, peerOk)}`,
      ...(rule.range ? { range: rule.range } : {}),
    }));
    if (rules.length === 0) {
      const range = specRange(policy);
      misses.push({
        text: `it has no ${query.direction} rules, so it only isolates (denies all ${query.direction})`,
        ...(range ? { range } : {}),
      });
    }
    return misses;
  };
  let cached: Reason[] | undefined;
  return {
    kind: 'no-match',
    tier: 'namespaced',
    policy: policy.ref,
    get reasons() {
      return (cached ??= reasons());
    },
  };
}

function missText(rule: Rule, query: DirectionQuery, peerOk: boolean): string {
  if (!peerOk) {
    const whys = (rule.peers ?? []).map((p) => peerMiss(p, query.peer, query.options) ?? 'matches');
    return whys.length === 1 ? (whys[0] ?? '') : whys.map((w, i) => `peer ${i}: ${w}`).join('; ');
  }
  const named = (rule.ports ?? []).filter((p) => p.kind === 'named');
  const list = (rule.ports ?? []).map(portText).join(', ');
  const hint =
    named.length > 0 && query.destination.kind === 'pod'
      ? ` (named ports resolve against \`${query.destination.id}\`'s container ports)`
      : '';
  return `port ${query.port}/${query.protocol} not in its ports [${list}]${hint}`;
}
