import type { FqdnSelector } from '../model/matchers.ts';

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
