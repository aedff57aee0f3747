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

/** One `rules.http[]` entry as written (empty strings read as absent). */
export interface CiliumHttpRule {
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly host: string | undefined;
  readonly headers: readonly string[];
  readonly headerMatches: readonly {
    readonly name: string;
    readonly value: string | undefined;
    /** `namespace/name` of the Secret, when one is named. */
    readonly secret: string | undefined;
    readonly mismatch: string | undefined;
  }[];
}

/** One `toPorts[]` entry: ports plus optional L7 rules. */
export interface CiliumPortRule {
  /** Empty means every port and protocol. */
  readonly ports: readonly CiliumPort[];
  /** `rules.dns`: the lookups the DNS proxy lets through (undefined when there is no DNS rule). */
  readonly dns: readonly FqdnSelector[] | undefined;
  /** `rules.http` with at least one entry (an empty list is no L7 rule at all); undefined otherwise. */
  readonly http: readonly CiliumHttpRule[] | undefined;
  /** The field of other L7 rules present (`kafka`, `l7proto`), enforced per message and not modelled. */
  readonly otherL7: string | undefined;
}
