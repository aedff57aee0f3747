import type { Direction, Protocol, SourceRange } from '../model/types.ts';
import type { Action, Effect, PolicyRef, Reason } from '../model/verdict.ts';
import {
  type DirectionQuery,
  type EndpointView,
  type EngineOptions,
  type PodView,
  type PolicyTarget,
} from '../evaluate/target.ts';
import {
  describeSelector,
  endpointLabels,
  scopeSubjectSelector,
  selectorMatches,
  selectorMiss,
  type LabelSelectorSpec,
  type SelectorRequirement,
} from './endpoint-selector.ts';
import { decideManyCilium } from './decide-many.ts';
import { fqdnSelectorAsPattern } from './fqdn.ts';
import type { CiliumPolicy, CiliumRule, CiliumSpec } from './model.ts';
import { ciliumPortRuleMatches } from './ports.ts';
import {
  ciliumRuleMatches,
  displayPath,
  hasPeerFields,
  matchCiliumRule,
  peerMatches,
  type RangeOf,
} from './rule-match.ts';

/**
 * Compiles a CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy into one target of the
 * namespaced tier: its allow rules union with every other policy there, its deny rules win.
 */

function allowRules(spec: CiliumSpec, direction: Direction): readonly CiliumRule[] {
  return direction === 'ingress' ? spec.ingress : spec.egress;
}

function denyRules(spec: CiliumSpec, direction: Direction): readonly CiliumRule[] {
  return direction === 'ingress' ? spec.ingressDeny : spec.egressDeny;
}

const subjectCache = new WeakMap<CiliumSpec, readonly SelectorRequirement[]>();

function subjectRequirements(
  spec: CiliumSpec,
  selector: LabelSelectorSpec,
  ns: string | undefined,
): readonly SelectorRequirement[] {
  let reqs = subjectCache.get(spec);
  if (!reqs) {
    reqs = scopeSubjectSelector(selector, ns);
    subjectCache.set(spec, reqs);
  }
  return reqs;
}

function subjectMiss(spec: CiliumSpec, subject: PodView, ns: string | undefined): string | undefined {
  if (!spec.endpointSelector) return `${spec.path} is a host policy (\`nodeSelector\`), which selects no pod`;
  const miss = selectorMiss(subjectRequirements(spec, spec.endpointSelector, ns), endpointLabels(subject));
  if (miss === undefined) return undefined;
  return `${spec.path}.endpointSelector \`${describeSelector(spec.endpointSelector)}\`: \`${subject.id}\` ${miss}`;
}

// https://docs.cilium.io/en/stable/security/policy/language/ — "If omitted or empty, this rule does not apply"
function hasSection(spec: CiliumSpec, direction: Direction): boolean {
  return allowRules(spec, direction).length > 0 || denyRules(spec, direction).length > 0;
}

// https://docs.cilium.io/en/stable/security/policy/language/#default-deny — enableDefaultDeny
function defaultDeny(spec: CiliumSpec, direction: Direction): boolean {
  return spec.enableDefaultDeny[direction] ?? true;
}

function resolverQuery(
  subject: PodView,
  resolver: PodView,
  port: number,
  protocol: 'UDP' | 'TCP',
): DirectionQuery {
  const options: EngineOptions = { ipBlockMatchesPods: false };
  return {
    direction: 'egress',
    subject,
    peer: resolver,
    destination: resolver,
    port,
    protocol,
    observedNames: [],
    options,
    ...(resolver.pod.ips[0] !== undefined && { destinationIp: resolver.pod.ips[0] }),
  };
}

/** Returns the compiled target; `rangeOf` maps field paths to source ranges for explanations. */
export function compileCiliumPolicy(policy: CiliumPolicy, ref: PolicyRef, rangeOf: RangeOf): PolicyTarget {
  const ns = policy.namespace;
  // Subjects are asked about again and again (per class, per peer): match each view once.
  const specs = policy.specs.map((spec) => ({
    spec,
    reqs: spec.endpointSelector ? scopeSubjectSelector(spec.endpointSelector, ns) : undefined,
    ingress: hasSection(spec, 'ingress'),
    egress: hasSection(spec, 'egress'),
  }));
  const cache = new WeakMap<PodView, Readonly<Record<Direction, readonly CiliumSpec[]>>>();
  const selecting = (subject: PodView, direction: Direction): readonly CiliumSpec[] => {
    if (ns !== undefined && subject.pod.namespace !== ns) return [];
    let entry = cache.get(subject);
    if (!entry) {
      const labels = endpointLabels(subject);
      const hits = specs.filter((c) => c.reqs !== undefined && selectorMatches(c.reqs, labels));
      entry = {
        ingress: hits.filter((c) => c.ingress).map((c) => c.spec),
        egress: hits.filter((c) => c.egress).map((c) => c.spec),
      };
      cache.set(subject, entry);
    }
    return entry[direction];
  };
  const rangeFor = (path: string): { range?: SourceRange } => {
    const range = rangeOf(path);
    return range ? { range } : {};
  };

  function notSelected(query: DirectionQuery): Effect {
    const reasons: Reason[] = policy.specs.map((s) =>
      hasSection(s, query.direction)
        ? { text: subjectMiss(s, query.subject, ns) ?? '', ...rangeFor(`${s.path}.endpointSelector`) }
        : {
            text: `${displayPath(`${s.path}.${query.direction}`)}: the policy has no ${query.direction} rules`,
          },
    );
    return { kind: 'not-selected', tier: 'namespaced', policy: ref, reasons };
  }

  function firstMatch(
    rules: readonly CiliumRule[],
    query: DirectionQuery,
    misses: Reason[],
  ): { rule: CiliumRule; reasons: readonly Reason[] } | undefined {
    for (const rule of rules) {
      const outcome = matchCiliumRule(rule, query, ns, rangeOf);
      if (outcome.matched) return { rule, reasons: outcome.reasons };
      misses.push(outcome.reason);
    }
    return undefined;
  }

  function evaluate(query: DirectionQuery): Effect {
    const specs = selecting(query.subject, query.direction);
    if (specs.length === 0) return notSelected(query);
    const misses: Reason[] = [];
    // https://docs.cilium.io/en/stable/security/policy/language/#deny-policies — a deny wins over any allow
    for (const action of ['deny', 'allow'] as const) {
      for (const spec of specs) {
        const rules =
          action === 'deny' ? denyRules(spec, query.direction) : allowRules(spec, query.direction);
        const hit = firstMatch(rules, query, misses);
        if (hit) {
          return {
            kind: 'match',
            tier: 'namespaced',
            policy: ref,
            action,
            rulePath: displayPath(hit.rule.path),
            ...rangeFor(hit.rule.path),
            reasons: hit.reasons,
          };
        }
      }
    }
    return { kind: 'no-match', tier: 'namespaced', policy: ref, reasons: misses };
  }

  function dnsPatterns(subject: PodView, resolver: PodView): readonly string[] | undefined {
    let found: string[] | undefined;
    for (const spec of selecting(subject, 'egress')) {
      for (const rule of spec.egress) {
        for (const protocol of ['UDP', 'TCP'] as const) {
          const query = resolverQuery(subject, resolver, 53, protocol);
          for (const portRule of rule.toPorts ?? []) {
            if (portRule.dns === undefined || !ciliumPortRuleMatches(portRule, query)) continue;
            const l3 = !hasPeerFields(rule) || peerMatches(rule, query, ns);
            if (!l3) continue;
            found ??= [];
            found.push(...portRule.dns.map(fqdnSelectorAsPattern));
          }
        }
      }
    }
    return found && [...new Set(found)];
  }

  function decide(query: DirectionQuery): Action | undefined {
    const specs = selecting(query.subject, query.direction);
    if (specs.some((s) => denyRules(s, query.direction).some((r) => ciliumRuleMatches(r, query, ns))))
      return 'deny';
    if (specs.some((s) => allowRules(s, query.direction).some((r) => ciliumRuleMatches(r, query, ns))))
      return 'allow';
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
    const specs = selecting(subject, direction);
    const deny = specs.flatMap((s) => denyRules(s, direction));
    const allow = specs.flatMap((s) => allowRules(s, direction));
    return decideManyCilium(deny, allow, { direction, subject, peers, port, protocol, ns, options });
  }

  return {
    ref,
    tier: 'namespaced',
    decide,
    decideMany,
    priority: 0,
    selects: (subject, direction) => selecting(subject, direction).length > 0,
    isolates: (subject, direction) => selecting(subject, direction).some((s) => defaultDeny(s, direction)),
    evaluate,
    dnsPatterns,
  };
}
