import type { NetworkPolicyPortSpec } from '../model/policy.ts';
import type { Protocol, SourceRange } from '../model/types.ts';
import type { EndpointView } from '../evaluate/target.ts';

/** One compiled `ports` item. */
export type PortMatcher =
  /** `port` omitted: every port of the protocol. */
  | { readonly kind: 'protocol'; readonly protocol: Protocol; readonly range?: SourceRange }
  /** A number, or a range `port`..`endPort`. */
  | {
      readonly kind: 'number';
      readonly protocol: Protocol;
      readonly port: number;
      readonly endPort: number;
      readonly range?: SourceRange;
    }
  /** A container port name, resolved against the destination pod. */
  | {
      readonly kind: 'named';
      readonly protocol: Protocol;
      readonly name: string;
      readonly range?: SourceRange;
    };

/** Compiles a NetworkPolicyPort; protocol defaults to TCP. https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource */
export function compilePort(spec: NetworkPolicyPortSpec, range?: SourceRange): PortMatcher {
  const protocol = spec.protocol ?? 'TCP';
  const at = range ? { range } : {};
  if (spec.port === undefined || spec.port === null) return { kind: 'protocol', protocol, ...at };
  if (typeof spec.port === 'string') return { kind: 'named', protocol, name: spec.port, ...at };
  return { kind: 'number', protocol, port: spec.port, endPort: spec.endPort ?? spec.port, ...at };
}

/** Readable form: `80/TCP`, `8000-8080/TCP`, `http/TCP`, `any port/UDP`. */
export function portText(matcher: PortMatcher): string {
  switch (matcher.kind) {
    case 'protocol':
      return `any port/${matcher.protocol}`;
    case 'number':
      return `${matcher.endPort === matcher.port ? matcher.port : `${matcher.port}-${matcher.endPort}`}/${matcher.protocol}`;
    case 'named':
      return `${matcher.name}/${matcher.protocol}`;
  }
}

/**
 * Whether the flow's port matches. Named ports resolve against the destination pod's container
 * ports with the same protocol; an external destination has no named ports.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicyspec (ports)
 */
export function portMatches(
  matcher: PortMatcher,
  port: number,
  protocol: Protocol,
  destination: EndpointView,
): boolean {
  if (matcher.protocol !== protocol) return false;
  switch (matcher.kind) {
    case 'protocol':
      return true;
    case 'number':
      return port >= matcher.port && port <= matcher.endPort;
    case 'named':
      if (destination.kind !== 'pod') return false;
      return destination.pod.ports.some(
        (p) => p.name === matcher.name && p.protocol === protocol && p.containerPort === port,
      );
  }
}
