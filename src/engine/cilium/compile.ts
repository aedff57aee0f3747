import type { EngineOptions, PodView } from '../model/endpoint.ts';
import { withRange } from '../model/located.ts';
import type { Cidr } from '../model/matchers.ts';
import type { DirectionQuery, PeerTest, PolicyTarget, PortTest, TargetRule } from '../model/target.ts';
import type { Direction, Service, SourceRange } from '../model/types.ts';
import type { PolicyRef, SubjectMiss } from '../model/verdict.ts';
import { peerAddress } from '../match/address.ts';
import { parseCidr } from '../match/ip.ts';
import { findPort } from '../match/ports.ts';
import {
  endpointLabels,
  scopePeerSelector,
  scopeSubjectSelector,
  selectorMatches,
  selectorMiss,
  splitSelectorKey,
  type SelectorRequirement,
} from './endpoint-selector.ts';
import { fqdnSelectorAsPattern } from './fqdn.ts';
import type { CiliumPolicy, CiliumRule, CiliumSpec } from './model.ts';
import { matchCiliumPeer } from './peers.ts';
import { compileServicePeer } from './services.ts';
import type { CiliumPort, CiliumPortRule } from './ports.ts';
import type { HttpRuleTest, PortL7 } from '../model/l7.ts';
import { headerTest, mismatchAction, wholePattern } from '../match/http.ts';

/**
 * Compiles a CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy into one target of the namespaced
 * tier: its allow rules union with every other policy there, its deny rules win (they are tried first).
 */

/** Maps field paths such as `spec.egress[0].toPorts` to source ranges. */
export type RangeOf = (path: string) => SourceRange | undefined;

/** Returns `spec.egress[0]` as users read it: `egress[0]` (`specs[1].egress[0]` stays). */
export function displayPath(path: string): string {
  return path.startsWith('spec.') ? path.slice('spec.'.length) : path;
}

// https://docs.cilium.io/en/stable/security/policy/language/ — "If omitted or empty, this rule does not apply"
function hasSection(spec: CiliumSpec, direction: Direction): boolean {
  return direction === 'ingress'
    ? spec.ingress.length > 0 || spec.ingressDeny.length > 0
    : spec.egress.length > 0 || spec.egressDeny.length > 0;
}

// https://docs.cilium.io/en/stable/security/policy/language/#default-deny — enableDefaultDeny
function defaultDeny(spec: CiliumSpec, direction: Direction): boolean {
  return spec.enableDefaultDeny[direction] ?? true;
}

const cidrCache = new Map<string, Cidr | undefined>();

function cidrOf(text: string): Cidr | undefined {
  if (!cidrCache.has(text)) {
    if (cidrCache.size > 10_000) cidrCache.clear();
    cidrCache.set(text, parseCidr(text));
  }
  return cidrCache.get(text);
}

function portTests(portRules: readonly CiliumPortRule[], path: string, rangeOf: RangeOf): PortTest[] {
  return portRules.flatMap((rule, j) => {
    const at = `${path}.toPorts[${j}]`;
    const locate = (): SourceRange | undefined => rangeOf(at);
    if (rule.ports.length === 0)
      return [withRange({ kind: 'any', protocol: 'ANY', path: at } as const, locate)];
    return rule.ports.map((port) => withRange(compileCiliumPort(port, at), locate));
  });
}

/** Returns the port test of one `toPorts[].ports[]` entry (port 0 or none is every port of the protocol). */
// https://docs.cilium.io/en/stable/security/policy/language/#layer-4-examples
export function compileCiliumPort(entry: CiliumPort, path: string): PortTest {
  const { port, protocol } = entry;
  if (port === undefined || port === 0 || port === '0') return { kind: 'any', protocol, path };
  const start = typeof port === 'number' ? port : /^\d+$/.test(port) ? Number(port) : undefined;
  if (start === undefined) return { kind: 'named', protocol, name: String(port), path };
  const end = entry.endPort !== undefined && entry.endPort >= start ? entry.endPort : start;
  return { kind: 'range', protocol, start, end, path };
}

/** Returns `from` for rules of ingress sections, `to` for egress ones. */
function peerFieldOf(rule: CiliumRule): 'from' | 'to' {
  return /(^|\.)(ingress|ingressDeny)\[/.test(rule.path) ? 'from' : 'to';
}

function peerTests(
  rule: CiliumRule,
  ns: string | undefined,
  rangeOf: RangeOf,
  services: readonly Service[],
): PeerTest[] | undefined {
  const dir = peerFieldOf(rule);
  const tests: PeerTest[] = [];
  const located = <T extends PeerTest>(test: T): T => withRange(test, () => rangeOf(test.path));
  rule.endpoints?.forEach((selector, i) => {
    const requirements: readonly SelectorRequirement[] = scopePeerSelector(selector, ns);
    const reserved = requirements.some((r) => splitSelectorKey(r.key).source === 'reserved');
    tests.push(
      located({
        kind: 'cilium-endpoints',
        path: `${rule.path}.${dir}Endpoints[${i}]`,
        selector,
        requirements,
        reserved,
      }),
    );
  });
  if (rule.entities)
    tests.push(
      located({ kind: 'cilium-entities', path: `${rule.path}.${dir}Entities`, entities: rule.entities }),
    );
  for (const c of rule.cidrs ?? []) {
    const cidr = cidrOf(c.cidr);
    if (!cidr) continue;
    const except = c.except.flatMap((e) => cidrOf(e) ?? []);
    tests.push(located({ kind: 'cilium-cidr', path: c.path, cidr, except }));
  }
  if (rule.fqdns)
    tests.push(located({ kind: 'cilium-fqdn', path: `${rule.path}.toFQDNs`, selectors: rule.fqdns }));
  for (const ref of rule.services ?? []) tests.push(located(compileServicePeer(ref, services)));
  for (const field of rule.unmodelled)
    tests.push(located({ kind: 'unmodelled', path: `${rule.path}.${field}`, field }));
  return tests.length > 0 ? tests : undefined;
}

/**
 * Compiles one Cilium rule. Cases:
 * 1. no peer field, no `toPorts`, no `icmps` (`{}`): matches nothing (unlike v1's allow-all);
 * 2. only `icmps`: admits none of the TCP/UDP/SCTP flows modelled here;
 * 3. no peer field but `toPorts`: every peer, on those ports;
 * 4. peer fields: the peer must match one of them, and `toPorts` (when present) the port.
 */
// https://docs.cilium.io/en/stable/security/policy/language/
function compileRule(
  rule: CiliumRule,
  deny: boolean,
  ns: string | undefined,
  rangeOf: RangeOf,
  services: readonly Service[],
): TargetRule {
  const peers = peerTests(rule, ns, rangeOf, services);
  const ports = rule.toPorts ? portTests(rule.toPorts, rule.path, rangeOf) : undefined;
  const never = rule.toPorts
    ? undefined
    : rule.icmps
      ? ('icmp-only' as const)
      : peers
        ? undefined
        : ('empty-cilium-rule' as const);
  const l7 = rule.toPorts?.flatMap((r, j) => {
    const filter = portL7(r, `${rule.path}.toPorts[${j}]`, rangeOf);
    return r.ports.length === 0 ? [filter] : r.ports.map(() => filter);
  });
  return withRange(
    {
      path: displayPath(rule.path),
      action: deny ? 'deny' : 'allow',
      peerField: '',
      peers,
      ports,
      ...(never ? { never } : {}),
      ...(l7?.some((f) => f !== undefined) ? { l7 } : {}),
    },
    () => rangeOf(rule.path),
  );
}

/** Returns the L7 rules of one `toPorts` entry as its port tests carry them (undefined: none, or DNS rules). */
// https://docs.cilium.io/en/stable/security/policy/layer7/
function portL7(portRule: CiliumPortRule, at: string, rangeOf: RangeOf): PortL7 | undefined {
  if (portRule.http) {
    const path = `${at}.rules.http`;
    const rules = portRule.http.map((h, i) => {
      const full = `${path}[${i}]`;
      const test: HttpRuleTest = {
        path: displayPath(full),
        index: i,
        method: wholePattern(h.method),
        target: wholePattern(h.path),
        host: wholePattern(h.host),
        headers: h.headers.map(headerTest),
        headerMatches: h.headerMatches.map((m) => ({
          name: m.name,
          value: m.value,
          secret: m.secret,
          mismatch: mismatchAction(m.mismatch),
        })),
      };
      return withRange(test, () => rangeOf(full));
    });
    return { kind: 'http', path: displayPath(path), rules };
  }
  if (portRule.otherL7 !== undefined)
    return {
      kind: 'unmodelled',
      path: displayPath(`${at}.rules.${portRule.otherL7}`),
      field: portRule.otherL7,
    };
  return undefined;
}

interface CompiledSpec {
  readonly spec: CiliumSpec;
  readonly requirements: readonly SelectorRequirement[] | undefined;
  readonly rules: Readonly<Record<Direction, readonly TargetRule[]>>;
  /** Egress allow rules with a DNS rule, for the lookup step. */
  readonly dnsRules: readonly {
    readonly rule: TargetRule;
    readonly patterns: readonly string[];
    readonly ports: readonly PortTest[];
  }[];
}

function compileSpec(
  spec: CiliumSpec,
  ns: string | undefined,
  rangeOf: RangeOf,
  services: readonly Service[],
): CompiledSpec {
  const compile = (list: readonly CiliumRule[], deny: boolean): TargetRule[] =>
    list.map((r) => compileRule(r, deny, ns, rangeOf, services));
  const egress = compile(spec.egress, false);
  const dnsRules = spec.egress.flatMap((raw, i) => {
    const rule = egress[i] as TargetRule;
    return (raw.toPorts ?? []).flatMap((portRule) =>
      portRule.dns === undefined
        ? []
        : [
            {
              rule,
              patterns: portRule.dns.map(fqdnSelectorAsPattern),
              ports: portTests([portRule], raw.path, rangeOf),
            },
          ],
    );
  });
  return {
    spec,
    requirements: spec.endpointSelector ? scopeSubjectSelector(spec.endpointSelector, ns) : undefined,
    // Deny rules first: in Cilium a deny wins over any allow. https://docs.cilium.io/en/stable/security/policy/language/#deny-policies
    rules: {
      ingress: [...compile(spec.ingressDeny, true), ...compile(spec.ingress, false)],
      egress: [...compile(spec.egressDeny, true), ...egress],
    },
    dnsRules,
  };
}

/**
 * Returns the compiled target; `rangeOf` maps field paths to source ranges for explanations; `services` are
 * the cluster's Services, which `toServices` entries name.
 */
export function compileCiliumPolicy(
  policy: CiliumPolicy,
  ref: PolicyRef,
  rangeOf: RangeOf,
  services: readonly Service[] = [],
): PolicyTarget {
  const ns = policy.namespace;
  const specs = policy.specs.map((s) => compileSpec(s, ns, rangeOf, services));
  // Subjects are asked about again and again (per class, per peer): match each view once.
  const cache = new WeakMap<PodView, readonly CompiledSpec[]>();
  const selectingSpecs = (subject: PodView): readonly CompiledSpec[] => {
    if (ns !== undefined && subject.pod.namespace !== ns) return [];
    let hits = cache.get(subject);
    if (!hits) {
      const labels = endpointLabels(subject);
      hits = specs.filter((c) => c.requirements !== undefined && selectorMatches(c.requirements, labels));
      cache.set(subject, hits);
    }
    return hits;
  };
  const inDirection = (subject: PodView, direction: Direction): readonly CompiledSpec[] =>
    selectingSpecs(subject).filter((c) => hasSection(c.spec, direction));
  const rulesCache = new WeakMap<PodView, Partial<Record<Direction, readonly TargetRule[]>>>();
  const rules = (subject: PodView, direction: Direction): readonly TargetRule[] => {
    let entry = rulesCache.get(subject);
    if (!entry) rulesCache.set(subject, (entry = {}));
    // Deny rules of every selecting spec come before any allow rule.
    return (entry[direction] ??= (() => {
      const all = inDirection(subject, direction).map((c) => c.rules[direction]);
      return [
        ...all.flatMap((r) => r.filter((x) => x.action === 'deny')),
        ...all.flatMap((r) => r.filter((x) => x.action !== 'deny')),
      ];
    })());
  };
  return {
    ref,
    tier: 'namespaced',
    priority: 0,
    ...(ns !== undefined ? { subjectNamespace: ns } : {}),
    selects: (subject, direction) => inDirection(subject, direction).length > 0,
    whyNotSelected: (subject, direction) => whyNotSelected(specs, ns, subject, direction),
    isolates: (subject, direction) =>
      inDirection(subject, direction).some((c) => defaultDeny(c.spec, direction)),
    rules,
    cidrs: [],
    dnsPatterns: (subject, resolver, options) =>
      dnsPatterns(inDirection(subject, 'egress'), subject, resolver, options),
  };
}

function whyNotSelected(
  specs: readonly CompiledSpec[],
  ns: string | undefined,
  subject: PodView,
  direction: Direction,
): SubjectMiss[] {
  const withSection = specs.filter((c) => hasSection(c.spec, direction));
  if (withSection.length === 0) return [{ code: 'no-section' }];
  if (ns !== undefined && subject.pod.namespace !== ns) return [{ code: 'other-namespace', namespace: ns }];
  const labels = endpointLabels(subject);
  return withSection.flatMap((c): SubjectMiss[] => {
    if (!c.requirements) return [{ code: 'host-policy', path: displayPath(c.spec.path) }];
    const miss = selectorMiss(c.requirements, labels);
    return miss
      ? [{ code: 'subject-labels', path: `${displayPath(c.spec.path)}.endpointSelector`, miss }]
      : [];
  });
}

/** Returns the DNS patterns the subject's lookups to the resolver may carry (undefined: no DNS rule applies). */
function dnsPatterns(
  specs: readonly CompiledSpec[],
  subject: PodView,
  resolver: PodView,
  options: EngineOptions,
): readonly string[] | undefined {
  let found: string[] | undefined;
  for (const { dnsRules } of specs) {
    for (const { rule, patterns, ports } of dnsRules) {
      // The lookup step is a UDP query (decision 0006): only a DNS rule that covers it lets the proxy see the name.
      {
        const protocol = 'UDP';
        const query: DirectionQuery = {
          direction: 'egress',
          subject,
          peer: resolver,
          destination: resolver,
          peerAddress: peerAddress(resolver, 0),
          peerClass: -1,
          port: 53,
          protocol,
          observedNames: [],
          options,
        };
        if (findPort(ports, 53, protocol, resolver) < 0) continue;
        if (rule.peers && !rule.peers.some((p) => matchCiliumPeerTest(p, query))) continue;
        (found ??= []).push(...patterns);
      }
    }
  }
  return found && [...new Set(found)];
}

function matchCiliumPeerTest(test: PeerTest, query: DirectionQuery): boolean {
  switch (test.kind) {
    case 'cilium-endpoints':
    case 'cilium-entities':
    case 'cilium-cidr':
    case 'cilium-fqdn':
    case 'cilium-service':
    case 'unmodelled':
      return matchCiliumPeer(test, query);
    default:
      return false;
  }
}
