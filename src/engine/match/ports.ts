import type { EndpointView } from '../model/endpoint.ts';
import type { NetworkPolicyPortSpec } from '../model/policy.ts';
import type { PortTest } from '../model/target.ts';
import type { Protocol } from '../model/types.ts';

/**
 * Returns the number a named port stands for on a destination: the container port with that name and the
 * flow's protocol (a name may map to different numbers on different pods). The one place named ports are
 * resolved, for every policy kind and for Services' `targetPort`.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicyspec (ports)
 */
export function resolveNamedPort(
  destination: EndpointView,
  name: string,
  protocol: Protocol,
): number | undefined {
  if (destination.kind !== 'pod') return undefined;
  for (const p of destination.pod.ports)
    if (p.name === name && p.protocol === protocol) return p.containerPort;
  return undefined;
}

/** Returns whether a port test admits the flow's port and protocol towards `destination`. */
export function portTestMatches(
  test: PortTest,
  port: number,
  protocol: Protocol,
  destination: EndpointView,
): boolean {
  if (test.protocol !== 'ANY' && test.protocol !== protocol) return false;
  switch (test.kind) {
    case 'any':
      return true;
    case 'range':
      return port >= test.start && port <= test.end;
    case 'named':
      return resolveNamedPort(destination, test.name, protocol) === port;
  }
}

/** Returns the index of the first test admitting the flow, or -1. */
export function findPort(
  tests: readonly PortTest[],
  port: number,
  protocol: Protocol,
  destination: EndpointView,
): number {
  for (let i = 0; i < tests.length; i++) {
    const test = tests[i];
    if (test && portTestMatches(test, port, protocol, destination)) return i;
  }
  return -1;
}

/** Compiles a NetworkPolicyPort; protocol defaults to TCP. https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource */
export function compileV1Port(spec: NetworkPolicyPortSpec, path: string): PortTest {
  const protocol = spec.protocol ?? 'TCP';
  if (spec.port === undefined || spec.port === null) return { kind: 'any', protocol, path };
  if (typeof spec.port === 'string') return { kind: 'named', protocol, name: spec.port, path };
  return { kind: 'range', protocol, start: spec.port, end: spec.endPort ?? spec.port, path };
}
