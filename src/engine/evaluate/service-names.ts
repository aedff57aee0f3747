import type { EndpointId, Service } from '../model/types.ts';

/** The cluster domain the model assumes (kubelet's `--cluster-domain` default). */
export const CLUSTER_DOMAIN = 'cluster.local';

/** A Service named by one of its DNS names, and the fully qualified name its lookup asks for. */
export interface ServiceName {
  readonly service: Service;
  readonly fqdn: string;
}

/** Returns a Service's fully qualified DNS name, `name.namespace.svc.cluster.local`. */
export function serviceFqdn(service: Pick<Service, 'name' | 'namespace'>): string {
  return `${service.name}.${service.namespace}.svc.${CLUSTER_DOMAIN}`;
}

/**
 * Returns the Service a DNS name stands for, from a pod in namespace `near` (undefined: only qualified
 * names resolve). A Service `s` of namespace `n` answers to `s.n.svc.cluster.local`, `s.n.svc` and `s.n`
 * through the pod's search list (`<own namespace>.svc.cluster.local svc.cluster.local cluster.local`), and
 * to the bare `s` from pods of `n`. Names compare case-insensitively; a trailing dot marks a full name.
 * https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#namespaces-of-services
 */
export function serviceByDnsName(
  name: string,
  near: string | undefined,
  service: (id: EndpointId) => Service | undefined,
): ServiceName | undefined {
  const absolute = name.endsWith('.');
  const labels = (absolute ? name.slice(0, -1) : name).toLowerCase().split('.');
  if (labels.some((l) => l === '')) return undefined;
  const domain = CLUSTER_DOMAIN.split('.');
  const tail = labels.slice(2).join('.');
  let found: Service | undefined;
  if (labels.length === 2 + 1 + domain.length && tail === `svc.${CLUSTER_DOMAIN}`)
    found = service(`${labels[1]}/${labels[0]}`);
  else if (absolute) return undefined;
  else if (labels.length === 3 && tail === 'svc') found = service(`${labels[1]}/${labels[0]}`);
  else if (labels.length === 2) found = service(`${labels[1]}/${labels[0]}`);
  else if (labels.length === 1 && near !== undefined) found = service(`${near}/${labels[0]}`);
  return found ? { service: found, fqdn: serviceFqdn(found) } : undefined;
}
