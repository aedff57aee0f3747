/**
 * CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy for the oracle, from Cilium's policy language
 * documentation and decision 0010: each `spec`/`specs[]` entry selects endpoints, isolates a direction
 * when it has rules there (unless `enableDefaultDeny` turns that off), allows what its rules match and
 * denies what its deny rules match.
 * https://docs.cilium.io/en/stable/security/policy/language/
 * https://docs.cilium.io/en/stable/security/policy/deny/
 */
import type { Policy } from '../../src/engine/index.ts';
import { cidrMatches, endpointSelects, entityMatches, selectsSubject } from './cilium-peers.ts';
import { addressPair, findResolver, isResolver, namedPortMatches, type DirectionQuery } from './endpoints.ts';
import { fqdnMatches, type FqdnSelector } from './names.ts';
import { httpRuleAdmits, type HttpRuleSpec } from './http.ts';
import type { NamespacedEffect } from './networkpolicy.ts';
import { selects, type Selector } from './selector.ts';

type Obj = Readonly<Record<string, unknown>>;

interface PortProtocol {
  readonly port?: string;
  readonly endPort?: number;
  readonly protocol?: string;
}

interface PortRule {
  readonly ports?: readonly PortProtocol[];
  readonly rules?: { readonly dns?: readonly FqdnSelector[]; readonly http?: readonly HttpRuleSpec[] };
}

const PEER_FIELDS = {
  ingress: [
    'fromEndpoints',
    'fromCIDR',
    'fromCIDRSet',
    'fromEntities',
    'fromRequires',
    'fromGroups',
    'fromNodes',
  ],
  egress: [
    'toEndpoints',
    'toCIDR',
    'toCIDRSet',
    'toEntities',
    'toFQDNs',
    'toServices',
    'toRequires',
    'toGroups',
    'toNodes',
  ],
} as const;

/** The rule sets of a policy: `spec` and every `specs[]` entry. */
function ruleSets(policy: Policy): Obj[] {
  const spec = policy.object.spec as Obj | undefined;
  const specs = (policy.object.specs ?? []) as Obj[];
  return [...(spec ? [spec] : []), ...specs];
}

function fieldMatches(
  policy: Policy,
  field: string,
  items: readonly unknown[],
  query: DirectionQuery,
): boolean {
  switch (field) {
    case 'fromEndpoints':
    case 'toEndpoints':
      return items.some((s) => endpointSelects(policy, s as Selector, query));
    case 'fromEntities':
    case 'toEntities':
      return items.some((e) => entityMatches(e as string, query));
    case 'fromCIDR':
    case 'toCIDR':
      return items.some((c) => cidrMatches(c as string, [], query));
    case 'fromCIDRSet':
    case 'toCIDRSet':
      return items.some((item) => {
        const set = item as { cidr?: string; except?: readonly string[] };
        return set.cidr !== undefined && cidrMatches(set.cidr, set.except ?? [], query);
      });
    case 'toFQDNs':
      return fqdnPeerMatches(items as FqdnSelector[], query);
    case 'toServices':
      return items.some((item) => servicePeerMatches(item as ServiceEntry, query));
    default:
      return false;
  }
}

interface ServiceEntry {
  readonly k8sService?: { readonly serviceName?: string; readonly namespace?: string };
  readonly k8sServiceSelector?: { readonly selector?: Selector; readonly namespace?: string };
}

/**
 * toServices: the Services an entry names (by name, or by the Service's own labels; an empty namespace is
 * any namespace) stand for the pods of their namespace their selector picks, on any port. A Service with
 * no selector is allowed by its Endpoints' addresses, which the cluster model lacks: it matches nothing.
 * https://docs.cilium.io/en/stable/security/policy/language/#services-based
 */
function servicePeerMatches(entry: ServiceEntry, query: DirectionQuery): boolean {
  const peer = query.peer;
  if (peer.kind !== 'pod') return false;
  const inNamespace = (ns: string | undefined, service: { namespace: string }) =>
    ns === undefined || ns === '' || ns === service.namespace;
  return query.cluster.services.some((service) => {
    const byName = entry.k8sService;
    const byLabels = entry.k8sServiceSelector;
    const named = byLabels
      ? inNamespace(byLabels.namespace, service) && selects(byLabels.selector ?? {}, service.labels ?? {})
      : byName !== undefined && inNamespace(byName.namespace, service) && byName.serviceName === service.name;
    const selector = Object.entries(service.selector);
    return (
      named &&
      selector.length > 0 &&
      peer.pod.namespace === service.namespace &&
      selector.every(([k, v]) => peer.pod.labels[k] === v)
    );
  });
}

function nonEmpty(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && value.length > 0;
}

/** L3: any listed peer; a rule without peers applies to every peer only when it has toPorts or icmps. */
function l3Matches(policy: Policy, rule: Obj, query: DirectionQuery): boolean {
  const present = PEER_FIELDS[query.direction].filter((f) => nonEmpty(rule[f]));
  if (present.length === 0) return nonEmpty(rule.toPorts) || nonEmpty(rule.icmps);
  return present.some((f) => fieldMatches(policy, f, rule[f] as unknown[], query));
}

function portProtocolMatches(entry: PortProtocol, query: DirectionQuery): boolean {
  const protocol = entry.protocol ?? 'ANY';
  if (protocol !== 'ANY' && protocol !== query.protocol) return false;
  const port = entry.port ?? '0';
  if (port === '0') return true;
  if (/^\d+$/.test(port)) return query.port >= Number(port) && query.port <= (entry.endPort ?? Number(port));
  return namedPortMatches(query, port, protocol === 'ANY' ? undefined : protocol);
}

function portRuleMatches(portRule: PortRule, query: DirectionQuery): boolean {
  const ports = portRule.ports ?? [];
  return ports.length === 0 || ports.some((entry) => portProtocolMatches(entry, query));
}

/** How a rule answers at L4 and L7: no match, a match, or a match whose HTTP rules hold the request. */
type RuleAnswer = 'miss' | 'match' | 'held';

/**
 * L4 and L7: any toPorts entry (none means every port, unless the rule is about ICMP only). An entry
 * that admits the port without HTTP rules admits every request; else a request must match one HTTP rule
 * of an admitting entry, and a flow without a request is held (TCP only: HTTP rides on TCP).
 * https://docs.cilium.io/en/stable/security/policy/layer7/
 */
function portsAnswer(rule: Obj, query: DirectionQuery): RuleAnswer {
  if (!nonEmpty(rule.toPorts)) return nonEmpty(rule.icmps) ? 'miss' : 'match';
  let held = false;
  for (const portRule of rule.toPorts as PortRule[]) {
    if (!portRuleMatches(portRule, query)) continue;
    const http = portRule.rules?.http ?? [];
    if (http.length === 0 || query.protocol !== 'TCP') return 'match';
    const request = query.http;
    if (request && http.some((h) => httpRuleAdmits(h, request))) return 'match';
    held = true;
  }
  return held ? 'held' : 'miss';
}

function ruleAnswer(policy: Policy, rule: Obj, query: DirectionQuery): RuleAnswer {
  return l3Matches(policy, rule, query) ? portsAnswer(rule, query) : 'miss';
}

/** The DNS patterns the subject's lookups to the resolver pass through (DNS-aware egress rules). */
function dnsPatterns(query: DirectionQuery): FqdnSelector[] {
  const resolver = findResolver(query.cluster);
  // A resolver looks names up itself: nothing passes Cilium's DNS proxy for it.
  if (!resolver || isResolver(query.subject)) return [];
  const pair = addressPair(query.subject, resolver);
  const { peerAddress: _mainPeer, ...rest } = query;
  const lookup: DirectionQuery = {
    ...rest,
    direction: 'egress',
    peer: resolver,
    destination: resolver,
    port: 53,
    protocol: 'UDP',
    ...(pair.destination ? { peerAddress: pair.destination } : {}),
  };
  return query.policies.flatMap((policy) =>
    isCilium(policy)
      ? ruleSets(policy).flatMap((rules) => {
          if (!selectsSubject(policy, rules, lookup)) return [];
          return ((rules.egress ?? []) as Obj[]).flatMap((rule) => {
            if (!l3Matches(policy, rule, lookup)) return [];
            return ((rule.toPorts ?? []) as PortRule[]).flatMap((portRule) =>
              portRule.rules?.dns && portRuleMatches(portRule, lookup) ? portRule.rules.dns : [],
            );
          });
        })
      : [],
  );
}

function fqdnPeerMatches(selectors: readonly FqdnSelector[], query: DirectionQuery): boolean {
  if (query.peer.kind !== 'external' || query.peer.external.dnsNames.length === 0) return false;
  const seen = dnsPatterns(query);
  return query.peer.external.dnsNames.some(
    (name) => seen.some((p) => fqdnMatches(p, name)) && selectors.some((s) => fqdnMatches(s, name)),
  );
}

/** Whether a policy is one of the two Cilium kinds. */
export function isCilium(policy: Policy): boolean {
  return policy.kind === 'CiliumNetworkPolicy' || policy.kind === 'CiliumClusterwideNetworkPolicy';
}

/** The effect of one Cilium policy on one direction of a flow. */
export function ciliumEffect(policy: Policy, query: DirectionQuery): NamespacedEffect {
  let isolates = false;
  let allows = false;
  let denies = false;
  let held = false;
  const [allowKey, denyKey] =
    query.direction === 'ingress' ? ['ingress', 'ingressDeny'] : ['egress', 'egressDeny'];
  for (const rules of ruleSets(policy)) {
    if (!selectsSubject(policy, rules, query)) continue;
    const allow = (rules[allowKey] ?? []) as Obj[];
    const deny = (rules[denyKey] ?? []) as Obj[];
    const defaultDeny = (rules.enableDefaultDeny ?? {}) as Record<string, boolean | undefined>;
    if (allow.length + deny.length > 0 && defaultDeny[query.direction] !== false) isolates = true;
    const answers = allow.map((rule) => ruleAnswer(policy, rule, query));
    if (answers.includes('match')) allows = true;
    if (answers.includes('held')) held = true;
    if (deny.some((rule) => ruleAnswer(policy, rule, query) !== 'miss')) denies = true;
  }
  return { isolates, allows, denies, held };
}
