import type { SourceRange } from '../model/types.ts';
import type { Reason } from '../model/verdict.ts';
import type { DirectionQuery, EndpointView } from '../evaluate/target.ts';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../match/ip.ts';
import {
  describeSelector,
  endpointLabels,
  scopePeerSelector,
  selectorMatches,
  selectorMiss,
} from './endpoint-selector.ts';
import { entityIncludes, isCiliumEntity } from './entities.ts';
import { describeFqdnSelector, matchesFqdnSelector, normalizeDnsName } from './fqdn.ts';
import type { CiliumRule } from './model.ts';
import { ciliumPortRuleMatches, describeToPorts } from './ports.ts';

/** Looks up the source range of a field path such as `spec.egress[0].toPorts`. */
export type RangeOf = (path: string) => SourceRange | undefined;

/** What one rule did with a query: matched (with the reasons) or missed (with the reason). */
export type RuleOutcome =
  | { readonly matched: true; readonly reasons: readonly Reason[] }
  | { readonly matched: false; readonly reason: Reason };

/** Returns `spec.egress[0]` as users read it: `egress[0]` (`specs[1].egress[0]` stays). */
export function displayPath(path: string): string {
  return path.startsWith('spec.') ? path.slice('spec.'.length) : path;
}

/** Returns the endpoint as shown in explanations. */
export function showEndpoint(endpoint: EndpointView): string {
  return `\`${endpoint.id}\``;
}

function peerIps(query: DirectionQuery): readonly string[] {
  const { peer } = query;
  if (peer.kind === 'pod') return peer.pod.ips;
  const isDestination = query.direction === 'egress';
  if (isDestination && query.destinationIp !== undefined && peer.external.ips.includes(query.destinationIp)) {
    return [query.destinationIp];
  }
  return peer.external.ips;
}

const parsedCidrs = new Map<string, Cidr | undefined>();

/** Returns the parsed block, cached (policies repeat the same few blocks across many queries). */
function cidrOf(text: string): Cidr | undefined {
  if (!parsedCidrs.has(text)) parsedCidrs.set(text, parseCidr(text));
  return parsedCidrs.get(text);
}

function inCidr(block: Cidr, address: string): boolean {
  const ip = parseIp(address);
  return ip !== undefined && cidrContains(block, ip);
}

type PeerCheck = { readonly hit: string } | { readonly miss: string };

function checkEndpoints(
  rule: CiliumRule,
  field: string,
  query: DirectionQuery,
  ns: string | undefined,
): PeerCheck {
  const labels = endpointLabels(query.peer);
  const reserved = (rule.endpoints ?? []).some((sel) =>
    Object.keys(sel.matchLabels).some((key) => key.startsWith('reserved:')),
  );
  if (query.peer.kind === 'external' && !reserved) {
    const instead = field.startsWith('to') ? 'toEntities, toCIDR or toFQDNs' : 'fromEntities or fromCIDR';
    return {
      miss: `${showEndpoint(query.peer)} is outside the pod network; ${field} selects only pods (use ${instead})`,
    };
  }
  let firstMiss = '';
  for (const [i, sel] of (rule.endpoints ?? []).entries()) {
    const miss = selectorMiss(scopePeerSelector(sel, ns), labels);
    if (miss === undefined) return { hit: `${field}[${i}] \`${describeSelector(sel)}\`` };
    firstMiss ||= `${field}[${i}] \`${describeSelector(sel)}\`: ${showEndpoint(query.peer)} ${miss}`;
  }
  return { miss: firstMiss };
}

function checkEntities(rule: CiliumRule, field: string, query: DirectionQuery): PeerCheck {
  const entities = rule.entities ?? [];
  const hit = entities.find((e) => isCiliumEntity(e) && entityIncludes(e, query.peer));
  if (hit !== undefined) return { hit: `${field} \`${hit}\`` };
  return { miss: `${showEndpoint(query.peer)} is in none of ${field} [${entities.join(', ')}]` };
}

// https://docs.cilium.io/en/stable/security/policy/language/#ip-cidr-based — CIDR rules never select
// endpoints Cilium manages (pods) nor node addresses (host, remote-node).
function checkCidrs(rule: CiliumRule, field: string, query: DirectionQuery): PeerCheck {
  const { peer } = query;
  if (peer.kind === 'pod')
    return { miss: `${field} never selects pods in Cilium (${showEndpoint(peer)} is a pod)` };
  if (peer.external.entity === 'host' || peer.external.entity === 'remote-node') {
    return {
      miss: `${field} never selects node addresses (${showEndpoint(peer)} is \`${peer.external.entity}\`)`,
    };
  }
  const ips = peerIps(query);
  for (const c of rule.cidrs ?? []) {
    const block = cidrOf(c.cidr);
    if (!block) continue;
    const ip = ips.find((a) => inCidr(block, a));
    if (ip === undefined) continue;
    const excepted = c.except.find((e) => {
      const ex = cidrOf(e);
      return ex !== undefined && inCidr(ex, ip);
    });
    if (excepted === undefined) return { hit: `${field} \`${c.cidr}\` (contains ${ip})` };
  }
  return { miss: `${ips.join(', ') || 'no address'} of ${showEndpoint(peer)} is outside ${field}` };
}

// https://docs.cilium.io/en/stable/security/policy/language/#dns-based — toFQDNs selects only IPs
// the DNS proxy saw returned for a matching name.
function checkFqdns(rule: CiliumRule, query: DirectionQuery): PeerCheck {
  const { peer } = query;
  const selectors = rule.fqdns ?? [];
  const shown = selectors.map(describeFqdnSelector).join('; ');
  if (peer.kind === 'pod')
    return { miss: `toFQDNs selects only addresses outside the cluster, not pod ${showEndpoint(peer)}` };
  const names = peer.external.dnsNames;
  if (names.length === 0)
    return { miss: `${showEndpoint(peer)} has no DNS name, so toFQDNs [${shown}] cannot select it` };
  const matching = names.filter((n) => selectors.some((s) => matchesFqdnSelector(s, n)));
  if (matching.length === 0)
    return { miss: `no DNS name of ${showEndpoint(peer)} (${names.join(', ')}) matches toFQDNs [${shown}]` };
  const observed = new Set(query.observedNames.map(normalizeDnsName));
  const seen = matching.find((n) => observed.has(normalizeDnsName(n)));
  if (seen !== undefined) return { hit: `toFQDNs: \`${seen}\` was resolved through the DNS proxy` };
  return {
    miss: `\`${matching[0] ?? ''}\` matches toFQDNs [${shown}], but the pod's lookup did not pass a DNS rule (\`toPorts[].rules.dns\`) so Cilium never learned its address`,
  };
}

/** Returns whether the rule has any peer field (L3). */
export function hasPeerFields(rule: CiliumRule): boolean {
  return (
    rule.endpoints !== undefined ||
    rule.entities !== undefined ||
    rule.cidrs !== undefined ||
    rule.fqdns !== undefined ||
    rule.unmodelled.length > 0
  );
}

function checkPeer(rule: CiliumRule, query: DirectionQuery, ns: string | undefined): PeerCheck {
  const dir = query.direction === 'ingress' ? 'from' : 'to';
  const checks: PeerCheck[] = [];
  if (rule.endpoints) checks.push(checkEndpoints(rule, `${dir}Endpoints`, query, ns));
  if (rule.entities) checks.push(checkEntities(rule, `${dir}Entities`, query));
  if (rule.cidrs) checks.push(checkCidrs(rule, `${dir}CIDR`, query));
  if (rule.fqdns) checks.push(checkFqdns(rule, query));
  for (const f of rule.unmodelled)
    checks.push({ miss: `\`${f}\` is not modelled by this engine, so it selects nothing` });
  const hit = checks.find((c): c is { hit: string } => 'hit' in c);
  if (hit) return hit;
  return { miss: checks.map((c) => ('miss' in c ? c.miss : '')).join('; ') };
}

/**
 * Returns whether one Cilium rule matches the query. Cases:
 * 1. no peer field, no `toPorts`, no `icmps` (`{}`): matches nothing (unlike v1's allow-all);
 * 2. no peer field but `toPorts`: every peer, on those ports;
 * 3. peer fields: the peer must match one of them, and `toPorts` (when present) the port.
 */
// https://docs.cilium.io/en/stable/security/policy/language/
export function matchCiliumRule(
  rule: CiliumRule,
  query: DirectionQuery,
  ns: string | undefined,
  rangeOf: RangeOf,
): RuleOutcome {
  const at = displayPath(rule.path);
  const range = rangeOf(rule.path);
  if (!hasPeerFields(rule) && rule.toPorts === undefined && !rule.icmps) {
    return {
      matched: false,
      reason: {
        text: `${at} is an empty rule \`{}\`: in Cilium it selects no peer, so it allows nothing (in a NetworkPolicy \`{}\` would allow everything)`,
        ...(range && { range }),
      },
    };
  }
  const reasons: Reason[] = [];
  if (hasPeerFields(rule)) {
    const peer = checkPeer(rule, query, ns);
    if ('miss' in peer)
      return { matched: false, reason: { text: `${at}: ${peer.miss}`, ...(range && { range }) } };
    reasons.push({ text: `${at}: ${showEndpoint(query.peer)} matches ${peer.hit}`, ...(range && { range }) });
  } else {
    reasons.push({
      text: `${at} has no peer selector, so it applies to every peer`,
      ...(range && { range }),
    });
  }
  const flowPort = `${query.port}/${query.protocol}`;
  const portsRange = rangeOf(`${rule.path}.toPorts`);
  if (rule.toPorts) {
    const idx = rule.toPorts.findIndex((p) => ciliumPortRuleMatches(p, query));
    if (idx < 0) {
      return {
        matched: false,
        reason: {
          text: `${at}: port ${flowPort} not in toPorts ${describeToPorts(rule.toPorts)}`,
          ...(portsRange && { range: portsRange }),
        },
      };
    }
    const l7 = rule.toPorts[idx]?.hasOtherL7
      ? ' (its L7 rules then filter each request; not modelled here)'
      : '';
    reasons.push({
      text: `port ${flowPort} matches toPorts[${idx}]${l7}`,
      ...(portsRange && { range: portsRange }),
    });
  } else if (rule.icmps) {
    return {
      matched: false,
      reason: { text: `${at} only admits ICMP (\`icmps\`), not ${flowPort}`, ...(range && { range }) },
    };
  } else {
    reasons.push({ text: `${at} has no toPorts, so every port matches` });
  }
  return { matched: true, reasons };
}

/** Returns whether the rule's peer fields (L3) select the query's peer, without reasons. */
export function peerMatches(rule: CiliumRule, query: DirectionQuery, ns: string | undefined): boolean {
  const { peer } = query;
  if (rule.endpoints) {
    const labels = endpointLabels(peer);
    const reserved = rule.endpoints.some((sel) =>
      Object.keys(sel.matchLabels).some((k) => k.startsWith('reserved:')),
    );
    if (
      (peer.kind === 'pod' || reserved) &&
      rule.endpoints.some((sel) => selectorMatches(scopePeerSelector(sel, ns), labels))
    ) {
      return true;
    }
  }
  if (rule.entities?.some((e) => isCiliumEntity(e) && entityIncludes(e, peer))) return true;
  if (
    rule.cidrs &&
    peer.kind === 'external' &&
    peer.external.entity !== 'host' &&
    peer.external.entity !== 'remote-node'
  ) {
    const ips = peerIps(query);
    const hit = rule.cidrs.some((c) => {
      const block = cidrOf(c.cidr);
      return (
        block !== undefined &&
        ips.some(
          (ip) =>
            inCidr(block, ip) &&
            !c.except.some((e) => {
              const ex = cidrOf(e);
              return ex !== undefined && inCidr(ex, ip);
            }),
        )
      );
    });
    if (hit) return true;
  }
  if (rule.fqdns && peer.kind === 'external' && query.observedNames.length > 0) {
    const observed = new Set(query.observedNames.map(normalizeDnsName));
    const names = peer.external.dnsNames.filter((n) => observed.has(normalizeDnsName(n)));
    if (names.some((n) => rule.fqdns?.some((s) => matchesFqdnSelector(s, n)))) return true;
  }
  return false;
}

/** Returns whether one Cilium rule matches the query: the same cases as `matchCiliumRule`, without reasons. */
export function ciliumRuleMatches(rule: CiliumRule, query: DirectionQuery, ns: string | undefined): boolean {
  const peerFields = hasPeerFields(rule);
  if (rule.toPorts) {
    if (!rule.toPorts.some((p) => ciliumPortRuleMatches(p, query))) return false;
  } else if (rule.icmps || !peerFields) {
    return false;
  }
  return !peerFields || peerMatches(rule, query, ns);
}
