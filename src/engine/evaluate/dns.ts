import type { PodView } from '../model/endpoint.ts';
import { matchesFqdnPattern } from '../cilium/fqdn.ts';
import type { Analysis } from './analysis.ts';
import { classOf, isResolver } from './flow.ts';

/**
 * Whether a DNS pattern matches a name, as Cilium's DNS rules read them: exact names, `*` within
 * one label, a leading `**.` for one or more labels, `*` (or `*.`) alone for every name. One matcher
 * for `toFQDNs` and `toPorts[].rules.dns` (src/engine/cilium/fqdn.ts).
 * https://docs.cilium.io/en/stable/security/policy/language/#dns-based
 */
export function dnsPatternMatches(pattern: string, name: string): boolean {
  return matchesFqdnPattern(pattern, name);
}

/**
 * Names of the destination that `from` resolved through a DNS-aware egress rule towards the
 * resolver, so Cilium `toFQDNs` may match them. NetworkPolicy v1 has no DNS rules, so with v1 alone
 * this is always empty.
 */
export function dnsVisibleNames(analysis: Analysis, from: PodView, names: readonly string[]): string[] {
  const resolver = analysis.resolver;
  // A resolver looks names up itself: nothing passes Cilium's DNS proxy for it.
  if (!resolver || names.length === 0 || isResolver(from)) return [];
  const patterns: string[] = [];
  for (const target of classOf(analysis, from).selecting.egress)
    patterns.push(...(target.dnsPatterns?.(from, resolver, analysis.options) ?? []));
  return patterns.length === 0
    ? []
    : names.filter((name) => patterns.some((p) => dnsPatternMatches(p, name)));
}
