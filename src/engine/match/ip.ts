/** IPv4 and IPv6 addresses and CIDR blocks as bigints, for ipBlock and CIDR peers. */

import type { Cidr, Ip } from '../model/matchers.ts';

export type { Cidr, Ip };

const parsedIps = new Map<string, Ip | undefined>();
const PARSED_IPS_LIMIT = 20_000;

/**
 * Parses an IPv4 or IPv6 address; undefined when malformed. Remembered per text: every evaluation
 * of an ipBlock peer and every grouping of pods parses the same few addresses again.
 */
export function parseIp(text: string): Ip | undefined {
  // No address is longer than 45 characters: longer texts are malformed, and not kept.
  if (text.length > 64) return parseIpText(text);
  let ip = parsedIps.get(text);
  if (ip === undefined && !parsedIps.has(text)) {
    ip = parseIpText(text);
    if (parsedIps.size >= PARSED_IPS_LIMIT) parsedIps.clear();
    parsedIps.set(text, ip);
  }
  return ip;
}

function parseIpText(text: string): Ip | undefined {
  if (text.includes(':')) return parseIpv6(text);
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return { family: 4, value, v4: Number(value) };
}

function parseIpv6(text: string): Ip | undefined {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (`::ffff:10.0.0.1`) stands for the last two 16-bit groups.
    const v4 = parseIp(body.slice(lastColon + 1));
    if (v4?.family !== 4) return undefined;
    body = `${body.slice(0, lastColon + 1)}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(`0x${g}`));
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<bigint>(missing).fill(0n), ...tail];
  return { family: 6, value: all.reduce((acc, g) => (acc << 16n) | g, 0n) };
}

/** Parses `address/prefix`; undefined when malformed. Host bits may be set (as the API server accepts). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const shift = BigInt(bits - prefix);
  const base = (ip.value >> shift) << shift;
  return {
    family: ip.family,
    base,
    prefix,
    text,
    ...(ip.family === 4 ? { v4: { base: Number(base), size: 2 ** (32 - prefix) } } : {}),
  };
}

/** Whether the block contains the address. */
export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  if (cidr.family !== ip.family) return false;
  if (cidr.v4 && ip.v4 !== undefined) return ip.v4 >= cidr.v4.base && ip.v4 < cidr.v4.base + cidr.v4.size;
  const shift = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return ip.value >> shift === cidr.base >> shift;
}

/** Whether `inner` lies inside `outer` (equal blocks count). */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return (
    inner.family === outer.family &&
    inner.prefix >= outer.prefix &&
    cidrContains(outer, { family: inner.family, value: inner.base })
  );
}
