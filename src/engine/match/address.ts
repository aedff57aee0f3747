import { addressesOf, type EndpointView } from '../model/endpoint.ts';
import type { Cidr } from '../model/matchers.ts';
import type { DirectionQuery, PeerAddress, PeerTest } from '../model/target.ts';
import type { AddressUse, PeerHit, PeerMiss } from '../model/verdict.ts';
import { cidrContains, parseIp } from './ip.ts';

/**
 * Which addresses a connection uses: decision 0013. The destination uses its first address; the source
 * its first address of the destination address's family (its first address when it has none of that
 * family, or the destination has no address). Every CIDR peer of every kind tests only these.
 */

/** What a peer test reports when asked to explain itself (the matchers fill it only when given one). */
export interface PeerTrace {
  miss?: PeerMiss;
  hit?: PeerHit;
}

type Slots = readonly [PeerAddress | undefined, PeerAddress | undefined, PeerAddress | undefined];

const slotsCache = new WeakMap<EndpointView, Slots>();

/** Returns an endpoint's address slots (its first address, first IPv4, first IPv6), computed once per view. */
export function slotsOf(view: EndpointView): Slots {
  let slots = slotsCache.get(view);
  if (!slots) {
    let first: PeerAddress | undefined;
    let v4: PeerAddress | undefined;
    let v6: PeerAddress | undefined;
    addressesOf(view).forEach((text, i) => {
      const ip = parseIp(text);
      if (!ip) return;
      if (i === 0) first = { text, ip, slot: 0 };
      if (ip.family === 4) v4 ??= { text, ip, slot: 1 };
      else v6 ??= { text, ip, slot: 2 };
    });
    slots = [first, v4, v6];
    slotsCache.set(view, slots);
  }
  return slots;
}

/** Returns the slot a source uses towards a destination (rule 2 of decision 0013). */
export function sourceSlot(source: EndpointView, destination: EndpointView): 0 | 1 | 2 {
  const family = slotsOf(destination)[0]?.ip.family;
  const [, v4, v6] = slotsOf(source);
  if (family === 4 && v4) return 1;
  if (family === 6 && v6) return 2;
  return 0;
}

/** Returns the address of `view` in `slot`, or undefined when it has none. */
export function peerAddress(view: EndpointView, slot: 0 | 1 | 2): PeerAddress | undefined {
  return slotsOf(view)[slot];
}

/** Returns the addresses a connection from `source` to `destination` uses, with why each was chosen. */
export function flowAddresses(
  source: EndpointView,
  destination: EndpointView,
): { source?: AddressUse; destination?: AddressUse } {
  const use = (view: EndpointView, slot: 0 | 1 | 2): AddressUse | undefined => {
    const address = peerAddress(view, slot);
    if (!address) return undefined;
    const all = addressesOf(view);
    const choice =
      all.length === 1
        ? 'only'
        : address.text === all[0]
          ? 'first'
          : slot === 1
            ? 'first-ipv4'
            : 'first-ipv6';
    return { text: address.text, choice };
  };
  const to = use(destination, 0);
  const from = use(source, sourceSlot(source, destination));
  return { ...(from ? { source: from } : {}), ...(to ? { destination: to } : {}) };
}

/**
 * Returns whether the query's peer address lies in one of `cidrs` and in none of `except`. With a
 * trace, says which block it fell in or why not.
 */
export function matchAddress(
  cidrs: readonly Cidr[],
  except: readonly Cidr[],
  query: DirectionQuery,
  trace: PeerTrace | undefined,
  hitCode: 'address' | 'pod-address' = 'address',
): boolean {
  const address = query.peerAddress;
  if (!address) {
    if (trace) trace.miss = { code: 'no-address' };
    return false;
  }
  const block = cidrs.find((c) => cidrContains(c, address.ip));
  if (!block) {
    if (trace) trace.miss = { code: 'outside-cidr', cidrs: cidrs.map((c) => c.text) };
    return false;
  }
  const excepted = except.find((c) => cidrContains(c, address.ip));
  if (excepted) {
    if (trace) trace.miss = { code: 'excepted', cidr: block.text, except: excepted.text };
    return false;
  }
  if (trace) trace.hit = { code: hitCode, cidr: block.text };
  return true;
}

/** Returns whether a peer test's answer depends only on the peer's class and address slot (so it may be cached). */
export function cacheable(test: PeerTest): boolean {
  return test.kind !== 'cilium-fqdn';
}
