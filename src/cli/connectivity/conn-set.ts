import { PROTOCOLS, type Protocol } from '../../engine/index.ts';
import type { PortInterval } from './port-intervals.ts';

/** A set of connections: per protocol, sorted disjoint port ranges (`[start, end]`, merged when adjacent). */
export type ConnSet = Readonly<Record<Protocol, readonly (readonly [number, number])[]>>;

/** The empty set. */
export const NO_CONNECTIONS: ConnSet = { TCP: [], UDP: [], SCTP: [] };

/** Returns the connections made of the intervals `keep` accepts (intervals in port order per protocol). */
export function connSetOf(intervals: readonly PortInterval[], keep: (index: number) => boolean): ConnSet {
  const out: Record<Protocol, [number, number][]> = { TCP: [], UDP: [], SCTP: [] };
  intervals.forEach((interval, i) => {
    if (!keep(i)) return;
    const ranges = out[interval.protocol];
    const last = ranges[ranges.length - 1];
    if (last && last[1] + 1 === interval.start) last[1] = interval.end;
    else ranges.push([interval.start, interval.end]);
  });
  return out;
}

/** Whether the set holds no connection. */
export function isEmpty(set: ConnSet): boolean {
  return PROTOCOLS.every((p) => set[p].length === 0);
}

/** Whether the set holds every port of every protocol. */
export function isAll(set: ConnSet): boolean {
  return PROTOCOLS.every((p) => set[p].length === 1 && set[p][0]?.[0] === 1 && set[p][0][1] === 65535);
}

/** Whether two sets hold the same connections. */
export function sameConnections(a: ConnSet, b: ConnSet): boolean {
  return connText(a) === connText(b);
}

/**
 * The set as np-guard writes it: `All Connections`, `No Connections`, or protocols in alphabetical order
 * with their ports, `SCTP 9003,TCP 1-79,81-65535`.
 */
export function connText(set: ConnSet): string {
  if (isAll(set)) return 'All Connections';
  if (isEmpty(set)) return 'No Connections';
  return [...PROTOCOLS]
    .sort()
    .filter((p) => set[p].length > 0)
    .map((p) => `${p} ${set[p].map(([s, e]) => (s === e ? `${s}` : `${s}-${e}`)).join(',')}`)
    .join(',');
}
