import type { Analysis, Cluster, ExternalEndpoint, PolicyTarget } from '../../engine/index.ts';

/** A CIDR a policy mentions, as the engine compiled it. */
export type Cidr = PolicyTarget['cidrs'][number];

/** A range of addresses outside the cluster that every policy treats alike. */
export interface OutsideRange {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

const SPACE: Readonly<Record<4 | 6, bigint>> = { 4: 1n << 32n, 6: 1n << 128n };

/**
 * Splits the address space into the ranges the policies' CIDRs (with their `except` blocks) tell apart
 * (decision 0081): IPv4 always, IPv6 only when a policy names an IPv6 CIDR. Every CIDR peer of every
 * kind holds either all or none of a range, so one address of a range decides for all of it.
 */
export function outsideRanges(cidrs: readonly Cidr[]): OutsideRange[] {
  const families: (4 | 6)[] = cidrs.some((c) => c.family === 6) ? [4, 6] : [4];
  return families.flatMap((family) => {
    const bits = family === 4 ? 32n : 128n;
    const cuts = new Set<bigint>([0n, SPACE[family]]);
    for (const c of cidrs)
      if (c.family === family) {
        cuts.add(c.base);
        cuts.add(c.base + (1n << (bits - BigInt(c.prefix))));
      }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return sorted.slice(1).map((end, i) => ({ family, first: sorted[i] ?? 0n, last: end - 1n }));
  });
}

/** Every CIDR the analysis's policies mention. */
export function policyCidrs(analysis: Analysis): Cidr[] {
  return analysis.targets.flatMap((t) => t.cidrs);
}

/** An address as text: dotted IPv4, or IPv6 with the longest run of zero groups shortened (RFC 5952). */
export function addressText(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** A range's name, as np-guard writes it: `first-last` (`0.0.0.0-255.255.255.255`). */
export function rangeName(range: OutsideRange): string {
  return `${addressText(range.family, range.first)}-${addressText(range.family, range.last)}`;
}

/** The cluster with one external endpoint per outside range, named by its range, at its first address. */
export function withOutside(cluster: Cluster, ranges: readonly OutsideRange[]): Cluster {
  const externals: ExternalEndpoint[] = ranges.map((r) => ({
    name: rangeName(r),
    ips: [addressText(r.family, r.first)],
    dnsNames: [],
    entity: 'world',
  }));
  return { ...cluster, externals: [...cluster.externals, ...externals] };
}
