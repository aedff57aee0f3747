import { parseIp } from '../match/ip.ts';

/**
 * The smallest CIDR blocks covering some addresses when there are more than a rule should list: blocks
 * whose merge costs the fewest extra addresses are merged first, until at most `limit` blocks are left
 * (per address family). Below the limit each address is its own /32 (/128).
 */

interface Block {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
}

const bitsOf = (family: 4 | 6): number => (family === 4 ? 32 : 128);

function text(b: Block): string {
  if (b.family === 4) {
    const v = Number(b.base);
    return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}/${b.prefix}`;
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((b.base >> BigInt(i * 16)) & 0xffffn).toString(16));
  // The longest run of zero groups becomes `::` (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const joined =
    best < 0
      ? groups.join(':')
      : `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
  return `${joined}/${b.prefix}`;
}

/** The smallest block holding both. */
function cover(a: Block, b: Block): Block {
  const bits = bitsOf(a.family);
  let prefix = Math.min(a.prefix, b.prefix);
  while (prefix > 0 && a.base >> BigInt(bits - prefix) !== b.base >> BigInt(bits - prefix)) prefix--;
  const shift = BigInt(bits - prefix);
  return { family: a.family, base: (a.base >> shift) << shift, prefix };
}

const size = (b: Block): bigint => 1n << BigInt(bitsOf(b.family) - b.prefix);

function within(inner: Block, outer: Block): boolean {
  const shift = BigInt(bitsOf(outer.family) - outer.prefix);
  return inner.prefix >= outer.prefix && inner.base >> shift === outer.base >> shift;
}

function coverFamily(blocks: Block[], limit: number): Block[] {
  const list = [...blocks].sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  while (list.length > limit) {
    let best = 0;
    let bestCost: bigint | undefined;
    for (let i = 0; i + 1 < list.length; i++) {
      const a = list[i] as Block;
      const b = list[i + 1] as Block;
      const cost = size(cover(a, b)) - size(a) - size(b);
      if (bestCost === undefined || cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    const merged = cover(list[best] as Block, list[best + 1] as Block);
    let end = best + 2;
    while (end < list.length && within(list[end] as Block, merged)) end++;
    let start = best;
    while (start > 0 && within(list[start - 1] as Block, merged)) start--;
    list.splice(start, end - start, merged);
  }
  return list;
}

/** What covering found: the CIDRs, and how many addresses they admit beyond the ones given. */
export interface Covering {
  readonly cidrs: readonly string[];
  /** Addresses the blocks admit that were not given (0 when every address has its own block). */
  readonly extra: bigint;
  /** Distinct valid addresses given. */
  readonly addresses: number;
}

/** Returns `/32` (`/128`) blocks for the addresses, or at most `limit` covering blocks per family past it. */
export function coverAddresses(addresses: readonly string[], limit: number): Covering {
  const seen = new Map<string, Block>();
  for (const a of addresses) {
    const ip = parseIp(a);
    if (!ip) continue;
    const block: Block = { family: ip.family, base: ip.value, prefix: bitsOf(ip.family) };
    seen.set(`${ip.family}|${ip.value}`, block);
  }
  const all = [...seen.values()];
  const out: Block[] = [];
  for (const family of [4, 6] as const)
    out.push(
      ...coverFamily(
        all.filter((b) => b.family === family),
        Math.max(1, limit),
      ),
    );
  const total = out.reduce((n, b) => n + size(b), 0n);
  return { cidrs: out.map(text), extra: total - BigInt(all.length), addresses: all.length };
}
