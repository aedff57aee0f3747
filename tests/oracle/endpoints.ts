/**
 * Endpoints as the oracle sees them: pods and external endpoints found by id, their addresses, the one
 * address pair of a connection (decision 0013), the DNS resolver (decision 0006), and what one direction
 * of a flow asks of the policies that apply to its subject.
 */
import type {
  Cluster,
  ExternalEndpoint,
  HttpRequest,
  Pod,
  Policy,
  Protocol,
} from '../../src/engine/index.ts';
import { parseAddress, type Address } from './ip.ts';

/** A pod or an external endpoint of the cluster. */
export type Endpoint =
  | { readonly kind: 'pod'; readonly id: string; readonly pod: Pod }
  | { readonly kind: 'external'; readonly id: string; readonly external: ExternalEndpoint };

/** A pod endpoint. */
export type PodEndpoint = Extract<Endpoint, { kind: 'pod' }>;

/** The endpoint with this id: a pod (`namespace/name`) or an external endpoint (its name); the first wins. */
export function findEndpoint(cluster: Cluster, id: string): Endpoint | undefined {
  const pod = cluster.pods.find((p) => `${p.namespace}/${p.name}` === id);
  if (pod) return { kind: 'pod', id, pod };
  const external = cluster.externals.find((e) => e.name === id);
  return external ? { kind: 'external', id, external } : undefined;
}

/** Every endpoint: pods, then external endpoints, first definitions only. */
export function allEndpoints(cluster: Cluster): Endpoint[] {
  const ids = [
    ...cluster.pods.map((p) => `${p.namespace}/${p.name}`),
    ...cluster.externals.map((e) => e.name),
  ];
  return [...new Set(ids)].flatMap((id) => {
    const found = findEndpoint(cluster, id);
    return found ? [found] : [];
  });
}

/** The endpoint's addresses in the order written (unparseable text is skipped). */
export function addressesOf(endpoint: Endpoint): Address[] {
  const texts = endpoint.kind === 'pod' ? endpoint.pod.ips : endpoint.external.ips;
  return texts.flatMap((text) => {
    const parsed = parseAddress(text);
    return parsed ? [parsed] : [];
  });
}

/**
 * The one address pair of a connection (decision 0013): the destination's first address, and the
 * source's first address of that family, else the source's first address.
 */
export function addressPair(
  source: Endpoint,
  destination: Endpoint,
): { source?: Address; destination?: Address } {
  const destinationAddress = addressesOf(destination)[0];
  const own = addressesOf(source);
  const sameFamily = destinationAddress && own.find((a) => a.family === destinationAddress.family);
  const sourceAddress = sameFamily ?? own[0];
  return {
    ...(sourceAddress ? { source: sourceAddress } : {}),
    ...(destinationAddress ? { destination: destinationAddress } : {}),
  };
}

/** The cluster resolver: the first pod labelled `k8s-app=kube-dns` in `kube-system`. */
/** Whether a pod is a DNS resolver (a kube-dns pod): it resolves names itself, with no lookup step of its own. */
export function isResolver(endpoint: Endpoint): boolean {
  return (
    endpoint.kind === 'pod' &&
    endpoint.pod.namespace === 'kube-system' &&
    endpoint.pod.labels['k8s-app'] === 'kube-dns'
  );
}

export function findResolver(cluster: Cluster): PodEndpoint | undefined {
  const pod = cluster.pods.find((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns');
  return pod ? { kind: 'pod', id: `${pod.namespace}/${pod.name}`, pod } : undefined;
}

/** The labels of a namespace (the automatic name label when the cluster does not list it). */
export function namespaceLabels(cluster: Cluster, name: string): Readonly<Record<string, string>> {
  return cluster.namespaces.find((n) => n.name === name)?.labels ?? { 'kubernetes.io/metadata.name': name };
}

/** What one direction of a flow asks of the policies of its subject. */
export interface DirectionQuery {
  readonly cluster: Cluster;
  readonly policies: readonly Policy[];
  readonly direction: 'ingress' | 'egress';
  /** Whose policies apply: the source for egress, the destination for ingress. */
  readonly subject: PodEndpoint;
  /** The other end. */
  readonly peer: Endpoint;
  /** The peer's address in the connection's address pair, if it has one. */
  readonly peerAddress?: Address;
  /** The destination of the connection, against whose container ports named ports resolve. */
  readonly destination: Endpoint;
  readonly port: number;
  readonly protocol: Protocol;
  readonly ipBlockMatchesPods: boolean;
  /** The HTTP request the connection carries (TCP only); undefined asks about the connection. */
  readonly http?: HttpRequest;
}

/** Whether a named port `name` (with `protocol`, or any protocol when undefined) is the flow's port on the destination pod. */
export function namedPortMatches(
  query: DirectionQuery,
  name: string,
  protocol: Protocol | undefined,
): boolean {
  if (query.destination.kind !== 'pod') return false;
  if (protocol !== undefined && protocol !== query.protocol) return false;
  return query.destination.pod.ports.some(
    (p) => p.name === name && p.protocol === query.protocol && p.containerPort === query.port,
  );
}
