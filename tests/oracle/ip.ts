/**
 * Address arithmetic for the oracle, written without the engine: an address is a family and a BigInt,
 * a block is a family, a base and a prefix length. Parsing is strict enough for generated and fixture
 * input (dotted quads; IPv6 with at most one `::`, hex groups, an optional dotted-quad tail).
 */

/** IP family of an address or block. */
export type Family = 4 | 6;

/** One address as a number. */
export interface Address {
  readonly family: Family;
  readonly value: bigint;
}

/** One CIDR block. */
export interface Block {
  readonly family: Family;
  readonly base: bigint;
  readonly prefix: number;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function parseQuad(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === '') return [];
  const groups: bigint[] = [];
  const parts = text.split(':');
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const quad = parseQuad(part);
      if (quad === undefined) return undefined;
      groups.push(quad >> 16n, quad & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) groups.push(BigInt(`0x${part}`));
    else return undefined;
  }
  return groups;
}

function parseSix(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<bigint>(missing).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** The address written in `text`, or undefined when it is not an IPv4 or IPv6 address. */
export function parseAddress(text: string): Address | undefined {
  if (text.includes(':')) {
    const value = parseSix(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseQuad(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** The block written in `text` (`a/n`, or a bare address as a single-address block), or undefined. */
export function parseBlock(text: string): Block | undefined {
  const [addressText = '', prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const address = parseAddress(addressText);
  if (!address) return undefined;
  const bits = BITS[address.family];
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  return { family: address.family, base: address.value >> BigInt(bits - prefix), prefix };
}

/** Whether `address` lies inside `block` (different families never match). */
export function inBlock(address: Address, block: Block): boolean {
  if (address.family !== block.family) return false;
  return address.value >> BigInt(BITS[block.family] - block.prefix) === block.base;
}

/** Whether `address` lies inside the block written as `cidr` and outside every block in `except`. */
export function inRange(address: Address, cidr: string, except: readonly string[] = []): boolean {
  const block = parseBlock(cidr);
  if (!block || !inBlock(address, block)) return false;
  return !except.some((text) => {
    const hole = parseBlock(text);
    return hole !== undefined && inBlock(address, hole);
  });
}

/** The address as text (IPv4 dotted, IPv6 as eight full groups), for reproductions and tests. */
export function formatAddress(address: Address): string {
  if (address.family === 4)
    return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n)
    groups.push(((address.value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}
