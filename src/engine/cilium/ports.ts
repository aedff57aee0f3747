import type { Protocol } from '../model/types.ts';
import type { DirectionQuery, EndpointView } from '../evaluate/target.ts';
import type { FqdnSelector } from './fqdn.ts';

/** Protocols a Cilium `toPorts[].ports[]` entry may name; only TCP, UDP, SCTP and ANY carry our flows. */
export const CILIUM_PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ANY', 'ICMP', 'ICMPv6', 'VRRP', 'IGMP'] as const;

/** One Cilium protocol value. */
export type CiliumProtocol = (typeof CILIUM_PROTOCOLS)[number];

/** One `toPorts[].ports[]` entry. */
export interface CiliumPort {
  /** A number, a named port, or undefined / `0` for every port. */
  readonly port: number | string | undefined;
  readonly endPort: number | undefined;
  /** Defaults to ANY. */
  readonly protocol: CiliumProtocol;
}

/** One `toPorts[]` entry: ports plus optional L7 rules. */
export interface CiliumPortRule {
  /** Empty means every port and protocol. */
  readonly ports: readonly CiliumPort[];
  /** `rules.dns`: the lookups the DNS proxy lets through (undefined when there is no DNS rule). */
  readonly dns: readonly FqdnSelector[] | undefined;
  /** Whether HTTP, Kafka or other L7 rules are present (enforced per request, not modelled). */
  readonly hasOtherL7: boolean;
}

function protocolCovers(protocol: CiliumProtocol, flow: Protocol): boolean {
  return protocol === 'ANY' || protocol === flow;
}

/** Returns the container port numbers a named port stands for on the destination, for a protocol. */
function namedPortNumbers(
  destination: EndpointView,
  name: string,
  protocol: CiliumProtocol,
  flow: Protocol,
): number[] {
  if (destination.kind !== 'pod') return [];
  return destination.pod.ports
    .filter((p) => p.name === name && p.protocol === flow && protocolCovers(protocol, p.protocol))
    .map((p) => p.containerPort);
}

/** Returns whether one port entry admits the query's port and protocol. */
// https://docs.cilium.io/en/stable/security/policy/language/#layer-4-examples
export function ciliumPortMatches(entry: CiliumPort, query: DirectionQuery): boolean {
  if (!protocolCovers(entry.protocol, query.protocol)) return false;
  const { port } = entry;
  if (port === undefined || port === 0 || port === '0') return true;
  if (typeof port === 'string') {
    if (/^\d+$/.test(port)) return numericMatch(Number(port), entry.endPort, query.port);
    return namedPortNumbers(query.destination, port, entry.protocol, query.protocol).includes(query.port);
  }
  return numericMatch(port, entry.endPort, query.port);
}

function numericMatch(start: number, endPort: number | undefined, port: number): boolean {
  const end = endPort !== undefined && endPort >= start ? endPort : start;
  return port >= start && port <= end;
}

/** Returns whether a port rule admits the query (an empty `ports` list admits everything). */
export function ciliumPortRuleMatches(rule: CiliumPortRule, query: DirectionQuery): boolean {
  return rule.ports.length === 0 || rule.ports.some((p) => ciliumPortMatches(p, query));
}

/** Returns a port entry as written, e.g. `443/TCP`, `8000-8080/ANY`, `dns/UDP`, `any port/TCP`. */
export function describeCiliumPort(entry: CiliumPort): string {
  const { port } = entry;
  const base =
    port === undefined || port === 0 || port === '0'
      ? 'any port'
      : entry.endPort !== undefined
        ? `${String(port)}-${String(entry.endPort)}`
        : String(port);
  return `${base}/${entry.protocol}`;
}

/** Returns the ports of a `toPorts` list, e.g. `[80/TCP, 443/TCP]`. */
export function describeToPorts(rules: readonly CiliumPortRule[]): string {
  const all = rules.flatMap((r) =>
    r.ports.length === 0 ? ['any port/ANY'] : r.ports.map(describeCiliumPort),
  );
  return `[${all.join(', ')}]`;
}
